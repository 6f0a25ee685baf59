"""PostgreSQL idempotency store: the fleet's shared store (many pods, real concurrency).

Every operation is one statement; atomicity comes from the primary key and ``ON CONFLICT``, and lease times
come from the database clock, so pods with skewed clocks still agree.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from psycopg import sql
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool

from workers.runtime.idempotency._store import (
    AlreadyRecorded,
    Claimed,
    ClaimResult,
    HeldElsewhere,
    RecordedOutcome,
)

__all__ = ["PostgresIdempotencyStore"]

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class PostgresIdempotencyStore:
    """Keys in one table (``schema.table``), reached through a psycopg 3 async connection pool.

    Create with :meth:`open`, which also creates the table if it does not exist.
    """

    def __init__(self, pool: AsyncConnectionPool, *, table: sql.Composable, table_name: str) -> None:
        self._pool = pool
        self._table = table
        self._table_name = table_name

    @classmethod
    async def open(
        cls,
        conninfo: str,
        *,
        schema: str | None = None,
        table: str = "fleet_idempotency",
        max_connections: int = 10,
    ) -> PostgresIdempotencyStore:
        """Connect, create the schema objects if needed, and return the store."""
        for name in (table, schema):
            if name is not None and not _IDENTIFIER.match(name):
                raise ValueError(f"invalid SQL identifier {name!r}")
        qualified = sql.Identifier(schema, table) if schema else sql.Identifier(table)
        pool = AsyncConnectionPool(
            conninfo, min_size=1, max_size=max_connections, open=False, kwargs={"autocommit": True}
        )
        await pool.open(wait=True, timeout=30)
        store = cls(pool, table=qualified, table_name=table)
        try:
            await store._create_table(schema)
        except BaseException:
            await pool.close()
            raise
        return store

    async def _create_table(self, schema: str | None) -> None:
        async with self._pool.connection() as connection, connection.transaction():
            # Serialise concurrent first starts of many pods: CREATE ... IF NOT EXISTS can still race.
            await connection.execute("SELECT pg_advisory_xact_lock(hashtext('fleet_idempotency_schema'))")
            if schema:
                await connection.execute(
                    sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema))
                )
            await connection.execute(
                sql.SQL(
                    "CREATE TABLE IF NOT EXISTS {} ("
                    " key text PRIMARY KEY,"
                    " state text NOT NULL CHECK (state IN ('claimed', 'recorded')),"
                    " owner text NOT NULL,"
                    " lease_until timestamptz NOT NULL,"
                    " outcome jsonb,"
                    " created_at timestamptz NOT NULL,"
                    " updated_at timestamptz NOT NULL)"
                ).format(self._table)
            )
            await connection.execute(
                sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (updated_at)").format(
                    sql.Identifier(f"{self._table_name}_updated_at"), self._table
                )
            )

    async def claim(self, key: str, *, owner: str, lease: timedelta) -> ClaimResult:
        """Claim ``key``; see :class:`~workers.runtime.idempotency.IdempotencyStore`."""
        claim = sql.SQL(
            "INSERT INTO {t} AS t (key, state, owner, lease_until, outcome, created_at, updated_at) "
            "VALUES (%s, 'claimed', %s, now() + %s, NULL, now(), now()) "
            "ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until, "
            "updated_at = excluded.updated_at "
            "WHERE t.state = 'claimed' AND t.lease_until <= excluded.updated_at "
            "RETURNING t.created_at <> t.updated_at"
        ).format(t=self._table)
        lookup = sql.SQL("SELECT state, owner, lease_until, outcome FROM {} WHERE key = %s").format(
            self._table
        )
        while True:
            async with self._pool.connection() as connection:
                cursor = await connection.execute(claim, (key, owner, lease))
                row = await cursor.fetchone()
                if row is not None:
                    return Claimed(taken_over=bool(row[0]))
                cursor = await connection.execute(lookup, (key,))
                existing = await cursor.fetchone()
            result = _existing_claim(existing)
            if result is not None:
                return result

    async def record(self, key: str, *, owner: str, outcome: RecordedOutcome) -> bool:
        """Record ``outcome`` if ``owner`` still holds ``key``."""
        statement = sql.SQL(
            "UPDATE {} SET state = 'recorded', outcome = %s, updated_at = now() "
            "WHERE key = %s AND owner = %s AND state = 'claimed'"
        ).format(self._table)
        async with self._pool.connection() as connection:
            cursor = await connection.execute(statement, (Jsonb(outcome.to_document()), key, owner))
            return cursor.rowcount == 1

    async def release(self, key: str, *, owner: str) -> None:
        """Drop ``owner``'s claim on ``key``."""
        statement = sql.SQL("DELETE FROM {} WHERE key = %s AND owner = %s AND state = 'claimed'").format(
            self._table
        )
        async with self._pool.connection() as connection:
            await connection.execute(statement, (key, owner))

    async def purge(self, *, older_than: timedelta) -> int:
        """Delete old outcomes and long-expired claims."""
        statement = sql.SQL(
            "DELETE FROM {} WHERE (state = 'recorded' AND updated_at < now() - %s) "
            "OR (state = 'claimed' AND lease_until < now() - %s)"
        ).format(self._table)
        async with self._pool.connection() as connection:
            cursor = await connection.execute(statement, (older_than, older_than))
            return cursor.rowcount

    async def ping(self) -> None:
        """Run a trivial query."""
        async with self._pool.connection() as connection:
            await connection.execute("SELECT 1")

    async def close(self) -> None:
        """Close the pool."""
        await self._pool.close()


def _existing_claim(row: Any) -> ClaimResult | None:
    # None means the row vanished between the two statements (purged): the caller claims again.
    if row is None:
        return None
    state, owner, lease_until, outcome = row
    if state == "recorded":
        return AlreadyRecorded(RecordedOutcome.from_document(outcome))
    return HeldElsewhere(owner=owner, lease_until=lease_until)
