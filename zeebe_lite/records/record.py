"""The record: one entry of the append-only log."""

from __future__ import annotations

from typing import Generic, NamedTuple, TypeVar

from zeebe_lite.records.intents import Intent, RecordType, RejectionType, ValueType
from zeebe_lite.records.values import NO_KEY, RecordValue

__all__ = ["Record"]

V_co = TypeVar("V_co", bound=RecordValue, covariant=True)


class Record(NamedTuple, Generic[V_co]):
    """A command, event or command rejection.

    ``position`` orders all records of the log (1-based); ``source_position`` is the position of the command
    whose processing wrote this record (-1 for client commands). ``timestamp`` is epoch milliseconds of the
    engine clock when the record was written. A named tuple: records are created by the ten thousand.
    """

    position: int
    key: int
    timestamp: int
    value_type: ValueType
    intent: Intent
    record_type: RecordType
    value: V_co
    source_position: int = -1
    rejection_type: RejectionType | None = None
    rejection_reason: str = ""

    @property
    def is_event(self) -> bool:
        """True for events (the only records replayed into state)."""
        return self.record_type is RecordType.EVENT

    @property
    def has_key(self) -> bool:
        """True when the record refers to an entity key."""
        return self.key != NO_KEY
