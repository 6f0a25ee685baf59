"""JSON round-trip of records, used by the durable log."""

from __future__ import annotations

import dataclasses
import json
import operator
import typing
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

from zeebe_lite.records import intents as intents_module
from zeebe_lite.records import values as values_module
from zeebe_lite.records.intents import Intent, RecordType, RejectionType, ValueType
from zeebe_lite.records.record import Record
from zeebe_lite.records.values import RecordValue

__all__ = [
    "INTENT_TYPES",
    "VALUE_TYPES",
    "decode_record",
    "encode_record",
    "encode_records",
    "record_to_list",
    "value_from_dict",
    "value_to_dict",
]

VALUE_TYPES: dict[ValueType, type[Any]] = {
    ValueType.DEPLOYMENT: values_module.DeploymentRecord,
    ValueType.PROCESS: values_module.ProcessRecord,
    ValueType.DECISION: values_module.DecisionRecord,
    ValueType.DECISION_REQUIREMENTS: values_module.DecisionRequirementsRecord,
    ValueType.PROCESS_INSTANCE: values_module.ProcessInstanceRecord,
    ValueType.PROCESS_INSTANCE_CREATION: values_module.ProcessInstanceCreationRecord,
    ValueType.JOB: values_module.JobRecord,
    ValueType.JOB_BATCH: values_module.JobBatchRecord,
    ValueType.VARIABLE: values_module.VariableRecord,
    ValueType.VARIABLE_DOCUMENT: values_module.VariableDocumentRecord,
    ValueType.INCIDENT: values_module.IncidentRecord,
    ValueType.MESSAGE: values_module.MessageRecord,
    ValueType.MESSAGE_SUBSCRIPTION: values_module.MessageSubscriptionRecord,
    ValueType.MESSAGE_START_EVENT_SUBSCRIPTION: values_module.MessageStartEventSubscriptionRecord,
    ValueType.TIMER: values_module.TimerRecord,
    ValueType.SIGNAL: values_module.SignalRecord,
    ValueType.SIGNAL_SUBSCRIPTION: values_module.SignalSubscriptionRecord,
    ValueType.PROCESS_EVENT: values_module.ProcessEventRecord,
    ValueType.USER_TASK: values_module.UserTaskRecord,
    ValueType.COMPENSATION_SUBSCRIPTION: values_module.CompensationSubscriptionRecord,
    ValueType.PROCESS_INSTANCE_MODIFICATION: values_module.ProcessInstanceModificationRecord,
    ValueType.PROCESS_INSTANCE_MIGRATION: values_module.ProcessInstanceMigrationRecord,
    ValueType.RESOURCE_DELETION: values_module.ResourceDeletionRecord,
    ValueType.DECISION_EVALUATION: values_module.DecisionEvaluationRecord,
}
"""The value class of each value type."""

INTENT_TYPES: dict[ValueType, type[StrEnum]] = {
    ValueType.DEPLOYMENT: intents_module.DeploymentIntent,
    ValueType.PROCESS: intents_module.ProcessIntent,
    ValueType.DECISION: intents_module.DecisionIntent,
    ValueType.DECISION_REQUIREMENTS: intents_module.DecisionRequirementsIntent,
    ValueType.PROCESS_INSTANCE: intents_module.ProcessInstanceIntent,
    ValueType.PROCESS_INSTANCE_CREATION: intents_module.ProcessInstanceCreationIntent,
    ValueType.JOB: intents_module.JobIntent,
    ValueType.JOB_BATCH: intents_module.JobBatchIntent,
    ValueType.VARIABLE: intents_module.VariableIntent,
    ValueType.VARIABLE_DOCUMENT: intents_module.VariableDocumentIntent,
    ValueType.INCIDENT: intents_module.IncidentIntent,
    ValueType.MESSAGE: intents_module.MessageIntent,
    ValueType.MESSAGE_SUBSCRIPTION: intents_module.MessageSubscriptionIntent,
    ValueType.MESSAGE_START_EVENT_SUBSCRIPTION: intents_module.MessageStartEventSubscriptionIntent,
    ValueType.TIMER: intents_module.TimerIntent,
    ValueType.SIGNAL: intents_module.SignalIntent,
    ValueType.SIGNAL_SUBSCRIPTION: intents_module.SignalSubscriptionIntent,
    ValueType.PROCESS_EVENT: intents_module.ProcessEventIntent,
    ValueType.USER_TASK: intents_module.UserTaskIntent,
    ValueType.COMPENSATION_SUBSCRIPTION: intents_module.CompensationSubscriptionIntent,
    ValueType.PROCESS_INSTANCE_MODIFICATION: intents_module.ProcessInstanceModificationIntent,
    ValueType.PROCESS_INSTANCE_MIGRATION: intents_module.ProcessInstanceMigrationIntent,
    ValueType.RESOURCE_DELETION: intents_module.ResourceDeletionIntent,
    ValueType.DECISION_EVALUATION: intents_module.DecisionEvaluationIntent,
}
"""The intent enum of each value type."""


class _ValueCodec:
    """Positional encoding of one value class: field values in declaration order."""

    __slots__ = ("cls", "conversions", "getter", "names", "nested")

    def __init__(self, cls: type[Any]) -> None:
        hints = typing.get_type_hints(cls, vars(values_module))
        self.cls = cls
        self.names = tuple(value_field.name for value_field in dataclasses.fields(cls))
        getter = operator.attrgetter(*self.names)
        # attrgetter of a single name returns the bare value; every caller expects a tuple of fields
        self.getter: Callable[[Any], tuple[Any, ...]] = (
            getter if len(self.names) > 1 else lambda value: (getter(value),)
        )
        self.nested: list[tuple[int, type[Any]]] = []
        self.conversions: list[tuple[int, Any]] = []
        for index, name in enumerate(self.names):
            hint = hints[name]
            if isinstance(hint, type) and issubclass(hint, StrEnum):
                self.conversions.append((index, hint))
            elif typing.get_origin(hint) is tuple:
                item = typing.get_args(hint)[0]
                if dataclasses.is_dataclass(item) and isinstance(item, type):
                    self.nested.append((index, item))
                else:
                    self.conversions.append((index, tuple))

    def encode(self, value: Any) -> list[Any]:
        fields = list(self.getter(value))
        for index, nested in self.nested:
            codec = _codec(nested)
            fields[index] = [codec.encode(item) for item in fields[index]]
        return fields

    def decode(self, fields: list[Any]) -> Any:
        for index, nested in self.nested:
            codec = _codec(nested)
            fields[index] = tuple(codec.decode(item) for item in fields[index])
        for index, convert in self.conversions:
            fields[index] = convert(fields[index])
        return self.cls(*fields)


_CODECS: dict[str, _ValueCodec] = {}


def _codec(cls: type[Any]) -> _ValueCodec:
    codec = _CODECS.get(cls.__qualname__)
    if codec is None:
        codec = _CODECS[cls.__qualname__] = _ValueCodec(cls)
    return codec


def value_to_dict(value: Any) -> dict[str, Any]:
    """A record value as a JSON-ready dict (field name -> value; nested values as dicts)."""
    codec = _codec(type(value))
    result: dict[str, Any] = {}
    for name, item in zip(codec.names, codec.getter(value), strict=True):
        if isinstance(item, tuple) and item and dataclasses.is_dataclass(item[0]):
            item = [value_to_dict(nested) for nested in item]
        elif isinstance(item, tuple):
            item = list(item)
        result[name] = item
    return result


def value_from_dict(cls: type[Any], data: dict[str, Any]) -> Any:
    """Rebuild a record value of class ``cls`` from :func:`value_to_dict` output."""
    codec = _codec(cls)
    nested = dict(codec.nested)
    conversions = dict(codec.conversions)
    kwargs: dict[str, Any] = {}
    for index, name in enumerate(codec.names):
        if name not in data:
            continue
        item = data[name]
        if index in nested:
            item = tuple(value_from_dict(nested[index], element) for element in item)
        elif index in conversions:
            item = conversions[index](item)
        kwargs[name] = item
    return cls(**kwargs)


_FORMAT = 1
"""Version of the positional record layout; bump when a value class changes its fields."""


def record_to_list(record: Record[RecordValue]) -> list[Any]:
    """The record as a positional JSON-ready list (see :class:`_ValueCodec`)."""
    return [
        _FORMAT,
        record.position,
        record.key,
        record.timestamp,
        record.value_type,
        record.intent,
        record.record_type,
        record.source_position,
        record.rejection_type,
        record.rejection_reason,
        _codec(type(record.value)).encode(record.value),
    ]


def encode_record(record: Record[RecordValue]) -> str:
    """The record as one compact JSON array."""
    return _dumps(record_to_list(record))


def encode_records(records: Sequence[Record[RecordValue]]) -> str:
    """A batch of records as one JSON array of record arrays (one C-level encoder pass)."""
    return _dumps([record_to_list(record) for record in records])


def decode_record(text: str) -> Record[RecordValue]:
    """Rebuild a record from :func:`encode_record` output."""
    return decode_value(json.loads(text))


def decode_value(data: list[Any]) -> Record[RecordValue]:
    """Rebuild a record from the parsed JSON array of :func:`encode_record`."""
    if data[0] != _FORMAT:
        raise ValueError(f"unknown record format {data[0]}")
    value_type = ValueType(data[4])
    intent: Intent = INTENT_TYPES[value_type](data[5])  # type: ignore[assignment]
    rejection = data[8]
    return Record(
        position=data[1],
        key=data[2],
        timestamp=data[3],
        value_type=value_type,
        intent=intent,
        record_type=RecordType(data[6]),
        value=_codec(VALUE_TYPES[value_type]).decode(data[10]),
        source_position=data[7],
        rejection_type=None if rejection is None else RejectionType(rejection),
        rejection_reason=data[9],
    )


_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, check_circular=False).encode
