"""Real idempotency stores: a SQLite file and the local PostgreSQL server (own schema per test, dropped after)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import psycopg
import pytest
from idempotency_backends import POSTGRES_URL, StoreFactory
from psycopg import sql

from workers.runtime import IdempotencyStore, PostgresIdempotencyStore, SqliteIdempotencyStore


def _postgres_reachable() -> str | None:
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return None
    except psycopg.Error as error:
        return f"PostgreSQL at {POSTGRES_URL} unreachable: {error}"


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    """A fresh schema name; the schema is dropped after the test."""
    problem = _postgres_reachable()
    if problem:
        pytest.skip(problem)
    schema = f"fleet_test_{uuid.uuid4().hex[:12]}"
    yield schema
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture(params=["sqlite", "postgres"])
async def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[StoreFactory]:
    """Opens stores sharing one database (so several stores act as several pods)."""
    opened: list[IdempotencyStore] = []
    if request.param == "postgres":
        schema = request.getfixturevalue("postgres_schema")

        async def factory() -> IdempotencyStore:
            store = await PostgresIdempotencyStore.open(POSTGRES_URL, schema=schema)
            opened.append(store)
            return store
    else:
        path = tmp_path / "idempotency.sqlite3"

        async def factory() -> IdempotencyStore:
            store = SqliteIdempotencyStore(path)
            opened.append(store)
            return store

    yield factory
    for store in opened:
        await store.close()
