"""The record log contract."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from zeebe_lite.records import Record, RecordValue

__all__ = ["RecordLog"]


class RecordLog(Protocol):
    """An append-only sequence of records, ordered by position.

    ``append`` is atomic: either all records of the batch (and the new ``next_key``) are stored or none.
    For durable logs, the batch survives a crash once ``append`` returns.
    """

    def append(self, records: Sequence[Record[RecordValue]], next_key: int) -> None:
        """Store a batch of records (positions strictly increasing) and the key generator's next value."""
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
