"""Appliers of TIMER events."""

from __future__ import annotations

from zeebe_lite.records import Record, TimerIntent, TimerRecord, ValueType
from zeebe_lite.state.appliers._types import ApplierTable
from zeebe_lite.state.element_instance import ElementTrigger
from zeebe_lite.state.memory import EngineState

__all__ = ["APPLIERS"]


def _created(state: EngineState, record: Record[TimerRecord]) -> None:
    state.timers.put(record.key, record.value)


def _triggered(state: EngineState, record: Record[TimerRecord]) -> None:
    state.timers.remove(record.key)
    value = record.value
    state.element_instances.add_trigger(
        value.element_instance_key, ElementTrigger(record.key, value.target_element_id, {})
    )


def _canceled(state: EngineState, record: Record[TimerRecord]) -> None:
    state.timers.remove(record.key)


APPLIERS: ApplierTable = {
    (ValueType.TIMER, TimerIntent.CREATED): _created,
    (ValueType.TIMER, TimerIntent.TRIGGERED): _triggered,
    (ValueType.TIMER, TimerIntent.CANCELED): _canceled,
}
