"""JOB THROW_ERROR: a BPMN error from a worker, caught by the nearest matching error boundary event."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from zeebe_lite.bpmn.behaviors.errors import throw_bpmn_error
from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.behaviors.incidents import create_incident
from zeebe_lite.bpmn.behaviors.transitions import element_context
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.processing.job._guard import live_job
from zeebe_lite.records import (
    ErrorType,
    JobIntent,
    Record,
    RejectionType,
    ValueType,
)

__all__ = ["throw_error"]


def throw_error(command: Record[Any], pctx: ProcessingContext) -> None:
    """JOB ERROR_THROWN; then terminate the catching activity (its boundary event follows) or raise an incident."""
    request = command.value
    if not isinstance(request.variables, dict):
        pctx.writers.reject(command, RejectionType.INVALID_ARGUMENT, "Expected variables to be a JSON object")
        return
    job = live_job(command, pctx, "throw an error for")
    if job is None:
        return
    if job.record.listener_event_type:
        pctx.writers.reject(
            command,
            RejectionType.INVALID_STATE,
            f"Expected to throw an error for job with key '{command.key}', but it is an execution listener job; "
            "listener jobs cannot throw BPMN errors",
        )
        return
    writers = pctx.writers
    thrown = replace(
        job.record, error_code=request.error_code, error_message=request.error_message, variables={}
    )
    event = writers.event(job.key, ValueType.JOB, JobIntent.ERROR_THROWN, thrown)
    element_key = job.record.element_instance_key
    if not throw_bpmn_error(pctx, element_key, request.error_code, request.variables):
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
