"""Escalation behaviour: find the catch event of an escalation and trigger it (escalations may be uncaught)."""

from __future__ import annotations

from typing import Any

from zeebe_lite.bpmn.behaviors.multi_instance import is_inner_instance
from zeebe_lite.bpmn.behaviors.subscriptions import trigger_catch
from zeebe_lite.bpmn.behaviors.transitions import element_context
from zeebe_lite.model.bpmn import (
    Activity,
    BoundaryEvent,
    EscalationEventDefinition,
    EventSubProcess,
    FlowNode,
    Process,
    StartEvent,
    SubProcess,
)
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import NO_KEY, ProcessEventIntent, ProcessEventRecord, ValueType

__all__ = ["throw_escalation"]


def _matches(definition: object, code: str) -> int:
    """2 for an exact code match, 1 for a catch-all, 0 for no match."""
    if not isinstance(definition, EscalationEventDefinition):
        return 0
    if definition.escalation_code is None or not definition.escalation_code.raw:
        return 1
    return 2 if definition.escalation_code.raw == code else 0


def _best(candidates: list[tuple[FlowNode, bool]], code: str) -> tuple[FlowNode, bool] | None:
    best: tuple[FlowNode, bool] | None = None
    best_rank = 0
    for node, interrupting in candidates:
        rank = _matches(getattr(node, "event_definition", None), code)
        if rank > best_rank:
            best, best_rank = (node, interrupting), rank
    return best


def _find(pctx: ProcessingContext, scope_key: int, code: str) -> tuple[int, FlowNode, bool] | None:
    current = scope_key
    instances = pctx.state.element_instances
    while current != NO_KEY:
        ectx = element_context(pctx, current)
        if ectx is None:
            return None
        element = ectx.element
        process = ectx.process
        if isinstance(element, Process | SubProcess | EventSubProcess):
            scope_id = None if isinstance(element, Process) else element.id
            starts: list[tuple[FlowNode, bool]] = []
            for sub_process in process.event_sub_processes(scope_id):
                start = process.find_element(sub_process.start_event_id)
                if isinstance(start, StartEvent):
                    starts.append((start, sub_process.interrupting))
            found = _best(starts, code)
            if found is not None:
                return current, found[0], found[1]
        if isinstance(element, Activity) and not is_inner_instance(ectx):
            boundaries: list[tuple[FlowNode, bool]] = []
            for boundary_id in element.boundary_event_ids:
                boundary = process.element(boundary_id)
                if isinstance(boundary, BoundaryEvent):
                    boundaries.append((boundary, boundary.cancel_activity))
            found = _best(boundaries, code)
            if found is not None:
                return current, found[0], found[1]
        instance = instances.get(current)
        if instance is None:
            return None
        current = instance.value.flow_scope_key
        if current == NO_KEY:
            current = instance.value.parent_element_instance_key
    return None


def throw_escalation(
    pctx: ProcessingContext, scope_key: int, code: str, variables: dict[str, Any]
) -> bool | None:
    """Throw an escalation from within ``scope_key``.

    Returns None when nothing catches it (the thrower just continues, as in Zeebe), else whether the catch
    event interrupts (then the thrower is terminated with its scope and must not continue).
    """
    found = _find(pctx, scope_key, code)
    if found is None:
        return None
    catching_key, catch, interrupting = found
    catching = pctx.state.element_instances.get(catching_key)
    if catching is None:
        return None
    writers = pctx.writers
    trigger = ProcessEventRecord(
        scope_key=catching_key,
        target_element_id=catch.id,
        process_instance_key=catching.value.process_instance_key,
        process_definition_key=catching.value.process_definition_key,
        variables=variables,
        tenant_id=catching.value.tenant_id,
    )
    writers.event(writers.keys.next_key(), ValueType.PROCESS_EVENT, ProcessEventIntent.TRIGGERING, trigger)
    trigger_catch(pctx, catching_key, catch.id)
    return interrupting
