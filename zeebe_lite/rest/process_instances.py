"""Process instances: create, get, search, cancel.

* ``POST /v2/process-instances``: by ``processDefinitionKey``, or ``processDefinitionId`` (+
  ``processDefinitionVersion``, default latest); exactly one of the two (400 otherwise). With
  ``awaitCompletion`` the answer waits for the instance to complete and carries its root variables (only
  ``fetchVariables`` when given); ``requestTimeout`` (ms, 0 = the server default of 10 s) ends the wait with
  504; a wait still open when the server stops answers 503. An instance that is terminated while awaited answers 409 (zeebe_lite's choice; Camunda's docs are
  silent). ``startInstructions`` (``[{elementId}]``) start the instance at those elements (nested ones too);
  ``runtimeInstructions`` and ``tags`` are refused with 400: the engine does not support them yet. 200 with ``processInstanceKey`` etc.
* ``GET /v2/process-instances/{key}``: from the history projection, 404 when unknown.
* ``POST /v2/process-instances/search``: filter fields below, plus ``variables`` (list of ``{name, value}``,
  value as JSON text or an operator object over JSON text, matched against the root scope) and ``$or``.
* ``POST /v2/process-instances/{key}/cancellation``: 204; 404 for an unknown or ended instance (the engine's
  NOT_FOUND rejection).
* ``POST /v2/process-instances/{key}/modification``: ``activateInstructions`` (``elementId``,
  ``ancestorElementInstanceKey``, ``variableInstructions`` of ``{variables, scopeId}``) and
  ``terminateInstructions`` (``elementInstanceKey``); 204, 404 for an unknown instance, 400 when any
  instruction is invalid (nothing is changed then).
* ``POST /v2/process-instances/{key}/migration``: ``targetProcessDefinitionKey`` and ``mappingInstructions``
  (``sourceElementId``, ``targetElementId``); 204, 404 for an unknown instance or target definition, 400 for
  an invalid plan, 409 when the instance cannot be migrated as it stands (an unmapped active element, a type
  or scope change, or a case the engine does not migrate yet); nothing is changed on an error.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Response
from pydantic import Field

from zeebe_lite.records import (
    NO_KEY,
    ModificationActivateInstruction,
    ModificationVariableInstruction,
    ProcessInstanceMigrationMappingInstruction,
)
from zeebe_lite.rest.context import RestContext
from zeebe_lite.rest.formatting import json_text, timestamp
from zeebe_lite.rest.history import History, ProcessInstanceEntry
from zeebe_lite.rest.keys import format_key, optional_key, parse_key
from zeebe_lite.rest.problems import ApiProblem
from zeebe_lite.rest.requests import OperationRequest, RequestBody, check_tenant
from zeebe_lite.rest.search import FieldKind, SearchRequest, SearchSpec, json_value_matches, search

__all__ = ["CreateProcessInstanceRequest", "build_router", "process_instance_item", "variables_filter"]


class CreateProcessInstanceRequest(RequestBody):
    """The body of ``POST /v2/process-instances``."""

    processDefinitionId: str | None = None
    processDefinitionVersion: int = -1
    processDefinitionKey: str | int | None = None
    variables: dict[str, Any] | None = None
    tenantId: str | None = None
    operationReference: int | None = None
    startInstructions: list[dict[str, Any]] | None = None
    runtimeInstructions: list[dict[str, Any]] | None = None
    awaitCompletion: bool = False
    fetchVariables: list[str] | None = None
    requestTimeout: int | None = Field(default=None, ge=0)
    tags: list[str] | None = None


def process_instance_item(
    context: RestContext, history: History, entry: ProcessInstanceEntry
) -> dict[str, Any]:
    """A process instance as ``GET`` and search show it."""
    process = context.process(entry.process_definition_key)
    return {
        "processInstanceKey": format_key(entry.key),
        "processDefinitionId": entry.bpmn_process_id,
        "processDefinitionName": None if process is None else process.name,
        "processDefinitionVersion": entry.version,
        "processDefinitionVersionTag": None if process is None else process.version_tag,
        "processDefinitionKey": format_key(entry.process_definition_key),
        "startDate": timestamp(entry.start_time),
        "endDate": timestamp(entry.end_time),
        "state": entry.state,
        "hasIncident": history.has_incident(entry.key),
        "tenantId": entry.tenant_id,
        "parentProcessInstanceKey": optional_key(entry.parent_process_instance_key),
        "parentElementInstanceKey": optional_key(entry.parent_element_instance_key),
        "rootProcessInstanceKey": format_key(history.root_of(entry.key)),
        "suspendedDate": None,
        "tags": [],
        "businessId": None,
    }


def variables_filter(scope_variables: dict[str, Any], condition: Any) -> bool:
    """``variables``-style filters: every ``{name, value}`` must match a variable of the scope."""
    if not isinstance(condition, list):
        raise ApiProblem.invalid_argument("The variables filter must be a list of {name, value} objects.")
    for entry in condition:
        if not isinstance(entry, dict) or "name" not in entry:
            raise ApiProblem.invalid_argument("No name provided for a variables filter entry.")
        name = entry["name"]
        text = json_text(scope_variables[name]) if name in scope_variables else None
        if "value" not in entry:
            if text is None:
                return False
        elif not json_value_matches(text, entry["value"], f"the value of variable '{name}'"):
            return False
    return True


def _spec(context: RestContext) -> SearchSpec:
    fields = {
        "processInstanceKey": FieldKind.KEY,
        "processDefinitionId": FieldKind.TEXT,
        "processDefinitionName": FieldKind.TEXT,
        "processDefinitionVersion": FieldKind.NUMBER,
        "processDefinitionVersionTag": FieldKind.TEXT,
        "processDefinitionKey": FieldKind.KEY,
        "parentProcessInstanceKey": FieldKind.KEY,
        "parentElementInstanceKey": FieldKind.KEY,
        "rootProcessInstanceKey": FieldKind.KEY,
        "startDate": FieldKind.DATE,
        "endDate": FieldKind.DATE,
        "state": FieldKind.TEXT,
        "hasIncident": FieldKind.BOOLEAN,
        "tenantId": FieldKind.TEXT,
    }

    def by_variables(item: dict[str, Any], condition: Any) -> bool:
        key = int(item["processInstanceKey"])
        return variables_filter(context.history.scope_variables(key), condition)

    def by_tags(item: dict[str, Any], condition: Any) -> bool:
        return not condition

    return SearchSpec(
        key_field="processInstanceKey",
        fields=fields,
        sortable=frozenset(fields),
        custom={"variables": by_variables, "tags": by_tags},
    )


def _check_create(body: CreateProcessInstanceRequest) -> None:
    by_id = body.processDefinitionId is not None
    by_key = body.processDefinitionKey is not None
    if by_id == by_key:
        which = "Only one" if by_id else "At least one"
        raise ApiProblem.invalid_argument(
            f"{which} of [processDefinitionId, processDefinitionKey] is required."
        )
    for name in ("runtimeInstructions", "tags"):
        if getattr(body, name):
            raise ApiProblem.invalid_argument(f"The field {name} is not supported by zeebe_lite.")
    check_tenant(body.tenantId)


class VariableInstructionBody(RequestBody):
    """Variables set on a scope of an activated element (``scopeId`` empty: the process instance)."""

    variables: dict[str, Any] = Field(default_factory=dict)
    scopeId: str = ""


class ActivateInstructionBody(RequestBody):
    """Activate an element, optionally below a chosen ancestor element instance."""

    elementId: str
    ancestorElementInstanceKey: str | int | None = None
    variableInstructions: list[VariableInstructionBody] = Field(default_factory=list)


class TerminateInstructionBody(RequestBody):
    """Terminate one element instance."""

    elementInstanceKey: str | int


class ModifyProcessInstanceRequest(RequestBody):
    """The body of ``POST /v2/process-instances/{key}/modification``."""

    operationReference: int | None = None
    activateInstructions: list[ActivateInstructionBody] = Field(default_factory=list)
    terminateInstructions: list[TerminateInstructionBody] = Field(default_factory=list)


class MappingInstructionBody(RequestBody):
    """Map an element of the source definition to one of the target definition."""

    sourceElementId: str = Field(min_length=1)
    targetElementId: str = Field(min_length=1)


class MigrateProcessInstanceRequest(RequestBody):
    """The body of ``POST /v2/process-instances/{key}/migration``."""

    targetProcessDefinitionKey: str | int
    mappingInstructions: list[MappingInstructionBody] = Field(min_length=1)
    operationReference: int | None = None


def _element_id(item: dict[str, Any]) -> str:
    element_id = item.get("elementId")
    if not isinstance(element_id, str) or not element_id:
        raise ApiProblem.invalid_argument("Expected every start instruction to name an elementId.")
    return element_id


def _activation(body: ActivateInstructionBody) -> ModificationActivateInstruction:
    ancestor = NO_KEY
    if body.ancestorElementInstanceKey not in (None, "", -1, "-1"):
        ancestor = parse_key(body.ancestorElementInstanceKey, "ancestorElementInstanceKey")
    return ModificationActivateInstruction(
        element_id=body.elementId,
        ancestor_scope_key=ancestor,
        variable_instructions=tuple(
            ModificationVariableInstruction(item.scopeId, item.variables)
            for item in body.variableInstructions
        ),
    )


def build_router(context: RestContext) -> APIRouter:
    """The process instance routes."""
    router = APIRouter()
    spec = _spec(context)

    @router.post("/v2/process-instances")
    async def create_process_instance(body: CreateProcessInstanceRequest) -> dict[str, Any]:
        _check_create(body)
        definition_key = NO_KEY
        if body.processDefinitionKey is not None:
            definition_key = parse_key(body.processDefinitionKey, "processDefinitionKey")
        arguments: dict[str, Any] = {
            "bpmn_process_id": body.processDefinitionId or "",
            "version": body.processDefinitionVersion if body.processDefinitionId is not None else -1,
            "process_definition_key": definition_key,
            "variables": body.variables,
            "start_element_ids": [_element_id(item) for item in body.startInstructions or ()],
        }
        engine = context.engine
        variables: dict[str, Any] = {}
        if body.awaitCompletion:
            timeout = (
                dt.timedelta(milliseconds=body.requestTimeout)
                if body.requestTimeout
                else context.settings.request_timeout
            )
            try:
                created, result = await context.unless_stopping(
                    engine.create_process_instance_with_result(
                        **arguments, request_timeout=timeout, fetch_variables=body.fetchVariables or ()
                    )
                )
            except TimeoutError:
                raise ApiProblem(
                    504,
                    "DEADLINE_EXCEEDED",
                    f"Expected to handle REST API request, but request timed out after {timeout}",
                ) from None
            if not result.completed:
                raise ApiProblem.invalid_state(
                    f"Expected the process instance '{created.process_instance_key}' to complete, "
                    "but it was terminated"
                )
            variables = dict(result.variables)
        else:
            created = await engine.create_process_instance(**arguments)
        return {
            "processDefinitionId": created.bpmn_process_id,
            "processDefinitionVersion": created.version,
            "processDefinitionKey": format_key(created.process_definition_key),
            "processInstanceKey": format_key(created.process_instance_key),
            "tenantId": created.tenant_id,
            "variables": variables,
            "tags": [],
            "businessId": None,
        }

    @router.get("/v2/process-instances/{process_instance_key}")
    async def get_process_instance(process_instance_key: str) -> dict[str, Any]:
        key = parse_key(process_instance_key, "processInstanceKey")
        history = context.history_now()
        entry = history.process_instances.get(key)
        if entry is None:
            raise ApiProblem.not_found(f"Process instance with key '{key}' not found")
        return process_instance_item(context, history, entry)

    @router.post("/v2/process-instances/search")
    async def search_process_instances(body: SearchRequest | None = None) -> dict[str, Any]:
        history = context.history_now()
        items = [process_instance_item(context, history, e) for e in history.process_instances.values()]
        return search(items, body or SearchRequest(), spec)

    @router.post("/v2/process-instances/{process_instance_key}/cancellation", status_code=204)
    async def cancel_process_instance(
        process_instance_key: str, body: OperationRequest | None = None
    ) -> Response:
        key = parse_key(process_instance_key, "processInstanceKey")
        await context.engine.cancel_process_instance(key)
        return Response(status_code=204)

    @router.post("/v2/process-instances/{process_instance_key}/modification", status_code=204)
    async def modify_process_instance(
        process_instance_key: str, body: ModifyProcessInstanceRequest
    ) -> Response:
        key = parse_key(process_instance_key, "processInstanceKey")
        activations = [_activation(item) for item in body.activateInstructions]
        terminations = [
            parse_key(item.elementInstanceKey, "elementInstanceKey") for item in body.terminateInstructions
        ]
        await context.engine.modify_process_instance(key, activations, terminations)
        return Response(status_code=204)

    @router.post("/v2/process-instances/{process_instance_key}/migration", status_code=204)
    async def migrate_process_instance(
        process_instance_key: str, body: MigrateProcessInstanceRequest
    ) -> Response:
        key = parse_key(process_instance_key, "processInstanceKey")
        target = parse_key(body.targetProcessDefinitionKey, "targetProcessDefinitionKey")
        mappings = [
            ProcessInstanceMigrationMappingInstruction(item.sourceElementId, item.targetElementId)
            for item in body.mappingInstructions
        ]
        await context.engine.migrate_process_instance(key, target, mappings)
        return Response(status_code=204)

    return router
