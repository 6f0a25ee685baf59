"""Appliers of VARIABLE and VARIABLE_DOCUMENT events."""

from __future__ import annotations

from typing import Any

from zeebe_lite.records import Record, ValueType, VariableDocumentIntent, VariableIntent, VariableRecord
from zeebe_lite.state.appliers._types import ApplierTable
from zeebe_lite.state.memory import EngineState

__all__ = ["APPLIERS"]


def _set(state: EngineState, record: Record[VariableRecord]) -> None:
    value = record.value
    state.variables.put(value.scope_key, value.name, record.key, value.value)


def _document_updated(state: EngineState, record: Record[Any]) -> None:
    """The document event holds no state; the VARIABLE events it caused do."""


def _migrated(state: EngineState, record: Record[VariableRecord]) -> None:
    """A migrated scope keeps its variables as they are; the state holds no process definition per variable."""


APPLIERS: ApplierTable = {
    (ValueType.VARIABLE, VariableIntent.CREATED): _set,
    (ValueType.VARIABLE, VariableIntent.UPDATED): _set,
    (ValueType.VARIABLE, VariableIntent.MIGRATED): _migrated,
    (ValueType.VARIABLE_DOCUMENT, VariableDocumentIntent.UPDATED): _document_updated,
}
