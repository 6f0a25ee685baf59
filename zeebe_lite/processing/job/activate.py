"""JOB_BATCH ACTIVATE: hand up to N activatable jobs of a type to a worker."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import JobBatchIntent, JobBatchRecord, JobRecord, Record, RejectionType, ValueType

__all__ = ["activate_jobs"]


def _invalid(request: JobBatchRecord) -> str | None:
    if not request.type.strip():
        return "Expected to activate jobs of a non-empty type, but the type was empty"
    if not request.worker.strip():
        return "Expected to activate jobs for a non-empty worker, but the worker was empty"
    if request.timeout < 1:
        return f"Expected to activate jobs with a timeout greater than zero, but it was '{request.timeout}'"
    if request.max_jobs_to_activate < 1:
        return (
            "Expected to activate at least one job, but maxJobsToActivate was "
            f"'{request.max_jobs_to_activate}'"
        )
    return None


def activate_jobs(command: Record[Any], pctx: ProcessingContext) -> None:
    """Activate jobs in creation order with their variables (only ``fetch_variables`` when given)."""
    request: JobBatchRecord = command.value
    problem = _invalid(request)
    if problem is not None:
        pctx.writers.reject(command, RejectionType.INVALID_ARGUMENT, problem)
        return
    jobs = pctx.state.jobs.activatable(request.type, request.max_jobs_to_activate)
    if not jobs:
        pctx.writers.respond_value(request)
        return
    deadline = pctx.now + request.timeout
    variables = pctx.state.variables
    names = request.fetch_variables or None
    activated: list[JobRecord] = []
    for job in jobs:
        activated.append(
            replace(
                job.record,
                worker=request.worker,
                deadline=deadline,
                timeout=request.timeout,
                variables=variables.visible_variables(job.record.element_instance_key, names),
            )
        )
    batch = replace(request, job_keys=tuple(job.key for job in jobs), jobs=tuple(activated))
    writers = pctx.writers
    event = writers.event(writers.keys.next_key(), ValueType.JOB_BATCH, JobBatchIntent.ACTIVATED, batch)
    writers.respond(event)
