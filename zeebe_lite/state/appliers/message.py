"""Appliers of MESSAGE, MESSAGE_SUBSCRIPTION and MESSAGE_START_EVENT_SUBSCRIPTION events."""

from __future__ import annotations

from zeebe_lite.records import (
    MessageIntent,
    MessageRecord,
    MessageStartEventSubscriptionIntent,
    MessageStartEventSubscriptionRecord,
    MessageSubscriptionIntent,
    MessageSubscriptionRecord,
    Record,
    ValueType,
)
from zeebe_lite.state.appliers._types import ApplierTable
from zeebe_lite.state.appliers.triggers import add_trigger
from zeebe_lite.state.memory import EngineState

__all__ = ["APPLIERS"]


def _published(state: EngineState, record: Record[MessageRecord]) -> None:
    if record.value.time_to_live > 0:
        state.messages.put_message(record.key, record.value)


def _expired(state: EngineState, record: Record[MessageRecord]) -> None:
    state.messages.remove_message(record.key)


def _subscription_created(state: EngineState, record: Record[MessageSubscriptionRecord]) -> None:
    state.messages.put_subscription(record.value)


def _subscription_correlated(state: EngineState, record: Record[MessageSubscriptionRecord]) -> None:
    value = record.value
    if value.interrupting:
        state.messages.remove_subscription(value.element_instance_key, value.message_name)
    state.messages.mark_correlated(value.message_key, value.bpmn_process_id)
    add_trigger(state, value.element_instance_key, record.key, value.element_id, value.variables)


def _subscription_deleted(state: EngineState, record: Record[MessageSubscriptionRecord]) -> None:
    state.messages.remove_subscription(record.value.element_instance_key, record.value.message_name)


def _subscription_migrated(state: EngineState, record: Record[MessageSubscriptionRecord]) -> None:
    state.messages.put_subscription(record.value)


def _start_created(state: EngineState, record: Record[MessageStartEventSubscriptionRecord]) -> None:
    state.messages.put_start_subscription(record.value)


def _start_correlated(state: EngineState, record: Record[MessageStartEventSubscriptionRecord]) -> None:
    value = record.value
    state.messages.mark_correlated(value.message_key, value.bpmn_process_id)
    if value.correlation_key:
        state.messages.lock_correlation(
            value.bpmn_process_id, value.correlation_key, value.process_instance_key
        )


def _start_deleted(state: EngineState, record: Record[MessageStartEventSubscriptionRecord]) -> None:
    state.messages.remove_start_subscription(record.value)


APPLIERS: ApplierTable = {
    (ValueType.MESSAGE, MessageIntent.PUBLISHED): _published,
    (ValueType.MESSAGE, MessageIntent.EXPIRED): _expired,
    (ValueType.MESSAGE_SUBSCRIPTION, MessageSubscriptionIntent.CREATED): _subscription_created,
    (ValueType.MESSAGE_SUBSCRIPTION, MessageSubscriptionIntent.CORRELATED): _subscription_correlated,
    (ValueType.MESSAGE_SUBSCRIPTION, MessageSubscriptionIntent.DELETED): _subscription_deleted,
    (ValueType.MESSAGE_SUBSCRIPTION, MessageSubscriptionIntent.MIGRATED): _subscription_migrated,
    (ValueType.MESSAGE_START_EVENT_SUBSCRIPTION, MessageStartEventSubscriptionIntent.CREATED): _start_created,
    (
        ValueType.MESSAGE_START_EVENT_SUBSCRIPTION,
        MessageStartEventSubscriptionIntent.CORRELATED,
    ): _start_correlated,
    (ValueType.MESSAGE_START_EVENT_SUBSCRIPTION, MessageStartEventSubscriptionIntent.DELETED): _start_deleted,
}
