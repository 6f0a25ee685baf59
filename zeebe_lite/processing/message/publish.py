"""MESSAGE PUBLISH: correlate to waiting subscriptions and message start events, buffer for its TTL."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from zeebe_lite.bpmn.behaviors.message_start import start_by_message
from zeebe_lite.bpmn.behaviors.subscriptions import trigger_catch
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import (
    MessageIntent,
    MessageRecord,
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
    for subscription in pctx.state.messages.start_subscriptions(message.name):
        if subscription.bpmn_process_id in correlated:
            continue
        if start_by_message(pctx, subscription, key, message):
            correlated.add(subscription.bpmn_process_id)
