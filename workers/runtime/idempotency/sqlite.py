"""SQLite idempotency store: the embedded default (one host; several processes may share the file)."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from workers.runtime.idempotency._store import (
    AlreadyRecorded,
    Claimed,
    ClaimResult,
    HeldElsewhere,
    RecordedOutcome,
)

__all__ = ["SqliteIdempotencyStore"]

T = TypeVar("T")
_TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class SqliteIdempotencyStore:
    """Keys in one SQLite table; atomic claims with ``INSERT ... ON CONFLICT DO UPDATE ... WHERE``.

    Timestamps are epoch seconds from this host's clock, which every process on the host shares.
    ``":memory:"`` gives a private in-memory store (tests, :mod:`workers.testing`).
    """

    def __init__(
        self, path: str | Path, *, table: str = "fleet_idempotency", clock: Callable[[], float] = time.time
    ) -> None:
        if not _TABLE_NAME.match(table):
            raise ValueError(f"invalid table name {table!r}")
        self._table = table
        self._clock = clock
        self._lock = threading.Lock()
        location = str(path)
        if location != ":memory:":
            Path(location).parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(
            location, isolation_level=None, check_same_thread=False, timeout=30
        )
        with self._lock:
            if location != ":memory:":
                self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute(
                f"CREATE TABLE IF NOT EXISTS {table} ("
                " key TEXT PRIMARY KEY,"
                " state TEXT NOT NULL CHECK (state IN ('claimed', 'recorded')),"
                " owner TEXT NOT NULL,"
                " lease_until REAL NOT NULL,"
                " outcome TEXT,"
                " created_at REAL NOT NULL,"
                " updated_at REAL NOT NULL)"
            )
            self._connection.execute(f"CREATE INDEX IF NOT EXISTS {table}_updated_at ON {table} (updated_at)")

    async def _run(self, operation: Callable[[sqlite3.Connection], T]) -> T:
        def locked() -> T:
            with self._lock:
                return operation(self._connection)

        return await asyncio.to_thread(locked)

    async def claim(self, key: str, *, owner: str, lease: timedelta) -> ClaimResult:
        """Claim ``key``; see :class:`~workers.runtime.idempotency.IdempotencyStore`."""

        def claim(connection: sqlite3.Connection) -> ClaimResult | None:
            now = self._clock()
            row = connection.execute(
                f"INSERT INTO {self._table} (key, state, owner, lease_until, outcome, created_at, updated_at) "
                "VALUES (?, 'claimed', ?, ?, NULL, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until, "
                "updated_at = excluded.updated_at "
                f"WHERE {self._table}.state = 'claimed' AND {self._table}.lease_until <= excluded.updated_at "
                "RETURNING created_at",
                (key, owner, now + lease.total_seconds(), now, now),
            ).fetchone()
            if row is not None:
                return Claimed(taken_over=row[0] != now)
            existing = connection.execute(
                f"SELECT state, owner, lease_until, outcome FROM {self._table} WHERE key = ?", (key,)
            ).fetchone()
            return _existing_claim(existing)

        while True:
            result = await self._run(claim)
            if result is not None:
                return result

    async def record(self, key: str, *, owner: str, outcome: RecordedOutcome) -> bool:
        """Record ``outcome`` if ``owner`` still holds ``key``."""

        def record(connection: sqlite3.Connection) -> bool:
            cursor = connection.execute(
                f"UPDATE {self._table} SET state = 'recorded', outcome = ?, updated_at = ? "
                "WHERE key = ? AND owner = ? AND state = 'claimed'",
                (outcome.to_json(), self._clock(), key, owner),
            )
            return cursor.rowcount == 1

        return await self._run(record)

    async def release(self, key: str, *, owner: str) -> None:
        """Drop ``owner``'s claim on ``key``."""
        await self._run(
            lambda connection: connection.execute(
                f"DELETE FROM {self._table} WHERE key = ? AND owner = ? AND state = 'claimed'", (key, owner)
            )
        )

    async def purge(self, *, older_than: timedelta) -> int:
        """Delete old outcomes and long-expired claims."""

        def purge(connection: sqlite3.Connection) -> int:
            cutoff = self._clock() - older_than.total_seconds()
            cursor = connection.execute(
                f"DELETE FROM {self._table} WHERE (state = 'recorded' AND updated_at < ?) "
                "OR (state = 'claimed' AND lease_until < ?)",
                (cutoff, cutoff),
            )
            return cursor.rowcount

        return await self._run(purge)

    async def ping(self) -> None:
        """Run a trivial query."""
        await self._run(lambda connection: connection.execute("SELECT 1").fetchone())

    async def close(self) -> None:
        """Close the connection."""
        await self._run(lambda connection: connection.close())


def _existing_claim(row: Any) -> ClaimResult | None:
    # None means the row vanished between the two statements (purged): the caller claims again.
    if row is None:
        return None
    state, owner, lease_until, outcome = row
    if state == "recorded":
        return AlreadyRecorded(RecordedOutcome.from_json(outcome))
    return HeldElsewhere(owner=owner, lease_until=datetime.fromtimestamp(lease_until, tz=UTC))
