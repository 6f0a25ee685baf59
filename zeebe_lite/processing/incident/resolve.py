"""INCIDENT RESOLVE: close an incident and retry what failed."""

from __future__ import annotations

from typing import Any

from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import NO_KEY, IncidentIntent, ProcessInstanceIntent, Record, RejectionType, ValueType
from zeebe_lite.state.element_instance import ElementState

__all__ = ["resolve_incident"]


def resolve_incident(command: Record[Any], pctx: ProcessingContext) -> None:
    """INCIDENT RESOLVED; a job incident makes the job activatable again (the applier does that), an element
    incident re-runs the failed activation or completion step."""
    writers = pctx.writers
    incident = pctx.state.incidents.get(command.key)
    if incident is None:
        writers.reject(
            command,
            RejectionType.NOT_FOUND,
            f"Expected to resolve incident with key '{command.key}', but no such incident was found",
        )
        return
    if incident.job_key != NO_KEY:
        job = pctx.state.jobs.get(incident.job_key)
        if job is not None and job.record.retries <= 0:
            writers.reject(
                command,
                RejectionType.INVALID_STATE,
                f"Expected to resolve incident with key '{command.key}', but job with key '{incident.job_key}' has "
                "no retries left; update the job's retries first",
            )
            return
    event = writers.event(command.key, ValueType.INCIDENT, IncidentIntent.RESOLVED, incident)
    if incident.job_key == NO_KEY:
        instance = pctx.state.element_instances.get(incident.element_instance_key)
        if instance is not None:
            if instance.state is ElementState.ACTIVATING:
                intent = ProcessInstanceIntent.ACTIVATE_ELEMENT
            elif instance.state is ElementState.COMPLETING:
                intent = ProcessInstanceIntent.COMPLETE_ELEMENT
            else:
                intent = None
            if intent is not None:
                writers.command(instance.key, ValueType.PROCESS_INSTANCE, intent, instance.value)
    writers.respond(event)
