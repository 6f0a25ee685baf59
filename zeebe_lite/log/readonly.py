"""Reading a data directory's record log and latest snapshot without writing to it (``zeebe_lite status``)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

from zeebe_lite.log import PreparedBatch, Snapshot, SqliteLog
from zeebe_lite.records import Record, RecordValue

__all__ = ["ReadOnlyLog"]


class ReadOnlyLog:
    """A :class:`~zeebe_lite.log.RecordLog` over an existing SQLite log that refuses to append.

    It reads through :class:`~zeebe_lite.log.SqliteLog` (so it follows its storage format) and is safe to use
    while a server writes the same file: SQLite WAL readers do not block the writer. It is the read side of a
    :class:`~zeebe_lite.log.SnapshotStore`: an :class:`~zeebe_lite.engine.Engine` opened on it starts from the
    engine's latest snapshot and replays only the records after it (so it stays correct when log compaction
    deleted the records the snapshot covers); storing snapshots and discarding records are refused.
    """

    def __init__(self, path: Path) -> None:
        """Open the log at ``path``; FileNotFoundError when it does not exist."""
        if not path.is_file():
            raise FileNotFoundError(f"no zeebe_lite record log at {path}")
        self._log = SqliteLog(path)

    def append(self, records: Sequence[Record[RecordValue]], next_key: int) -> None:
        """Refuse: this log is read-only."""
        raise PermissionError("the record log is opened read-only")

    def prepare(self, records: Sequence[Record[RecordValue]], next_key: int) -> PreparedBatch:
        """Refuse: this log is read-only."""
        raise PermissionError("the record log is opened read-only")

    def write(self, batches: Sequence[PreparedBatch]) -> None:
        """Refuse: this log is read-only."""
        raise PermissionError("the record log is opened read-only")

    def latest_snapshot(self) -> Snapshot | None:
        """The engine's newest stored snapshot, if any."""
        return self._log.latest_snapshot()

    def write_snapshot(self, snapshot: Snapshot) -> None:
        """Refuse: this log is read-only."""
        raise PermissionError("the record log is opened read-only")

    def discard_through(self, position: int) -> None:
        """Refuse: this log is read-only."""
        raise PermissionError("the record log is opened read-only")

    def read(self, from_position: int = 1) -> Iterator[Record[RecordValue]]:
        """The committed records from ``from_position`` on."""
        return self._log.read(from_position)

    @property
    def last_position(self) -> int:
        """The last position committed when the log was opened."""
        return self._log.last_position

    @property
    def next_key(self) -> int | None:
        """The key generator's next value as of opening."""
        return self._log.next_key

    def close(self) -> None:
        """Close the file; a WAL checkpoint refused because a server is busy writing is not an error."""
        with contextlib.suppress(sqlite3.Error):
            self._log.close()
