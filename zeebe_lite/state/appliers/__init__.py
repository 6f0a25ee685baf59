"""Event appliers: the only code that mutates engine state (one small module per value type)."""

from __future__ import annotations

from typing import Any

from zeebe_lite.records import Record
from zeebe_lite.state.appliers import (
    compensation,
    deployment,
    incident,
    job,
    message,
    process_instance,
    signal,
    timer,
    user_task,
    variable,
)
from zeebe_lite.state.appliers._types import Applier, ApplierTable
from zeebe_lite.state.memory import EngineState

__all__ = ["Applier", "ApplierTable", "EventApplier", "build_appliers"]


def build_appliers() -> ApplierTable:
    """The table of all appliers by (value type, intent)."""
    table: ApplierTable = {}
    for module in (
        deployment,
        process_instance,
        job,
        variable,
        incident,
        message,
        timer,
        signal,
        user_task,
        compensation,
    ):
        overlap = table.keys() & module.APPLIERS.keys()
        if overlap:
            raise ValueError(f"appliers registered twice: {sorted(overlap)}")
        table.update(module.APPLIERS)
    return table


class EventApplier:
    """Applies events to an :class:`EngineState` through the applier table."""

    def __init__(self, state: EngineState, table: ApplierTable | None = None) -> None:
        """Apply events to ``state`` using ``table`` (all appliers by default)."""
        self._state = state
        self._table = build_appliers() if table is None else table

    def apply(self, record: Record[Any]) -> None:
        """Apply one event; an event without an applier is an engine bug."""
        applier = self._table.get((record.value_type, record.intent))
        if applier is None:
            raise LookupError(f"no applier for {record.value_type}.{record.intent}")
        applier(self._state, record)
