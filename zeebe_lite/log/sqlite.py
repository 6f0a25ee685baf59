"""A durable record log in SQLite (WAL journal, ``synchronous=FULL``: a committed batch survives kill -9)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

from zeebe_lite.records import Record, RecordValue, decode_record, encode_record

__all__ = ["SqliteLog"]

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS records (position INTEGER PRIMARY KEY, record TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
)
_READ_CHUNK = 1000


class SqliteLog:
    """A :class:`~zeebe_lite.log.RecordLog` in one SQLite file.

    One ``append`` is one transaction, so the engine can group-commit everything a processing batch wrote
    with a single fsync. The connection may be used from one thread at a time (any thread).
    """

    def __init__(self, path: str | Path) -> None:
        """Open (or create) the log file at ``path``."""
        self._connection = sqlite3.connect(
            str(path), isolation_level=None, check_same_thread=False, cached_statements=32
        )
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA synchronous=FULL")
        for statement in _SCHEMA:
            self._connection.execute(statement)
        row = self._connection.execute("SELECT MAX(position) FROM records").fetchone()
        self._last_position: int = row[0] or 0
        key_row = self._connection.execute("SELECT value FROM meta WHERE name = 'next_key'").fetchone()
        self._next_key: int | None = None if key_row is None else int(key_row[0])

    def append(self, records: Sequence[Record[RecordValue]], next_key: int) -> None:
        """Store the batch and ``next_key`` in one durable transaction."""
        if not records:
            return
        expected = self._last_position + 1
        rows = []
        for record in records:
            if record.position != expected:
                raise ValueError(f"expected a record at position {expected}, got {record.position}")
            rows.append((record.position, encode_record(record)))
            expected += 1
        connection = self._connection
        connection.execute("BEGIN")
        try:
            connection.executemany("INSERT INTO records (position, record) VALUES (?, ?)", rows)
            connection.execute(
                "INSERT INTO meta (name, value) VALUES ('next_key', ?) "
                "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                (next_key,),
            )
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        self._last_position = expected - 1
        self._next_key = next_key

    def read(self, from_position: int = 1) -> Iterator[Record[RecordValue]]:
        """The records from ``from_position`` on, decoded lazily in chunks."""
        position = from_position
        while True:
            rows = self._connection.execute(
                "SELECT position, record FROM records WHERE position >= ? ORDER BY position LIMIT ?",
                (position, _READ_CHUNK),
            ).fetchall()
            if not rows:
                return
            for _, text in rows:
                yield decode_record(text)
            position = rows[-1][0] + 1

    @property
    def last_position(self) -> int:
        """The position of the last committed record, 0 when empty."""
        return self._last_position

    @property
    def next_key(self) -> int | None:
        """The key generator's next value as of the last committed batch."""
        return self._next_key

    def close(self) -> None:
        """Checkpoint the WAL and close the file."""
        try:
            self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self._connection.close()
