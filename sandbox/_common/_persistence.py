"""Durable emulator state: one JSON snapshot per emulator in an SQLite file, saved whenever it changed.

Why SQLite and whole snapshots: each save is one transaction (a crash leaves the previous snapshot or the new
one, never half of one), the file holds every emulator of a sandbox, and the emulators only need to say what
their state is (:meth:`Emulator.export_state` / :meth:`Emulator.import_state`), not track what changed.
The journal is WAL with ``synchronous=NORMAL``: a committed save survives the process being killed; only an
operating-system crash may lose the last saves (a dev sandbox, not a bank).
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sandbox._common._emulator import Emulator

__all__ = ["StateFile", "StateKeeper"]

_log = logging.getLogger("sandbox.state")


class StateFile:
    """An SQLite database holding the latest snapshot of each emulator (``api -> format, JSON``)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._connection = sqlite3.connect(path, isolation_level=None)
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA synchronous=NORMAL")
        self._connection.execute(
            "CREATE TABLE IF NOT EXISTS emulator_state ("
            " api TEXT PRIMARY KEY, format INTEGER NOT NULL, snapshot TEXT NOT NULL, saved_at TEXT NOT NULL)"
        )

    def load(self, api: str) -> tuple[int, str] | None:
        """The stored (format, snapshot JSON) of ``api``, or None."""
        row = self._connection.execute(
            "SELECT format, snapshot FROM emulator_state WHERE api = ?", (api,)
        ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def save(self, api: str, state_format: int, snapshot: str) -> None:
        """Replace the snapshot of ``api`` (one transaction)."""
        self._connection.execute(
            "INSERT INTO emulator_state (api, format, snapshot, saved_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (api) DO UPDATE SET format = excluded.format, snapshot = excluded.snapshot,"
            " saved_at = excluded.saved_at",
            (api, state_format, snapshot, datetime.now(UTC).isoformat()),
        )

    def close(self) -> None:
        """Close the database."""
        self._connection.close()


class StateKeeper:
    """Restores the emulators from a :class:`StateFile` and saves each one whose snapshot changed."""

    def __init__(self, state_file: StateFile, emulators: Mapping[str, Emulator]) -> None:
        self.state_file = state_file
        self._emulators = dict(emulators)
        self._saved: dict[str, str] = {}

    def restore(self) -> list[str]:
        """Load every stored snapshot into its emulator; the names restored.

        A snapshot of another format or one the emulator rejects is skipped with a warning: that emulator
        starts from its seeded state (and its next save replaces the old snapshot).
        """
        restored = []
        for api, emulator in self._emulators.items():
            stored = self.state_file.load(api)
            if stored is None:
                continue
            state_format, text = stored
            if state_format != emulator.state_format:
                _log.warning(
                    "%s: stored state has format %s, this emulator reads %s; starting from the seeded state",
                    api,
                    state_format,
                    emulator.state_format,
                )
                continue
            try:
                emulator.import_state(json.loads(text))
            except (ValueError, KeyError, TypeError, AttributeError) as error:
                _log.warning("%s: stored state not readable (%r); starting from the seeded state", api, error)
                emulator.reset_state()
                continue
            self._saved[api] = text
            restored.append(api)
        return restored

    def save(self, api: str | None = None) -> None:
        """Save the snapshot of ``api`` (default: every emulator) if it differs from the last one saved."""
        names = list(self._emulators) if api is None else [api]
        for name in names:
            emulator = self._emulators[name]
            snapshot = emulator.export_state()
            if snapshot is None:
                continue
            text = _dumps(snapshot)
            if self._saved.get(name) == text:
                continue
            self.state_file.save(name, emulator.state_format, text)
            self._saved[name] = text

    async def save_periodically(self, interval: timedelta) -> None:
        """Save what changed every ``interval`` (background changes, changes made from Python) until cancelled."""
        while True:
            await asyncio.sleep(interval.total_seconds())
            try:
                self.save()
            except (sqlite3.Error, OSError) as error:
                _log.warning(
                    "saving the emulator state to %s failed (%r); trying again", self.state_file.path, error
                )


def _dumps(snapshot: Mapping[str, Any]) -> str:
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
