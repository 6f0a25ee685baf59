"""Steps shared by several element processors."""

from __future__ import annotations

from typing import Any

from zeebe_lite.bpmn.behaviors.compensation import handler_completed, subscribe_for_compensation
from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.behaviors.incidents import create_incident, resolve_incidents_of
from zeebe_lite.bpmn.behaviors.listeners import listeners_pending
from zeebe_lite.bpmn.behaviors.multi_instance import update_output_collection
from zeebe_lite.bpmn.behaviors.subscriptions import close_subscriptions
from zeebe_lite.bpmn.behaviors.transitions import after_completed, finish_termination, to_completed
from zeebe_lite.bpmn.behaviors.variables import evaluate_output_mappings, merge_propagating, set_local
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.model.bpmn import (
    BoundaryEvent,
    ErrorEventDefinition,
    ExecutionListenerEventType,
    IntermediateCatchEvent,
    Process,
    ReceiveTask,
    StartEvent,
)
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.processing.writers import Writers
from zeebe_lite.records import NO_KEY, ProcessInstanceIntent, ValueType

__all__ = [
    "complete_with_outputs",
    "result_variables",
    "terminate_children_or_finish",
    "terminate_leaf",
]


def result_variables(pctx: ProcessingContext, ectx: ElementContext) -> dict[str, Any]:
    """The variables that triggered the element (job completion, message, error ...), empty when none."""
    instances = pctx.state.element_instances
    holders = [ectx.key]
    if isinstance(ectx.element, IntermediateCatchEvent | ReceiveTask):
        holders.append(ectx.flow_scope_key)
    if isinstance(ectx.element, BoundaryEvent | StartEvent):
        holders = [ectx.flow_scope_key]
        scope = instances.get(ectx.flow_scope_key)
        if isinstance(ectx.element, StartEvent) and scope is not None:
            holders.append(scope.value.flow_scope_key)
    for holder in holders:
        for trigger in instances.triggers(holder):
            if trigger.element_id == ectx.element_id:
                return trigger.variables
    return {}


def complete_with_outputs(pctx: ProcessingContext, ectx: ElementContext, results: dict[str, Any]) -> None:
    """Apply output mappings (or merge ``results``), write ELEMENT_COMPLETED and continue.

    With output mappings, only their targets are merged into the flow scope; without, the result variables
    propagate from the element's scope, except at an error catch event, where they stay local to the event
    (Zeebe: use an output mapping to propagate error variables).
    """
    element = ectx.element
    outputs = () if isinstance(element, Process) else element.io_mapping.outputs
    if outputs:
        document = evaluate_output_mappings(pctx, outputs, ectx.key, results)
        if isinstance(document, Failure):
            create_incident(pctx, ectx, document)
            return
        merge_propagating(pctx, ectx.flow_scope_key, document, ectx.value)
    elif results and _catches_error(element):
        set_local(pctx, ectx.key, results, ectx.value)
    elif results:
        merge_propagating(pctx, ectx.key, results, ectx.value)
    failure = update_output_collection(pctx, ectx)
    if failure is not None:
        create_incident(pctx, ectx, failure)
        return
    close_subscriptions(pctx, ectx.key)
    if listeners_pending(pctx, ectx, ExecutionListenerEventType.END):
        return
    subscribe_for_compensation(pctx, ectx)
    to_completed(pctx, ectx)
    handler_completed(pctx, ectx)
    after_completed(pctx, ectx)


def _catches_error(element: object) -> bool:
    return isinstance(element, BoundaryEvent | StartEvent) and isinstance(
        element.event_definition, ErrorEventDefinition
    )


def terminate_leaf(pctx: ProcessingContext, ectx: ElementContext) -> None:
    """Terminate an element without children: close its subscriptions and incidents, then finish."""
    instance = pctx.state.element_instances.get(ectx.key)
    close_subscriptions(pctx, ectx.key)
    resolve_incidents_of(pctx, ectx.key, NO_KEY if instance is None else instance.job_key)
    finish_termination(pctx, ectx)


def terminate_children_or_finish(pctx: ProcessingContext, ectx: ElementContext) -> None:
    """Terminate a container: its children first (each reports back), or finish at once when it has none."""
    close_subscriptions(pctx, ectx.key)
    resolve_incidents_of(pctx, ectx.key, NO_KEY)
    children = pctx.state.element_instances.children(ectx.key)
    if not children:
        finish_termination(pctx, ectx)
        return
    writers: Writers = pctx.writers
    for child in children:
        writers.command(
            child.key, ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.TERMINATE_ELEMENT, child.value
        )
