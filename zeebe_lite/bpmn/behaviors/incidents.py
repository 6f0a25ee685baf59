"""Incident behaviour: raise an incident for a failed step, resolve incidents of a leaving element."""

from __future__ import annotations

from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import NO_KEY, IncidentIntent, IncidentRecord, ValueType

__all__ = ["create_incident", "resolve_incidents_of"]


def create_incident(
    pctx: ProcessingContext, ectx: ElementContext, failure: Failure, job_key: int = NO_KEY
) -> None:
    """Open an incident on the element instance (or on its job)."""
    value = ectx.value
    scope_key = failure.variable_scope_key if failure.variable_scope_key != NO_KEY else ectx.key
    incident = IncidentRecord(
        error_type=failure.error_type,
        error_message=failure.message,
        bpmn_process_id=value.bpmn_process_id,
        process_definition_key=value.process_definition_key,
        process_instance_key=value.process_instance_key,
        element_id=value.element_id,
        element_instance_key=ectx.key,
        variable_scope_key=scope_key,
        job_key=job_key,
        tenant_id=value.tenant_id,
    )
    writers = pctx.writers
    writers.event(writers.keys.next_key(), ValueType.INCIDENT, IncidentIntent.CREATED, incident)


def resolve_incidents_of(pctx: ProcessingContext, element_instance_key: int, job_key: int) -> None:
    """Resolve the open incidents of an element instance and its job (the element is being left)."""
    incidents = pctx.state.incidents
    for incident_key in (incidents.of_element_instance(element_instance_key), incidents.of_job(job_key)):
        if incident_key is None:
            continue
        incident = incidents.get(incident_key)
        if incident is not None:
            pctx.writers.event(incident_key, ValueType.INCIDENT, IncidentIntent.RESOLVED, incident)
