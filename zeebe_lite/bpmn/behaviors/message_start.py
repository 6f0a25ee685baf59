"""Message start events: start an instance for a message, and retry buffered messages when a lock ends."""

from __future__ import annotations

from dataclasses import replace

from zeebe_lite.bpmn.behaviors.instances import start_instance_at
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import (
    MessageRecord,
    MessageStartEventSubscriptionIntent,
    MessageStartEventSubscriptionRecord,
    ValueType,
)

__all__ = ["start_by_message", "start_next_buffered"]


def start_by_message(
    pctx: ProcessingContext,
    subscription: MessageStartEventSubscriptionRecord,
    message_key: int,
    message: MessageRecord,
) -> bool:
    """Start an instance at the subscription's start event, unless one started by the same correlation key
    is still running (Zeebe keeps one instance per correlation key). Returns True when it started one."""
    state = pctx.state
    if message.correlation_key and state.messages.active_instance_for(
        subscription.bpmn_process_id, message.correlation_key
    ):
        return False
    deployed = state.deployments.process(subscription.process_definition_key)
    if deployed is None:
        return False
    writers = pctx.writers
    instance_key = writers.keys.next_key()
    record = replace(
        subscription,
        message_key=message_key,
        process_instance_key=instance_key,
        correlation_key=message.correlation_key,
        variables=message.variables,
    )
    writers.event(
        writers.keys.next_key(),
        ValueType.MESSAGE_START_EVENT_SUBSCRIPTION,
        MessageStartEventSubscriptionIntent.CORRELATED,
        record,
    )
    start_instance_at(pctx, deployed, instance_key, subscription.start_event_id, message.variables)
    return True


def start_next_buffered(pctx: ProcessingContext, bpmn_process_id: str, correlation_key: str) -> None:
    """After a message-started instance ended, start the next one for a buffered message with its key."""
    state = pctx.state
    latest = state.deployments.latest_process(bpmn_process_id)
    if latest is None:
        return
    for subscription in state.messages.start_subscriptions_of(latest.key):
        for message_key in state.messages.buffered(subscription.message_name, correlation_key):
            if state.messages.was_correlated(message_key, bpmn_process_id):
                continue
            message = state.messages.message(message_key)
            if message is not None and start_by_message(pctx, subscription, message_key, message):
                return
