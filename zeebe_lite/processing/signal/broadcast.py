"""SIGNAL BROADCAST: trigger every subscription to the signal (catch events and signal start events)."""

from __future__ import annotations

from typing import Any

from zeebe_lite.bpmn.behaviors.subscriptions import trigger_catch
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.processing.process_instance.start import start_instance_at
from zeebe_lite.records import (
    NO_KEY,
    ProcessEventIntent,
    ProcessEventRecord,
    Record,
    RejectionType,
    SignalIntent,
    SignalRecord,
    ValueType,
)

__all__ = ["broadcast_signal"]


def broadcast_signal(command: Record[Any], pctx: ProcessingContext) -> None:
    """SIGNAL BROADCASTED, then trigger all subscriptions."""
    request: SignalRecord = command.value
    writers = pctx.writers
    if not isinstance(request.variables, dict):
        writers.reject(command, RejectionType.INVALID_ARGUMENT, "Expected variables to be a JSON object")
        return
    event = writers.event(writers.keys.next_key(), ValueType.SIGNAL, SignalIntent.BROADCASTED, request)
    for subscription in pctx.state.signals.subscriptions(request.signal_name):
        if subscription.catch_event_instance_key == NO_KEY:
            deployed = pctx.state.deployments.process(subscription.process_definition_key)
            if deployed is not None:
                start_instance_at(
                    pctx, deployed, writers.keys.next_key(), subscription.catch_element_id, request.variables
                )
            continue
        instance = pctx.state.element_instances.get(subscription.catch_event_instance_key)
        if instance is None:
            continue
        trigger = ProcessEventRecord(
            scope_key=instance.key,
            target_element_id=subscription.catch_element_id,
            process_instance_key=instance.value.process_instance_key,
            process_definition_key=instance.value.process_definition_key,
            variables=request.variables,
            tenant_id=instance.value.tenant_id,
        )
        writers.event(
            writers.keys.next_key(), ValueType.PROCESS_EVENT, ProcessEventIntent.TRIGGERING, trigger
        )
        trigger_catch(pctx, instance.key, subscription.catch_element_id)
    writers.respond(event)
