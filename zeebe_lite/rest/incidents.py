"""Incidents: search, get, resolve.

* ``POST /v2/incidents/search`` and ``POST /v2/process-instances/{key}/incidents/search`` (the same, limited to
  one instance); ``state`` is ACTIVE or RESOLVED.
* ``GET /v2/incidents/{key}``: 404 when unknown.
* ``POST /v2/incidents/{key}/resolution``: 204. For a job incident raise the job's retries first (gRPC
  UpdateJobRetries or the engine API), as in Camunda; 404 for an unknown or already resolved incident.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from zeebe_lite.rest.context import RestContext
from zeebe_lite.rest.formatting import timestamp
from zeebe_lite.rest.history import History, IncidentEntry
from zeebe_lite.rest.keys import format_key, optional_key, parse_key
from zeebe_lite.rest.problems import ApiProblem
from zeebe_lite.rest.requests import OperationRequest
from zeebe_lite.rest.search import FieldKind, SearchRequest, SearchSpec, search

__all__ = ["INCIDENT_SEARCH", "build_router", "incident_item"]

_FIELDS = {
    "incidentKey": FieldKind.KEY,
    "processDefinitionId": FieldKind.TEXT,
    "processDefinitionKey": FieldKind.KEY,
    "processInstanceKey": FieldKind.KEY,
    "rootProcessInstanceKey": FieldKind.KEY,
    "errorType": FieldKind.TEXT,
    "errorMessage": FieldKind.TEXT,
    "elementId": FieldKind.TEXT,
    "elementInstanceKey": FieldKind.KEY,
    "creationTime": FieldKind.DATE,
    "state": FieldKind.TEXT,
    "tenantId": FieldKind.TEXT,
    "jobKey": FieldKind.KEY,
}

INCIDENT_SEARCH = SearchSpec(key_field="incidentKey", fields=_FIELDS, sortable=frozenset(_FIELDS))
"""Filter and sort fields of incident searches."""


def incident_item(history: History, entry: IncidentEntry) -> dict[str, Any]:
    """An incident as ``GET`` and search show it."""
    record = entry.record
    return {
        "incidentKey": format_key(entry.key),
        "processDefinitionId": record.bpmn_process_id,
        "processDefinitionKey": format_key(record.process_definition_key),
        "processInstanceKey": format_key(record.process_instance_key),
        "rootProcessInstanceKey": format_key(history.root_of(record.process_instance_key)),
        "errorType": record.error_type.value,
        "errorMessage": record.error_message,
        "elementId": record.element_id,
        "elementInstanceKey": format_key(record.element_instance_key),
        "creationTime": timestamp(entry.creation_time),
        "state": entry.state,
        "tenantId": record.tenant_id,
        "jobKey": optional_key(record.job_key),
    }


def build_router(context: RestContext) -> APIRouter:
    """The incident routes."""
    router = APIRouter()

    def items(process_instance_key: int | None = None) -> list[dict[str, Any]]:
        history = context.history_now()
        return [
            incident_item(history, entry)
            for entry in history.incidents.values()
            if process_instance_key is None or entry.record.process_instance_key == process_instance_key
        ]

    @router.post("/v2/incidents/search")
    async def search_incidents(body: SearchRequest | None = None) -> dict[str, Any]:
        return search(items(), body or SearchRequest(), INCIDENT_SEARCH)

    @router.post("/v2/process-instances/{process_instance_key}/incidents/search")
    async def search_instance_incidents(
        process_instance_key: str, body: SearchRequest | None = None
    ) -> dict[str, Any]:
        key = parse_key(process_instance_key, "processInstanceKey")
        if key not in context.history_now().process_instances:
            raise ApiProblem.not_found(f"Process instance with key '{key}' not found")
        return search(items(key), body or SearchRequest(), INCIDENT_SEARCH)

    @router.get("/v2/incidents/{incident_key}")
    async def get_incident(incident_key: str) -> dict[str, Any]:
        key = parse_key(incident_key, "incidentKey")
        history = context.history_now()
        entry = history.incidents.get(key)
        if entry is None:
            raise ApiProblem.not_found(f"Incident with key '{key}' not found")
        return incident_item(history, entry)

    @router.post("/v2/incidents/{incident_key}/resolution", status_code=204)
    async def resolve_incident(incident_key: str, body: OperationRequest | None = None) -> Response:
        key = parse_key(incident_key, "incidentKey")
        await context.engine.resolve_incident(key)
        return Response(status_code=204)

    return router
