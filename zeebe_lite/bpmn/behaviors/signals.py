"""Signal behaviour: broadcast a signal to every subscription (catch events and signal start events)."""

from __future__ import annotations

from typing import Any

from zeebe_lite.bpmn.behaviors.instances import start_instance_at
from zeebe_lite.bpmn.behaviors.subscriptions import trigger_catch
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import (
    NO_KEY,
    ProcessEventIntent,
    ProcessEventRecord,
    Record,
    SignalIntent,
    SignalRecord,
    ValueType,
)
from zeebe_lite.state.deployment import DeployedProcess

__all__ = ["broadcast"]


def broadcast(pctx: ProcessingContext, signal: SignalRecord) -> Record[Any]:
    """SIGNAL BROADCASTED, then trigger every subscription; returns the BROADCASTED record."""
    writers = pctx.writers
    event = writers.event(writers.keys.next_key(), ValueType.SIGNAL, SignalIntent.BROADCASTED, signal)
    for subscription in pctx.state.signals.subscriptions(signal.signal_name):
        if subscription.catch_event_instance_key == NO_KEY:
            deployed: DeployedProcess | None = pctx.state.deployments.process(
                subscription.process_definition_key
            )
            if deployed is not None:
                start_instance_at(
                    pctx, deployed, writers.keys.next_key(), subscription.catch_element_id, signal.variables
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
            variables=signal.variables,
            tenant_id=instance.value.tenant_id,
        )
        writers.event(
            writers.keys.next_key(), ValueType.PROCESS_EVENT, ProcessEventIntent.TRIGGERING, trigger
        )
        trigger_catch(pctx, instance.key, subscription.catch_element_id)
    return event
