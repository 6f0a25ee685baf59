"""Appliers of COMPENSATION_SUBSCRIPTION events."""

from __future__ import annotations

from zeebe_lite.records import (
    CompensationSubscriptionIntent,
    CompensationSubscriptionRecord,
    Record,
    ValueType,
)
from zeebe_lite.state.appliers._types import ApplierTable
from zeebe_lite.state.memory import EngineState

__all__ = ["APPLIERS"]


def _put(state: EngineState, record: Record[CompensationSubscriptionRecord]) -> None:
    state.compensations.put(record.key, record.value)


def _completed(state: EngineState, record: Record[CompensationSubscriptionRecord]) -> None:
    state.compensations.remove(record.key)


APPLIERS: ApplierTable = {
    (ValueType.COMPENSATION_SUBSCRIPTION, CompensationSubscriptionIntent.CREATED): _put,
    (ValueType.COMPENSATION_SUBSCRIPTION, CompensationSubscriptionIntent.TRIGGERED): _put,
    (ValueType.COMPENSATION_SUBSCRIPTION, CompensationSubscriptionIntent.COMPLETED): _completed,
}
