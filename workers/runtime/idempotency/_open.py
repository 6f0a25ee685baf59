"""Open the idempotency store a database URL names."""

from __future__ import annotations

from workers.runtime.idempotency._store import IdempotencyStore
from workers.runtime.idempotency.postgres import PostgresIdempotencyStore
from workers.runtime.idempotency.sqlite import SqliteIdempotencyStore

__all__ = ["open_idempotency_store"]

_SQLITE_PREFIX = "sqlite:///"
_POSTGRES_PREFIXES = ("postgresql://", "postgres://")


async def open_idempotency_store(
    url: str, *, table: str = "fleet_idempotency", schema: str | None = None
) -> IdempotencyStore:
    """``sqlite:///path/to/file.sqlite3`` (``sqlite:///:memory:``) or ``postgresql://user@host/db``."""
    if url.startswith(_SQLITE_PREFIX):
        return SqliteIdempotencyStore(url.removeprefix(_SQLITE_PREFIX), table=table)
    if url.startswith(_POSTGRES_PREFIXES):
        return await PostgresIdempotencyStore.open(url, schema=schema, table=table)
    raise ValueError("database URL must start with sqlite:/// or postgresql://")
