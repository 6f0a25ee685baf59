"""Compensation behaviour: remember completed compensable activities, run their handlers when compensated.

Scope of support: a compensation throw or end event compensates the completed activities of its own flow
scope (all of them, or the one named by ``activityRef``) by activating their handlers next to it and
waiting for all of them. Activities completed inside an already completed subprocess are not compensated.
"""

from __future__ import annotations

from dataclasses import replace

from zeebe_lite.bpmn.behaviors.multi_instance import is_inner_instance
from zeebe_lite.bpmn.behaviors.transitions import activate_child
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.model.bpmn import Activity, BoundaryEvent, CompensationEventDefinition, Process
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import (
    NO_KEY,
    CompensationSubscriptionIntent,
    CompensationSubscriptionRecord,
    ProcessInstanceIntent,
    ValueType,
)

__all__ = ["compensate", "handler_completed", "subscribe_for_compensation"]

_SUBSCRIPTION = ValueType.COMPENSATION_SUBSCRIPTION


def _handler_id(process: Process, activity: Activity) -> str | None:
    for boundary_id in activity.boundary_event_ids:
        boundary = process.element(boundary_id)
        if isinstance(boundary, BoundaryEvent) and isinstance(
            boundary.event_definition, CompensationEventDefinition
        ):
            return boundary.compensation_handler_id
    return None


def subscribe_for_compensation(pctx: ProcessingContext, ectx: ElementContext) -> None:
    """When a compensable activity completes, remember it in its flow scope."""
    element = ectx.element
    if not isinstance(element, Activity) or not element.boundary_event_ids or is_inner_instance(ectx):
        return
    handler_id = _handler_id(ectx.process, element)
    if handler_id is None:
        return
    subscription = CompensationSubscriptionRecord(
        process_instance_key=ectx.value.process_instance_key,
        element_instance_key=ectx.key,
        element_id=ectx.element_id,
        flow_scope_key=ectx.flow_scope_key,
        compensation_handler_id=handler_id,
        tenant_id=ectx.value.tenant_id,
    )
    writers = pctx.writers
    writers.event(
        writers.keys.next_key(), _SUBSCRIPTION, CompensationSubscriptionIntent.CREATED, subscription
    )


def compensate(pctx: ProcessingContext, ectx: ElementContext, activity_ref: str | None) -> bool:
    """Trigger the handlers of the scope's completed activities; False when there is nothing to compensate."""
    found = [
        (key, sub)
        for key, sub in pctx.state.compensations.of_scope(ectx.flow_scope_key)
        if sub.throw_event_instance_key == NO_KEY and (activity_ref is None or sub.element_id == activity_ref)
    ]
    writers = pctx.writers
    for key, sub in reversed(found):
        triggered = replace(sub, throw_event_instance_key=ectx.key)
        writers.event(key, _SUBSCRIPTION, CompensationSubscriptionIntent.TRIGGERED, triggered)
        activate_child(
            pctx, ectx.value, ectx.process.element(sub.compensation_handler_id), ectx.flow_scope_key
        )
    return bool(found)


def handler_completed(pctx: ProcessingContext, ectx: ElementContext) -> None:
    """A compensation handler finished: mark its subscription done; the last one completes the throw event."""
    element = ectx.element
    if not isinstance(element, Activity) or not element.is_for_compensation:
        return
    compensations = pctx.state.compensations
    for key, sub in compensations.of_scope(ectx.flow_scope_key):
        if sub.compensation_handler_id != ectx.element_id or sub.throw_event_instance_key == NO_KEY:
            continue
        writers = pctx.writers
        writers.event(key, _SUBSCRIPTION, CompensationSubscriptionIntent.COMPLETED, sub)
        if not compensations.triggered_by(sub.throw_event_instance_key):
            thrower = pctx.state.element_instances.get(sub.throw_event_instance_key)
            if thrower is not None:
                writers.command(
                    thrower.key,
                    ValueType.PROCESS_INSTANCE,
                    ProcessInstanceIntent.COMPLETE_ELEMENT,
                    thrower.value,
                )
        return
