"""Appliers of USER_TASK events."""

from __future__ import annotations

from zeebe_lite.records import Record, UserTaskIntent, UserTaskRecord, ValueType
from zeebe_lite.state.appliers._types import ApplierTable
from zeebe_lite.state.appliers.triggers import add_trigger
from zeebe_lite.state.memory import EngineState

__all__ = ["APPLIERS"]


def _created(state: EngineState, record: Record[UserTaskRecord]) -> None:
    state.user_tasks.put(record.key, record.value)


def _assigned(state: EngineState, record: Record[UserTaskRecord]) -> None:
    state.user_tasks.put(record.key, record.value)


def _migrated(state: EngineState, record: Record[UserTaskRecord]) -> None:
    state.user_tasks.put(record.key, record.value)


def _completed(state: EngineState, record: Record[UserTaskRecord]) -> None:
    value = record.value
    state.user_tasks.remove(record.key)
    add_trigger(state, value.element_instance_key, record.key, value.element_id, value.variables)


def _canceled(state: EngineState, record: Record[UserTaskRecord]) -> None:
    state.user_tasks.remove(record.key)


APPLIERS: ApplierTable = {
    (ValueType.USER_TASK, UserTaskIntent.CREATED): _created,
    (ValueType.USER_TASK, UserTaskIntent.ASSIGNED): _assigned,
    (ValueType.USER_TASK, UserTaskIntent.COMPLETED): _completed,
    (ValueType.USER_TASK, UserTaskIntent.CANCELED): _canceled,
    (ValueType.USER_TASK, UserTaskIntent.MIGRATED): _migrated,
}
