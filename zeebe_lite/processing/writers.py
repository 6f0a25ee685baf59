"""What a processor may write: events (applied to state at once), follow-up commands, rejections, responses."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from zeebe_lite.processing.keys import KeyGenerator
from zeebe_lite.records import Intent, Record, RecordType, RejectionType, ValueType
from zeebe_lite.records.values import RecordValue
from zeebe_lite.state.appliers import EventApplier

__all__ = ["CommandResponse", "Writers"]


@dataclass(frozen=True, slots=True)
class CommandResponse:
    """The answer to a client command: the accepted event (or other payload) or a rejection."""

    record: Record[Any] | None = None
    rejection_type: RejectionType | None = None
    rejection_reason: str = ""
    value: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rejected(self) -> bool:
        """True when the command was rejected."""
        return self.rejection_type is not None


class Writers:
    """Collects the records of one processing batch.

    ``event`` applies the event to state immediately (through the appliers), so later reads in the same
    command see it, exactly as Zeebe's state writer does. Follow-up commands are queued and processed in
    order after the current command.
    """

    def __init__(self, applier: EventApplier, keys: KeyGenerator, next_position: int) -> None:
        """Write records starting at ``next_position``, applying events through ``applier``."""
        self._applier = applier
        self.keys = keys
        self._next_position = next_position
        self.records: list[Record[Any]] = []
        self.pending_commands: deque[Record[Any]] = deque()
        self.timestamp = 0
        self.source_position = -1
        self.response: CommandResponse | None = None

    @property
    def next_position(self) -> int:
        """The position the next record will get."""
        return self._next_position

    def _append(
        self,
        key: int,
        *,
        value_type: ValueType,
        intent: Intent,
        record_type: RecordType,
        value: RecordValue,
        rejection_type: RejectionType | None = None,
        rejection_reason: str = "",
    ) -> Record[Any]:
        record: Record[Any] = Record(
            self._next_position,
            key,
            self.timestamp,
            value_type,
            intent,
            record_type,
            value,
            self.source_position,
            rejection_type,
            rejection_reason,
        )
        self._next_position += 1
        self.records.append(record)
        return record

    def discard_last(self) -> None:
        """Drop the last record (a command that changed nothing) and reuse its position."""
        self.records.pop()
        self._next_position -= 1

    def command_received(self, command: Record[Any]) -> Record[Any]:
        """Log a command at the next position (client commands and follow-ups alike)."""
        return self._append(
            command.key,
            value_type=command.value_type,
            intent=command.intent,
            record_type=RecordType.COMMAND,
            value=command.value,
        )

    def event(self, key: int, value_type: ValueType, intent: Intent, value: RecordValue) -> Record[Any]:
        """Write an event and apply it to state."""
        record = self._append(
            key, value_type=value_type, intent=intent, record_type=RecordType.EVENT, value=value
        )
        self._applier.apply(record)
        return record

    def command(self, key: int, value_type: ValueType, intent: Intent, value: RecordValue) -> None:
        """Queue a follow-up command (logged when it is processed)."""
        record: Record[Any] = Record(
            position=-1,
            key=key,
            timestamp=self.timestamp,
            value_type=value_type,
            intent=intent,
            record_type=RecordType.COMMAND,
            value=value,
        )
        self.pending_commands.append(record)

    def reject(self, command: Record[Any], rejection_type: RejectionType, reason: str) -> None:
        """Write a rejection of ``command`` and answer the client with it."""
        self._append(
            command.key,
            value_type=command.value_type,
            intent=command.intent,
            record_type=RecordType.COMMAND_REJECTION,
            value=command.value,
            rejection_type=rejection_type,
            rejection_reason=reason,
        )
        self.response = CommandResponse(None, rejection_type, reason, value=command.value)

    def respond(self, record: Record[Any], **extra: Any) -> None:
        """Answer the client command with ``record`` (and optional extra payload)."""
        self.response = CommandResponse(record, value=record.value, extra=extra)

    def respond_value(self, value: Any) -> None:
        """Answer the client command with a value that was not written as an event (e.g. an empty batch)."""
        self.response = CommandResponse(None, value=value)
