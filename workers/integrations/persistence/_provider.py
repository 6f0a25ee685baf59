"""Open the fleet database once, on first use, and hand the same instance to every job."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from workers.integrations.persistence._database import FleetDatabase

__all__ = ["DatabaseProvider"]


class DatabaseProvider:
    """Opens (and migrates) the database on the first :meth:`get`; a failed open is retried on the next call.

    The fleet runtime has no start-up hook for integrations, so the first job of a process runs the
    migrations; ``python -m workers.integrations.persistence upgrade`` runs them ahead of time.
    """

    def __init__(
        self, opener: Callable[[], Awaitable[FleetDatabase]] = FleetDatabase.from_environment
    ) -> None:
        self._opener = opener
        self._database: FleetDatabase | None = None
        self._lock = asyncio.Lock()

    async def get(self) -> FleetDatabase:
        """The open database."""
        if self._database is not None:
            return self._database
        async with self._lock:
            if self._database is None:
                self._database = await self._opener()
            return self._database

    async def close(self) -> None:
        """Close the database if it was opened; the next :meth:`get` opens it again."""
        async with self._lock:
            database, self._database = self._database, None
        if database is not None:
            await database.close()
