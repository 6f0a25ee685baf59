"""JOB THROW_ERROR: a BPMN error from a worker, caught by the nearest matching error boundary event."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.behaviors.incidents import create_incident
from zeebe_lite.bpmn.behaviors.transitions import element_context
from zeebe_lite.model.bpmn import Activity, BoundaryEvent, ErrorEventDefinition, Process
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.processing.job._guard import live_job
from zeebe_lite.records import (
    NO_KEY,
    ErrorType,
    JobIntent,
    ProcessEventIntent,
    ProcessEventRecord,
    ProcessInstanceIntent,
    Record,
    RejectionType,
    ValueType,
)

__all__ = ["find_error_catch", "throw_error"]


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


def find_error_catch(
    pctx: ProcessingContext, element_instance_key: int, error_code: str
) -> tuple[int, str] | None:
    """The element instance whose boundary event catches the error, and that boundary event's id."""
    current = element_instance_key
    instances = pctx.state.element_instances
    while current != NO_KEY:
        ectx = element_context(pctx, current)
        if ectx is None:
            return None
        if isinstance(ectx.element, Activity):
            boundary = _catching_boundary(ectx.process, ectx.element, error_code)
            if boundary is not None:
                return current, boundary.id
        instance = instances.get(current)
        current = NO_KEY if instance is None else instance.value.flow_scope_key
    return None


def throw_error(command: Record[Any], pctx: ProcessingContext) -> None:
    """JOB ERROR_THROWN; then terminate the catching activity (its boundary event follows) or raise an incident."""
    request = command.value
    if not isinstance(request.variables, dict):
        pctx.writers.reject(command, RejectionType.INVALID_ARGUMENT, "Expected variables to be a JSON object")
        return
    job = live_job(command, pctx, "throw an error for")
    if job is None:
        return
    writers = pctx.writers
    thrown = replace(
        job.record, error_code=request.error_code, error_message=request.error_message, variables={}
    )
    event = writers.event(job.key, ValueType.JOB, JobIntent.ERROR_THROWN, thrown)
    element_key = job.record.element_instance_key
    catch = find_error_catch(pctx, element_key, request.error_code)
    if catch is None:
        ectx = element_context(pctx, element_key)
        if ectx is not None:
            message = (
                f"Expected to throw an error event with the code '{request.error_code}' with message "
                f"'{request.error_message}', but it was not caught. No error events are available in the scope."
            )
            create_incident(
                pctx, ectx, Failure(ErrorType.UNHANDLED_ERROR_EVENT, message, ectx.key), job_key=job.key
            )
        writers.respond(event)
        return
    catching_key, boundary_id = catch
    catching = pctx.state.element_instances.get(catching_key)
    assert catching is not None
    trigger = ProcessEventRecord(
        scope_key=catching_key,
        target_element_id=boundary_id,
        process_instance_key=catching.value.process_instance_key,
        process_definition_key=catching.value.process_definition_key,
        variables=request.variables,
        tenant_id=catching.value.tenant_id,
    )
    writers.event(writers.keys.next_key(), ValueType.PROCESS_EVENT, ProcessEventIntent.TRIGGERING, trigger)
    writers.command(
        catching_key, ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.TERMINATE_ELEMENT, catching.value
    )
    writers.respond(event)
