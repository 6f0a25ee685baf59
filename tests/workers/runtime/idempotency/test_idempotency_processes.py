"""Several OS processes claim the same key at the same moment: exactly one wins (SQLite file, PostgreSQL)."""

from __future__ import annotations

import asyncio
import multiprocessing
from datetime import timedelta
from pathlib import Path
from typing import Any

from idempotency_backends import POSTGRES_URL

from workers.runtime.idempotency import (
    Claimed,
    IdempotencyStore,
    PostgresIdempotencyStore,
    SqliteIdempotencyStore,
)

PROCESSES = 3


async def _claim_once(backend: str, location: str, owner: str) -> str:
    store: IdempotencyStore
    if backend == "sqlite":
        store = SqliteIdempotencyStore(location)
    else:
        store = await PostgresIdempotencyStore.open(POSTGRES_URL, schema=location, max_connections=1)
    try:
        result = await store.claim("shared-key", owner=owner, lease=timedelta(minutes=5))
        return "won" if isinstance(result, Claimed) else "lost"
    finally:
        await store.close()


def _contender(backend: str, location: str, owner: str, start: Any, results: Any) -> None:
    start.wait()
    results.put(asyncio.run(_claim_once(backend, location, owner)))


def _race(backend: str, location: str) -> list[str]:
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(PROCESSES)
    results = context.Queue()
    processes = [
        context.Process(target=_contender, args=(backend, location, f"pod-{index}", start, results))
        for index in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    return sorted(outcomes)


def test_sqlite_file_shared_by_processes(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    SqliteIdempotencyStore(path)  # create the table before the race
    assert _race("sqlite", str(path)) == ["lost"] * (PROCESSES - 1) + ["won"]


def test_postgres_shared_by_processes(postgres_schema: str) -> None:
    async def create_table() -> None:
        store = await PostgresIdempotencyStore.open(POSTGRES_URL, schema=postgres_schema)
        await store.close()

    asyncio.run(create_table())
    assert _race("postgres", postgres_schema) == ["lost"] * (PROCESSES - 1) + ["won"]
