"""JOB FAIL: retry later (after an optional back-off) or, without retries, raise an incident."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.behaviors.incidents import create_incident
from zeebe_lite.bpmn.behaviors.transitions import element_context
from zeebe_lite.bpmn.behaviors.variables import set_local
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.processing.job._guard import live_job
from zeebe_lite.records import ErrorType, JobIntent, Record, RejectionType, ValueType

__all__ = ["fail_job"]


def fail_job(command: Record[Any], pctx: ProcessingContext) -> None:
    """Set the failure variables locally on the task, write JOB FAILED and, at zero retries, an incident."""
    request = command.value
    if not isinstance(request.variables, dict):
        pctx.writers.reject(command, RejectionType.INVALID_ARGUMENT, "Expected variables to be a JSON object")
        return
    job = live_job(command, pctx, "fail")
    if job is None:
        return
    writers = pctx.writers
    ectx = element_context(pctx, job.record.element_instance_key)
    if request.variables and ectx is not None:
        set_local(pctx, ectx.key, request.variables, ectx.value)
    backoff = max(request.retry_backoff, 0)
    recurring = pctx.now + backoff if backoff > 0 and request.retries > 0 else -1
    failed = replace(
        job.record,
        retries=request.retries,
        error_message=request.error_message,
        retry_backoff=backoff,
        recurring_time=recurring,
        worker=job.record.worker,
        variables={},
    )
    event = writers.event(job.key, ValueType.JOB, JobIntent.FAILED, failed)
    if request.retries <= 0 and ectx is not None:
        message = request.error_message or "No more retries left."
        create_incident(pctx, ectx, Failure(ErrorType.JOB_NO_RETRIES, message, ectx.key), job_key=job.key)
    writers.respond(event)
