"""Appliers of SIGNAL and SIGNAL_SUBSCRIPTION events."""

from __future__ import annotations

from typing import Any

from zeebe_lite.records import (
    Record,
    SignalIntent,
    SignalSubscriptionIntent,
    SignalSubscriptionRecord,
    ValueType,
)
from zeebe_lite.state.appliers._types import ApplierTable
from zeebe_lite.state.memory import EngineState

__all__ = ["APPLIERS"]


def _broadcasted(state: EngineState, record: Record[Any]) -> None:
    """A broadcast holds no state; the triggers it caused do."""


def _subscription_created(state: EngineState, record: Record[SignalSubscriptionRecord]) -> None:
    state.signals.put(record.value)


def _subscription_deleted(state: EngineState, record: Record[SignalSubscriptionRecord]) -> None:
    state.signals.remove(record.value)


def _subscription_migrated(state: EngineState, record: Record[SignalSubscriptionRecord]) -> None:
    state.signals.move(record.value)


APPLIERS: ApplierTable = {
    (ValueType.SIGNAL, SignalIntent.BROADCASTED): _broadcasted,
    (ValueType.SIGNAL_SUBSCRIPTION, SignalSubscriptionIntent.CREATED): _subscription_created,
    (ValueType.SIGNAL_SUBSCRIPTION, SignalSubscriptionIntent.DELETED): _subscription_deleted,
    (ValueType.SIGNAL_SUBSCRIPTION, SignalSubscriptionIntent.MIGRATED): _subscription_migrated,
}
