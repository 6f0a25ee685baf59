"""MESSAGE PUBLISH: correlate to waiting subscriptions and message start events, buffer for its TTL."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from zeebe_lite.bpmn.behaviors.instances import start_instance_at
from zeebe_lite.bpmn.behaviors.subscriptions import trigger_catch
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import (
    MessageIntent,
    MessageRecord,
    MessageStartEventSubscriptionIntent,
    MessageSubscriptionIntent,
    Record,
    RejectionType,
    ValueType,
)

__all__ = ["publish_message"]


def publish_message(command: Record[Any], pctx: ProcessingContext) -> None:
    """MESSAGE PUBLISHED, then at most one correlation per BPMN process id (catch events first, then starts)."""
    request: MessageRecord = command.value
    writers = pctx.writers
    if not isinstance(request.variables, dict):
        writers.reject(command, RejectionType.INVALID_ARGUMENT, "Expected variables to be a JSON object")
        return
    if request.message_id and pctx.state.messages.message_id_exists(
        request.name, request.correlation_key, request.message_id
    ):
        writers.reject(
            command,
            RejectionType.ALREADY_EXISTS,
            f"Expected to publish a new message with id '{request.message_id}', but a message with that id was "
            "already published",
        )
        return
    ttl = max(request.time_to_live, 0)
    message = replace(request, time_to_live=ttl, deadline=pctx.now + ttl)
    key = writers.keys.next_key()
    event = writers.event(key, ValueType.MESSAGE, MessageIntent.PUBLISHED, message)
    correlated: set[str] = set()
    _correlate_subscriptions(pctx, key, message, correlated)
    _correlate_start_events(pctx, key, message, correlated)
    writers.respond(event)


def _correlate_subscriptions(
    pctx: ProcessingContext, key: int, message: MessageRecord, correlated: set[str]
) -> None:
    writers = pctx.writers
    for subscription in pctx.state.messages.subscriptions_for(message.name, message.correlation_key):
        if subscription.bpmn_process_id in correlated:
            continue
        correlated.add(subscription.bpmn_process_id)
        record = replace(subscription, message_key=key, variables=message.variables)
        writers.event(
            writers.keys.next_key(),
            ValueType.MESSAGE_SUBSCRIPTION,
            MessageSubscriptionIntent.CORRELATED,
            record,
        )
        trigger_catch(pctx, subscription.element_instance_key, subscription.element_id)


def _correlate_start_events(
    pctx: ProcessingContext, key: int, message: MessageRecord, correlated: set[str]
) -> None:
    writers = pctx.writers
    state = pctx.state
    for subscription in state.messages.start_subscriptions(message.name):
        process_id = subscription.bpmn_process_id
        if process_id in correlated:
            continue
        if message.correlation_key and state.messages.active_instance_for(
            process_id, message.correlation_key
        ):
            continue
        deployed = state.deployments.process(subscription.process_definition_key)
        if deployed is None:
            continue
        correlated.add(process_id)
        instance_key = writers.keys.next_key()
        record = replace(
            subscription,
            message_key=key,
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
