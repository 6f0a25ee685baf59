"""Element instances: ``POST /v2/element-instances/search``, ``GET /v2/element-instances/{key}`` and
``PUT /v2/element-instances/{key}/variables``.

Every activated BPMN element of every instance (the process itself is not listed: it is a process
instance), with ``type`` (Zeebe's BPMN element type: SERVICE_TASK, USER_TASK, ...), ``state`` (ACTIVE,
COMPLETED, TERMINATED), start and end date and the key of its active incident.

``PUT .../variables`` sets ``variables`` (required object) on the scope of the element instance (a process
instance key is the root scope): propagated upwards to where each name exists, or only on that scope with
``local: true``; 204, 404 for a scope that is not active.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from zeebe_lite.rest.context import RestContext
from zeebe_lite.rest.formatting import timestamp
from zeebe_lite.rest.history import ElementInstanceEntry, History
from zeebe_lite.rest.keys import format_key, optional_key, parse_key
from zeebe_lite.rest.problems import ApiProblem
from zeebe_lite.rest.requests import RequestBody
from zeebe_lite.rest.search import FieldKind, SearchRequest, SearchSpec, search

__all__ = ["ELEMENT_INSTANCE_SEARCH", "SetVariablesRequest", "build_router", "element_instance_item"]


class SetVariablesRequest(RequestBody):
    """The body of ``PUT /v2/element-instances/{key}/variables``."""

    variables: dict[str, Any]
    local: bool = False
    operationReference: int | None = None


_FIELDS = {
    "elementInstanceKey": FieldKind.KEY,
    "processInstanceKey": FieldKind.KEY,
    "processDefinitionKey": FieldKind.KEY,
    "processDefinitionId": FieldKind.TEXT,
    "elementId": FieldKind.TEXT,
    "elementName": FieldKind.TEXT,
    "type": FieldKind.TEXT,
    "state": FieldKind.TEXT,
    "startDate": FieldKind.DATE,
    "endDate": FieldKind.DATE,
    "hasIncident": FieldKind.BOOLEAN,
    "incidentKey": FieldKind.KEY,
    "tenantId": FieldKind.TEXT,
}

ELEMENT_INSTANCE_SEARCH = SearchSpec(
    key_field="elementInstanceKey", fields=_FIELDS, sortable=frozenset(_FIELDS)
)
"""Filter and sort fields of element instance searches."""


def element_instance_item(
    context: RestContext, history: History, entry: ElementInstanceEntry
) -> dict[str, Any]:
    """An element instance as ``GET`` and search show it."""
    incident = history.incident_of_element(entry.key)
    return {
        "elementInstanceKey": format_key(entry.key),
        "processInstanceKey": format_key(entry.process_instance_key),
        "rootProcessInstanceKey": format_key(history.root_of(entry.process_instance_key)),
        "processDefinitionKey": format_key(entry.process_definition_key),
        "processDefinitionId": entry.bpmn_process_id,
        "elementId": entry.element_id,
        "elementName": context.element_name(entry.process_definition_key, entry.element_id)
        or entry.element_id,
        "type": entry.element_type.value,
        "state": entry.state,
        "startDate": timestamp(entry.start_time),
        "endDate": timestamp(entry.end_time),
        "hasIncident": incident is not None,
        "incidentKey": None if incident is None else optional_key(incident),
        "tenantId": entry.tenant_id,
    }


def build_router(context: RestContext) -> APIRouter:
    """The element instance routes."""
    router = APIRouter()

    @router.post("/v2/element-instances/search")
    async def search_element_instances(body: SearchRequest | None = None) -> dict[str, Any]:
        history = context.history_now()
        items = [element_instance_item(context, history, e) for e in history.element_instances.values()]
        return search(items, body or SearchRequest(), ELEMENT_INSTANCE_SEARCH)

    @router.get("/v2/element-instances/{element_instance_key}")
    async def get_element_instance(element_instance_key: str) -> dict[str, Any]:
        key = parse_key(element_instance_key, "elementInstanceKey")
        history = context.history_now()
        entry = history.element_instances.get(key)
        if entry is None:
            raise ApiProblem.not_found(f"Element instance with key '{key}' not found")
        return element_instance_item(context, history, entry)

    @router.put("/v2/element-instances/{element_instance_key}/variables", status_code=204)
    async def set_variables(element_instance_key: str, body: SetVariablesRequest) -> Response:
        key = parse_key(element_instance_key, "elementInstanceKey")
        await context.engine.set_variables(key, body.variables, local=body.local)
        return Response(status_code=204)

    return router
