"""Fleet databases for the persistence tests: a fresh SQLite file, and a fresh schema on the local PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import psycopg
import pytest

from workers.integrations.persistence import FleetDatabase

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def _postgres_unreachable_reason() -> str | None:
    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg.Error as error:
        return f"PostgreSQL at {POSTGRES_URL} is unreachable ({type(error).__name__}: {error})"
    return None


def _drop_schema(schema: str) -> None:
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def postgres_url() -> str:
    """The local PostgreSQL (trust auth); pair with ``postgres_schema``, which skips when it is unreachable."""
    return POSTGRES_URL


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite file in a folder that does not exist yet (the database creates it)."""
    return f"sqlite:///{tmp_path / 'data' / 'fleet.sqlite3'}"


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    """A unique schema on the local PostgreSQL, dropped afterwards; skips when PostgreSQL is unreachable."""
    reason = _postgres_unreachable_reason()
    if reason is not None:
        pytest.skip(reason)
    schema = f"fleet_db_test_{uuid.uuid4().hex[:12]}"
    try:
        yield schema
    finally:
        _drop_schema(schema)


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[FleetDatabase]:
    """A migrated fleet database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        opened = await FleetDatabase.open(f"sqlite:///{tmp_path / 'fleet.sqlite3'}")
    else:
        schema: str = request.getfixturevalue("postgres_schema")
        opened = await FleetDatabase.open(POSTGRES_URL, schema=schema)
    try:
        yield opened
    finally:
        await opened.close()
