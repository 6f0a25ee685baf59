"""A durable record log in SQLite (WAL journal, ``synchronous=FULL``: a committed batch survives kill -9)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from zeebe_lite.log._protocol import PreparedBatch, Snapshot, check_contiguous
from zeebe_lite.records import Record, RecordValue
from zeebe_lite.records.codec import decode_value, encode_records

__all__ = ["SqliteLog"]

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS batches ("
    "first_position INTEGER PRIMARY KEY, last_position INTEGER NOT NULL, records TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS snapshots (position INTEGER PRIMARY KEY, next_key INTEGER NOT NULL, data BLOB NOT NULL)",
)
_READ_CHUNK = 100


class SqliteLog:
    """A :class:`~zeebe_lite.log.RecordLog` in one SQLite file.

    One ``append`` is one transaction and one row (the batch's records as a JSON array of encoded records),
    so the engine group-commits everything a processing batch wrote with a single small write and fsync.
    Writes may come from any one thread at a time; reads use their own connection (guarded by a lock), so
    reading the log never interleaves with a write transaction (WAL readers see committed batches only).
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
        row = self._connection.execute("SELECT MAX(last_position) FROM batches").fetchone()
        self._last_position: int = row[0] or 0
        key_row = self._connection.execute("SELECT value FROM meta WHERE name = 'next_key'").fetchone()
        self._next_key: int | None = None if key_row is None else int(key_row[0])
        self._path = str(path)
        self._reader: sqlite3.Connection | None = None
        self._reader_lock = threading.Lock()

    def append(self, records: Sequence[Record[RecordValue]], next_key: int) -> None:
        """Store the batch and ``next_key`` in one durable transaction."""
        if records:
            self.write([self.prepare(records, next_key)])

    def prepare(self, records: Sequence[Record[RecordValue]], next_key: int) -> PreparedBatch:
        """Encode the batch as one JSON array."""
        check_contiguous(records)
        payload = encode_records(records)
        return PreparedBatch(records[0].position, records[-1].position, next_key, (), payload)

    def write(self, batches: Sequence[PreparedBatch]) -> None:
        """Insert the batch rows and the key counter in one transaction (one fsync)."""
        if not batches:
            return
        expected = self._last_position + 1
        for batch in batches:
            if batch.first_position != expected:
                raise ValueError(f"expected a record at position {expected}, got {batch.first_position}")
            expected = batch.last_position + 1
        connection = self._connection
        connection.execute("BEGIN")
        try:
            connection.executemany(
                "INSERT INTO batches (first_position, last_position, records) VALUES (?, ?, ?)",
                [(batch.first_position, batch.last_position, batch.payload) for batch in batches],
            )
            connection.execute(
                "INSERT INTO meta (name, value) VALUES ('next_key', ?) "
                "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                (batches[-1].next_key,),
            )
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        self._last_position = batches[-1].last_position
        self._next_key = batches[-1].next_key

    def read(self, from_position: int = 1) -> Iterator[Record[RecordValue]]:
        """The records from ``from_position`` on, decoded lazily batch by batch."""
        position = from_position
        while True:
            with self._reader_lock:
                if self._reader is None:
                    self._reader = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
                rows = self._reader.execute(
                    "SELECT first_position, last_position, records FROM batches "
                    "WHERE last_position >= ? ORDER BY first_position LIMIT ?",
                    (position, _READ_CHUNK),
                ).fetchall()
            if not rows:
                return
            for first, last, payload in rows:
                for index, item in enumerate(json.loads(payload)):
                    if first + index >= position:
                        yield decode_value(item)
                position = last + 1

    @property
    def last_position(self) -> int:
        """The position of the last committed record, 0 when empty."""
        return self._last_position

    @property
    def next_key(self) -> int | None:
        """The key generator's next value as of the last committed batch."""
        return self._next_key

    def write_snapshot(self, snapshot: Snapshot) -> None:
        """Store the snapshot and drop older ones, in one transaction (any thread, not during a write)."""
        connection = self._connection
        connection.execute("BEGIN")
        try:
            connection.execute(
                "INSERT OR REPLACE INTO snapshots (position, next_key, data) VALUES (?, ?, ?)",
                (snapshot.position, snapshot.next_key, snapshot.data),
            )
            connection.execute("DELETE FROM snapshots WHERE position < ?", (snapshot.position,))
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def discard_through(self, position: int) -> None:
        """Delete the batches entirely covered by ``position`` except the newest (which keeps the last
        position on disk); one transaction, and SQLite reuses the freed pages."""
        connection = self._connection
        connection.execute("BEGIN")
        try:
            connection.execute(
                "DELETE FROM batches WHERE last_position <= ? AND last_position < "
                "(SELECT MAX(last_position) FROM batches)",
                (position,),
            )
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def latest_snapshot(self) -> Snapshot | None:
        """The newest stored snapshot."""
        with self._reader_lock:
            if self._reader is None:
                self._reader = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
            row = self._reader.execute(
                "SELECT position, next_key, data FROM snapshots ORDER BY position DESC LIMIT 1"
            ).fetchone()
        return None if row is None else Snapshot(row[0], row[1], bytes(row[2]))

    def close(self) -> None:
        """Checkpoint the WAL and close the file."""
        with self._reader_lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None
        try:
            self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self._connection.close()
