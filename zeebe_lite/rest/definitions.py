"""Deployed definitions: process definitions and decision definitions.

* ``POST /v2/process-definitions/search``, ``GET /v2/process-definitions/{key}``,
  ``GET /v2/process-definitions/{key}/xml`` (the BPMN file as ``text/xml``). ``hasStartForm`` is always false
  (the engine deploys no forms); ``isLatestVersion`` filters to the newest version of each process id.
* ``POST /v2/decision-definitions/search``, ``GET /v2/decision-definitions/{key}``,
  ``GET /v2/decision-definitions/{key}/xml`` (the DMN file).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from zeebe_lite.records import DecisionRecord
from zeebe_lite.rest.context import RestContext
from zeebe_lite.rest.keys import format_key, parse_key
from zeebe_lite.rest.problems import ApiProblem
from zeebe_lite.rest.search import FieldKind, SearchRequest, SearchSpec, search
from zeebe_lite.state.deployment import DeployedProcess

__all__ = ["build_router", "decision_definition_item", "process_definition_item"]

_PROCESS_FIELDS = {
    "processDefinitionKey": FieldKind.KEY,
    "processDefinitionId": FieldKind.TEXT,
    "name": FieldKind.TEXT,
    "version": FieldKind.NUMBER,
    "versionTag": FieldKind.TEXT,
    "resourceName": FieldKind.TEXT,
    "tenantId": FieldKind.TEXT,
    "hasStartForm": FieldKind.BOOLEAN,
}

_DECISION_FIELDS = {
    "decisionDefinitionKey": FieldKind.KEY,
    "decisionDefinitionId": FieldKind.TEXT,
    "name": FieldKind.TEXT,
    "version": FieldKind.NUMBER,
    "decisionRequirementsId": FieldKind.TEXT,
    "decisionRequirementsKey": FieldKind.KEY,
    "decisionRequirementsName": FieldKind.TEXT,
    "decisionRequirementsVersion": FieldKind.NUMBER,
    "tenantId": FieldKind.TEXT,
}

XML_MEDIA_TYPE = "text/xml"


def process_definition_item(deployed: DeployedProcess) -> dict[str, Any]:
    """A process definition as ``GET`` and search show it."""
    record = deployed.record
    return {
        "processDefinitionKey": format_key(record.process_definition_key),
        "processDefinitionId": record.bpmn_process_id,
        "name": deployed.process.name,
        "version": record.version,
        "versionTag": deployed.process.version_tag,
        "resourceName": record.resource_name,
        "tenantId": record.tenant_id,
        "hasStartForm": False,
        "state": "ACTIVE",
    }


def decision_definition_item(context: RestContext, decision: DecisionRecord) -> dict[str, Any]:
    """A decision definition as ``GET`` and search show it."""
    drg = context.engine.state.deployments.decision_requirements(decision.decision_requirements_key)
    return {
        "decisionDefinitionKey": format_key(decision.decision_key),
        "decisionDefinitionId": decision.decision_id,
        "name": decision.decision_name,
        "version": decision.version,
        "decisionRequirementsId": decision.decision_requirements_id,
        "decisionRequirementsKey": format_key(decision.decision_requirements_key),
        "decisionRequirementsName": None if drg is None else drg.decision_requirements_name,
        "decisionRequirementsVersion": None if drg is None else drg.decision_requirements_version,
        "tenantId": decision.tenant_id,
    }


def _latest_only(items: list[dict[str, Any]], id_field: str) -> list[dict[str, Any]]:
    newest: dict[str, int] = {}
    for item in items:
        newest[item[id_field]] = max(newest.get(item[id_field], 0), item["version"])
    return [item for item in items if item["version"] == newest[item[id_field]]]


def build_router(context: RestContext) -> APIRouter:
    """The definition routes."""
    router = APIRouter()

    def latest_filter(id_field: str) -> Any:
        def check(item: dict[str, Any], condition: Any) -> bool:
            wanted = bool(condition)
            candidates = _latest_only(all_items(id_field), id_field)
            is_latest = any(
                c[id_field] == item[id_field] and c["version"] == item["version"] for c in candidates
            )
            return is_latest == wanted

        return check

    def all_items(id_field: str) -> list[dict[str, Any]]:
        if id_field == "processDefinitionId":
            return [process_definition_item(p) for p in context.engine.state.deployments.processes()]
        history = context.history_now()
        return [decision_definition_item(context, d) for d in history.decisions.values()]

    process_spec = SearchSpec(
        key_field="processDefinitionKey",
        fields=_PROCESS_FIELDS,
        sortable=frozenset(_PROCESS_FIELDS),
        custom={"isLatestVersion": latest_filter("processDefinitionId")},
    )
    decision_spec = SearchSpec(
        key_field="decisionDefinitionKey",
        fields=_DECISION_FIELDS,
        sortable=frozenset(_DECISION_FIELDS),
        custom={"isLatestVersion": latest_filter("decisionDefinitionId")},
    )

    def deployed_process(text: str) -> DeployedProcess:
        key = parse_key(text, "processDefinitionKey")
        deployed = context.engine.state.deployments.process(key)
        if deployed is None:
            raise ApiProblem.not_found(f"Process definition with key '{key}' not found")
        return deployed

    def decision(text: str) -> DecisionRecord:
        key = parse_key(text, "decisionDefinitionKey")
        found = context.engine.state.deployments.decision(key)
        if found is None:
            raise ApiProblem.not_found(f"Decision definition with key '{key}' not found")
        return found

    @router.post("/v2/process-definitions/search")
    async def search_process_definitions(body: SearchRequest | None = None) -> dict[str, Any]:
        return search(all_items("processDefinitionId"), body or SearchRequest(), process_spec)

    @router.get("/v2/process-definitions/{process_definition_key}")
    async def get_process_definition(process_definition_key: str) -> dict[str, Any]:
        return process_definition_item(deployed_process(process_definition_key))

    @router.get("/v2/process-definitions/{process_definition_key}/xml")
    async def get_process_definition_xml(process_definition_key: str) -> Response:
        resource = deployed_process(process_definition_key).record.resource
        return Response(resource, media_type=XML_MEDIA_TYPE)

    @router.post("/v2/decision-definitions/search")
    async def search_decision_definitions(body: SearchRequest | None = None) -> dict[str, Any]:
        return search(all_items("decisionDefinitionId"), body or SearchRequest(), decision_spec)

    @router.get("/v2/decision-definitions/{decision_definition_key}")
    async def get_decision_definition(decision_definition_key: str) -> dict[str, Any]:
        return decision_definition_item(context, decision(decision_definition_key))

    @router.get("/v2/decision-definitions/{decision_definition_key}/xml")
    async def get_decision_definition_xml(decision_definition_key: str) -> Response:
        found = decision(decision_definition_key)
        drg = context.engine.state.deployments.decision_requirements(found.decision_requirements_key)
        if drg is None:
            raise ApiProblem.not_found(f"Decision requirements of decision '{found.decision_key}' not found")
        return Response(drg.resource, media_type=XML_MEDIA_TYPE)

    return router
