"""JSON round-trip of records, used by the durable log."""

from __future__ import annotations

import dataclasses
import json
import typing
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
}
"""The intent enum of each value type."""


@dataclasses.dataclass(frozen=True, slots=True)
class _FieldCodec:
    name: str
    enum: type[StrEnum] | None
    nested: type[Any] | None
    is_tuple: bool


_CODECS: dict[str, tuple[_FieldCodec, ...]] = {}


def _field_codecs(cls: type[Any]) -> tuple[_FieldCodec, ...]:
    cached = _CODECS.get(cls.__qualname__)
    if cached is None:
        cached = _CODECS[cls.__qualname__] = _build_field_codecs(cls)
    return cached


def _build_field_codecs(cls: type[Any]) -> tuple[_FieldCodec, ...]:
    hints = typing.get_type_hints(cls, vars(values_module))
    codecs = []
    for value_field in dataclasses.fields(cls):
        hint = hints[value_field.name]
        enum: type[StrEnum] | None = None
        nested: type[Any] | None = None
        is_tuple = typing.get_origin(hint) is tuple
        if isinstance(hint, type) and issubclass(hint, StrEnum):
            enum = hint
        if is_tuple:
            item = typing.get_args(hint)[0]
            if dataclasses.is_dataclass(item) and isinstance(item, type):
                nested = item
        codecs.append(_FieldCodec(value_field.name, enum, nested, is_tuple))
    return tuple(codecs)


def value_to_dict(value: Any) -> dict[str, Any]:
    """A record value as a JSON-ready dict."""
    result: dict[str, Any] = {}
    for codec in _field_codecs(type(value)):
        item = getattr(value, codec.name)
        if codec.nested is not None:
            item = [value_to_dict(nested) for nested in item]
        elif codec.is_tuple:
            item = list(item)
        result[codec.name] = item
    return result


def value_from_dict(cls: type[Any], data: dict[str, Any]) -> Any:
    """Rebuild a record value of class ``cls`` from :func:`value_to_dict` output."""
    kwargs: dict[str, Any] = {}
    for codec in _field_codecs(cls):
        if codec.name not in data:
            continue
        item = data[codec.name]
        if codec.nested is not None:
            item = tuple(value_from_dict(codec.nested, nested) for nested in item)
        elif codec.is_tuple:
            item = tuple(item)
        elif codec.enum is not None:
            item = codec.enum(item)
        kwargs[codec.name] = item
    return cls(**kwargs)


def encode_record(record: Record[RecordValue]) -> str:
    """The record as one JSON document."""
    return json.dumps(
        {
            "p": record.position,
            "k": record.key,
            "t": record.timestamp,
            "vt": record.value_type.value,
            "i": record.intent.value,
            "rt": record.record_type.value,
            "sp": record.source_position,
            "rj": None if record.rejection_type is None else record.rejection_type.value,
            "rr": record.rejection_reason,
            "v": value_to_dict(record.value),
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )


def decode_record(text: str) -> Record[RecordValue]:
    """Rebuild a record from :func:`encode_record` output."""
    data = json.loads(text)
    value_type = ValueType(data["vt"])
    intent: Intent = INTENT_TYPES[value_type](data["i"])  # type: ignore[assignment]
    rejection = data["rj"]
    return Record(
        position=data["p"],
        key=data["k"],
        timestamp=data["t"],
        value_type=value_type,
        intent=intent,
        record_type=RecordType(data["rt"]),
        value=value_from_dict(VALUE_TYPES[value_type], data["v"]),
        source_position=data["sp"],
        rejection_type=None if rejection is None else RejectionType(rejection),
        rejection_reason=data["rr"],
    )
