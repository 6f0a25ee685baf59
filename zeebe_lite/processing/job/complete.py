"""JOB COMPLETE: the worker is done; the element continues with the job's variables."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from zeebe_lite.bpmn.behaviors.variables import merge_propagating, set_local
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
        intent = ProcessInstanceIntent.COMPLETE_ELEMENT
        if job.record.listener_event_type == "start":
            set_local(pctx, instance.key, command.value.variables, instance.value)
            intent = ProcessInstanceIntent.ACTIVATE_ELEMENT
        elif job.record.listener_event_type == "end":
            merge_propagating(pctx, instance.key, command.value.variables, instance.value)
        writers.command(instance.key, ValueType.PROCESS_INSTANCE, intent, instance.value)
    writers.respond(event)
