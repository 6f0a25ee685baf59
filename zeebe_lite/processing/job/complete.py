"""JOB COMPLETE: the worker is done; the element continues with the job's variables."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.processing.job._guard import live_job
from zeebe_lite.records import JobIntent, ProcessInstanceIntent, Record, RejectionType, ValueType

__all__ = ["complete_job"]


def complete_job(command: Record[Any], pctx: ProcessingContext) -> None:
    """JOB COMPLETED, then COMPLETE_ELEMENT for the job's element instance."""
    if not isinstance(command.value.variables, dict):
        pctx.writers.reject(command, RejectionType.INVALID_ARGUMENT, "Expected variables to be a JSON object")
        return
    job = live_job(command, pctx, "complete")
    if job is None:
        return
    writers = pctx.writers
    completed = replace(job.record, variables=command.value.variables)
    event = writers.event(job.key, ValueType.JOB, JobIntent.COMPLETED, completed)
    instance = pctx.state.element_instances.get(job.record.element_instance_key)
    if instance is not None:
        writers.command(
            instance.key, ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.COMPLETE_ELEMENT, instance.value
        )
    writers.respond(event)
