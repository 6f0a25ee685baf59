"""Error behaviour: find the catch event of a BPMN error and interrupt its scope."""

from __future__ import annotations

from typing import Any

from zeebe_lite.bpmn.behaviors.multi_instance import is_inner_instance
from zeebe_lite.bpmn.behaviors.subscriptions import trigger_catch
from zeebe_lite.bpmn.behaviors.transitions import element_context
from zeebe_lite.model.bpmn import (
    Activity,
    BoundaryEvent,
    ErrorEventDefinition,
    EventSubProcess,
    Process,
    StartEvent,
    SubProcess,
)
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import (
    NO_KEY,
    ProcessEventIntent,
    ProcessEventRecord,
    ProcessInstanceIntent,
    ValueType,
)

__all__ = ["find_error_catch", "throw_bpmn_error"]


def _catching_boundary(process: Process, activity: Activity, error_code: str) -> BoundaryEvent | None:
    catch_all: BoundaryEvent | None = None
    for boundary_id in activity.boundary_event_ids:
        boundary = process.element(boundary_id)
        if not isinstance(boundary, BoundaryEvent):
            continue
        definition = boundary.event_definition
        if not isinstance(definition, ErrorEventDefinition):
            continue
        if definition.error_code is None or not definition.error_code.raw:
            catch_all = catch_all or boundary
        elif definition.error_code.raw == error_code:
            return boundary
    return catch_all


def _catching_event_sub_process(process: Process, scope_id: str | None, error_code: str) -> StartEvent | None:
    catch_all: StartEvent | None = None
    for sub_process in process.event_sub_processes(scope_id):
        start = process.find_element(sub_process.start_event_id)
        if not isinstance(start, StartEvent) or not isinstance(start.event_definition, ErrorEventDefinition):
            continue
        code = start.event_definition.error_code
        if code is None or not code.raw:
            catch_all = catch_all or start
        elif code.raw == error_code:
            return start
    return catch_all


def find_error_catch(
    pctx: ProcessingContext, element_instance_key: int, error_code: str
) -> tuple[int, str] | None:
    """The element instance catching the error and the catch event's id: a boundary event of the instance or
    the start event of one of its event subprocesses, searching from this instance outwards."""
    current = element_instance_key
    instances = pctx.state.element_instances
    while current != NO_KEY:
        ectx = element_context(pctx, current)
        if ectx is None:
            return None
        if isinstance(ectx.element, Process | SubProcess | EventSubProcess):
            scope_id = None if isinstance(ectx.element, Process) else ectx.element.id
            start = _catching_event_sub_process(ectx.process, scope_id, error_code)
            if start is not None:
                return current, start.id
        if isinstance(ectx.element, Activity) and not is_inner_instance(ectx):
            boundary = _catching_boundary(ectx.process, ectx.element, error_code)
            if boundary is not None:
                return current, boundary.id
        instance = instances.get(current)
        if instance is None:
            return None
        current = instance.value.flow_scope_key
        if current == NO_KEY:
            current = instance.value.parent_element_instance_key
    return None


def throw_bpmn_error(
    pctx: ProcessingContext, element_instance_key: int, error_code: str, variables: dict[str, Any]
) -> bool:
    """Throw from ``element_instance_key``: trigger the catching boundary and terminate its activity.

    Returns False when nothing catches the error (the caller raises the incident).
    """
    catch = find_error_catch(pctx, element_instance_key, error_code)
    if catch is None:
        return False
    catching_key, boundary_id = catch
    catching = pctx.state.element_instances.get(catching_key)
    if catching is None:
        return False
    writers = pctx.writers
    trigger = ProcessEventRecord(
        scope_key=catching_key,
        target_element_id=boundary_id,
        process_instance_key=catching.value.process_instance_key,
        process_definition_key=catching.value.process_definition_key,
        variables=variables,
        tenant_id=catching.value.tenant_id,
    )
    writers.event(writers.keys.next_key(), ValueType.PROCESS_EVENT, ProcessEventIntent.TRIGGERING, trigger)
    deployed = pctx.state.deployments.process(catching.value.process_definition_key)
    if deployed is not None and isinstance(deployed.process.find_element(boundary_id), StartEvent):
        trigger_catch(pctx, catching_key, boundary_id)
    else:
        writers.command(
            catching_key, ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.TERMINATE_ELEMENT, catching.value
        )
    return True
