"""Filtering a record stream, for tests and tools (Zeebe's RecordingExporter queries)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from zeebe_lite.records.intents import Intent, RecordType, ValueType
from zeebe_lite.records.record import Record

__all__ = ["RecordStream"]


class RecordStream:
    """An immutable, chainable filter over records."""

    def __init__(self, records: Iterable[Record[Any]]) -> None:
        """Wrap records (materialized once)."""
        self._records = list(records)

    def __iter__(self) -> Iterator[Record[Any]]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def filter(self, predicate: Callable[[Record[Any]], bool]) -> RecordStream:
        """Records matching ``predicate``."""
        return RecordStream(record for record in self._records if predicate(record))

    def of_type(self, value_type: ValueType) -> RecordStream:
        """Records of one value type."""
        return self.filter(lambda record: record.value_type is value_type)

    def events(self) -> RecordStream:
        """Only events."""
        return self.filter(lambda record: record.record_type is RecordType.EVENT)

    def commands(self) -> RecordStream:
        """Only commands."""
        return self.filter(lambda record: record.record_type is RecordType.COMMAND)

    def rejections(self) -> RecordStream:
        """Only command rejections."""
        return self.filter(lambda record: record.record_type is RecordType.COMMAND_REJECTION)

    def with_intent(self, intent: Intent) -> RecordStream:
        """Records with ``intent``."""
        return self.filter(lambda record: record.intent is intent)

    def with_key(self, key: int) -> RecordStream:
        """Records with ``key``."""
        return self.filter(lambda record: record.key == key)

    def with_element_id(self, element_id: str) -> RecordStream:
        """Records whose value has this ``element_id``."""
        return self.filter(lambda record: getattr(record.value, "element_id", None) == element_id)

    def with_process_instance(self, process_instance_key: int) -> RecordStream:
        """Records whose value belongs to the process instance."""
        return self.filter(
            lambda record: getattr(record.value, "process_instance_key", None) == process_instance_key
        )

    def intents(self) -> list[Intent]:
        """The intents in order."""
        return [record.intent for record in self._records]

    def element_intents(self) -> list[tuple[str, Intent]]:
        """(element id, intent) pairs in order, for process instance records."""
        return [(getattr(record.value, "element_id", ""), record.intent) for record in self._records]

    def values(self) -> list[Any]:
        """The record values in order."""
        return [record.value for record in self._records]

    def first(self) -> Record[Any]:
        """The first record (IndexError when empty)."""
        return self._records[0]

    def last(self) -> Record[Any]:
        """The last record (IndexError when empty)."""
        return self._records[-1]
