"""An in-memory record log for tests."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from zeebe_lite.log._protocol import PreparedBatch, Snapshot, check_contiguous
from zeebe_lite.records import Record, RecordValue

__all__ = ["MemoryLog"]


class MemoryLog:
    """A :class:`~zeebe_lite.log.RecordLog` kept in a list; nothing survives the process."""

    def __init__(self) -> None:
        """Create an empty log."""
        self._records: list[Record[RecordValue]] = []
        self._next_key: int | None = None
        self._snapshot: Snapshot | None = None
        self._first_position = 1

    def append(self, records: Sequence[Record[RecordValue]], next_key: int) -> None:
        """Store the batch."""
        if records:
            self.write([self.prepare(records, next_key)])

    def prepare(self, records: Sequence[Record[RecordValue]], next_key: int) -> PreparedBatch:
        """Wrap the batch (nothing to encode)."""
        check_contiguous(records)
        return PreparedBatch(records[0].position, records[-1].position, next_key, tuple(records))

    def write(self, batches: Sequence[PreparedBatch]) -> None:
        """Store the batches."""
        expected = self.last_position + 1
        for batch in batches:
            if batch.first_position != expected:
                raise ValueError(f"expected a record at position {expected}, got {batch.first_position}")
            expected = batch.last_position + 1
        for batch in batches:
            self._records.extend(batch.records)
            self._next_key = batch.next_key

    def read(self, from_position: int = 1) -> Iterator[Record[RecordValue]]:
        """The records from ``from_position`` on."""
        return iter(self._records[max(from_position - self._first_position, 0) :])

    @property
    def last_position(self) -> int:
        """The position of the last record, 0 when empty."""
        return self._records[-1].position if self._records else self._first_position - 1

    @property
    def next_key(self) -> int | None:
        """The key generator's next value after the last append."""
        return self._next_key

    def write_snapshot(self, snapshot: Snapshot) -> None:
        """Keep the snapshot (replacing the previous one)."""
        self._snapshot = snapshot

    def latest_snapshot(self) -> Snapshot | None:
        """The snapshot kept last."""
        return self._snapshot

    def discard_through(self, position: int) -> None:
        """Forget the records up to ``position``."""
        drop = max(0, min(position - self._first_position + 1, len(self._records)))
        del self._records[:drop]
        self._first_position += drop

    def close(self) -> None:
        """Nothing to release."""
