"""The record log contract."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from zeebe_lite.records import Record, RecordValue

__all__ = ["PreparedBatch", "RecordLog", "Snapshot", "SnapshotStore", "check_contiguous"]


@dataclass(frozen=True, slots=True)
class PreparedBatch:
    """A batch encoded for writing (CPU work done up front, so :meth:`RecordLog.write` is pure I/O)."""

    first_position: int
    last_position: int
    next_key: int
    records: tuple[Record[Any], ...]
    payload: str = ""


def check_contiguous(records: Sequence[Record[Any]]) -> None:
    """Raise ValueError unless positions increase by one."""
    expected = records[0].position
    for record in records:
        if record.position != expected:
            raise ValueError(f"expected a record at position {expected}, got {record.position}")
        expected += 1


class RecordLog(Protocol):
    """An append-only sequence of records, ordered by position.

    ``append`` is atomic: either all records of the batch (and the new ``next_key``) are stored or none.
    For durable logs, the batch survives a crash once ``append`` returns.
    """

    def append(self, records: Sequence[Record[RecordValue]], next_key: int) -> None:
        """Store a batch of records (positions strictly increasing) and the key generator's next value."""
        ...

    def prepare(self, records: Sequence[Record[RecordValue]], next_key: int) -> PreparedBatch:
        """Encode a non-empty batch (safe to call while an earlier batch is being written)."""
        ...

    def write(self, batches: Sequence[PreparedBatch]) -> None:
        """Store prepared batches durably in one transaction; they must directly follow the last record."""
        ...

    def read(self, from_position: int = 1) -> Iterator[Record[RecordValue]]:
        """The records with ``position >= from_position``, in order."""
        ...

    @property
    def last_position(self) -> int:
        """The position of the last stored record (0 when empty)."""
        ...

    @property
    def next_key(self) -> int | None:
        """The key generator's next value as of the last append (None for a new log)."""
        ...

    def close(self) -> None:
        """Release the log's resources."""
        ...


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The engine state as of ``position`` (serialized by the engine), with the key generator's next value."""

    position: int
    next_key: int
    data: bytes


@runtime_checkable
class SnapshotStore(Protocol):
    """A log that can also keep state snapshots, so a restart replays only the records after the latest."""

    def write_snapshot(self, snapshot: Snapshot) -> None:
        """Store a snapshot durably, replacing older ones."""
        ...

    def latest_snapshot(self) -> Snapshot | None:
        """The newest snapshot, if any."""
        ...

    def discard_through(self, position: int) -> None:
        """Delete the stored records up to ``position`` (covered by a snapshot); later reads start after it."""
        ...
