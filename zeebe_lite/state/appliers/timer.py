"""Appliers of TIMER events."""

from __future__ import annotations

from zeebe_lite.records import NO_KEY, Record, TimerIntent, TimerRecord, ValueType
from zeebe_lite.state.appliers._types import ApplierTable
from zeebe_lite.state.appliers.triggers import add_trigger
from zeebe_lite.state.memory import EngineState

__all__ = ["APPLIERS"]


def _created(state: EngineState, record: Record[TimerRecord]) -> None:
    state.timers.put(record.key, record.value)


def _triggered(state: EngineState, record: Record[TimerRecord]) -> None:
    state.timers.remove(record.key)
    value = record.value
    if value.element_instance_key != NO_KEY:
        add_trigger(state, value.element_instance_key, record.key, value.target_element_id, {})


def _canceled(state: EngineState, record: Record[TimerRecord]) -> None:
    state.timers.remove(record.key)


def _migrated(state: EngineState, record: Record[TimerRecord]) -> None:
    state.timers.put(record.key, record.value)


APPLIERS: ApplierTable = {
    (ValueType.TIMER, TimerIntent.CREATED): _created,
    (ValueType.TIMER, TimerIntent.TRIGGERED): _triggered,
    (ValueType.TIMER, TimerIntent.CANCELED): _canceled,
    (ValueType.TIMER, TimerIntent.MIGRATED): _migrated,
}
