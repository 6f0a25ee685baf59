"""Camunda user tasks (``zeebe:userTask``): search, get, assign, unassign, complete.

* ``POST /v2/user-tasks/search``: ``state`` is CREATED, COMPLETED or CANCELED. Besides the plain fields below,
  ``candidateUser`` / ``candidateGroup`` match one entry of the candidate lists, and
  ``processInstanceVariables`` / ``localVariables`` (lists of ``{name, value}``, value as JSON text) match the
  instance's root scope / the task's own scope.
* ``GET /v2/user-tasks/{key}``: 404 when unknown. ``name`` is the BPMN element's name (or its id when it has
  none, as Tasklist shows it); ``formKey`` is the task's form (form key, form id or external reference).
* ``POST /v2/user-tasks/{key}/assignment``: ``assignee`` (required, not empty), ``allowOverride`` (default
  true), ``action``; 204. With ``allowOverride: false`` the assignment is a *claim*: a task already assigned
  to somebody else answers 409 INVALID_STATE (Zeebe's CLAIM rejection).
* ``DELETE /v2/user-tasks/{key}/assignee``: 204.
* ``GET /v2/user-tasks/{key}/form``: 204 (no linked form: the engine deploys no Camunda forms), 404 when
  the task is unknown.
* ``POST /v2/user-tasks/{key}/variables/search``: the variables of the task's own scope (its input
  mappings and local variables), with the variable search's filters.
* ``POST /v2/user-tasks/{key}/completion``: ``variables`` (object), ``action``; 204. The variables are merged
  into the instance as the task completes (through the task's output mappings).

All commands answer 404 for an unknown task, including one already completed or canceled: as in Zeebe, an
ended task no longer exists for commands (``Command 'COMPLETE' rejected with code 'NOT_FOUND': ...``).
``action`` is accepted and ignored (the engine has no task listeners that would see it).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from zeebe_lite.engine import CommandRejectedError
from zeebe_lite.records import RejectionType
from zeebe_lite.rest.context import RestContext
from zeebe_lite.rest.formatting import timestamp
from zeebe_lite.rest.history import History, UserTaskEntry
from zeebe_lite.rest.keys import format_key, parse_key
from zeebe_lite.rest.problems import ApiProblem, rejection_problem
from zeebe_lite.rest.process_instances import variables_filter
from zeebe_lite.rest.requests import RequestBody
from zeebe_lite.rest.search import FieldKind, SearchRequest, SearchSpec, search
from zeebe_lite.rest.variables import VARIABLE_SEARCH, variable_item

__all__ = ["AssignUserTaskRequest", "CompleteUserTaskRequest", "build_router", "user_task_item"]


class AssignUserTaskRequest(RequestBody):
    """The body of ``POST /v2/user-tasks/{key}/assignment``."""

    assignee: str
    allowOverride: bool | None = None
    action: str | None = None


class CompleteUserTaskRequest(RequestBody):
    """The body of ``POST /v2/user-tasks/{key}/completion``."""

    variables: dict[str, Any] | None = None
    action: str | None = None


_FIELDS = {
    "userTaskKey": FieldKind.KEY,
    "state": FieldKind.TEXT,
    "assignee": FieldKind.TEXT,
    "priority": FieldKind.NUMBER,
    "elementId": FieldKind.TEXT,
    "elementInstanceKey": FieldKind.KEY,
    "name": FieldKind.TEXT,
    "processDefinitionId": FieldKind.TEXT,
    "processDefinitionKey": FieldKind.KEY,
    "processInstanceKey": FieldKind.KEY,
    "tenantId": FieldKind.TEXT,
    "creationDate": FieldKind.DATE,
    "completionDate": FieldKind.DATE,
    "dueDate": FieldKind.DATE,
    "followUpDate": FieldKind.DATE,
}


def user_task_item(context: RestContext, history: History, entry: UserTaskEntry) -> dict[str, Any]:
    """A user task as ``GET`` and search show it."""
    task = entry.record
    name = context.element_name(task.process_definition_key, task.element_id) or task.element_id
    return {
        "userTaskKey": format_key(entry.key),
        "name": name,
        "state": entry.state,
        "assignee": task.assignee or None,
        "elementId": task.element_id,
        "elementInstanceKey": format_key(task.element_instance_key),
        "candidateGroups": list(task.candidate_groups),
        "candidateUsers": list(task.candidate_users),
        "processDefinitionId": task.bpmn_process_id,
        "processDefinitionKey": format_key(task.process_definition_key),
        "processDefinitionVersion": task.process_definition_version,
        "processInstanceKey": format_key(task.process_instance_key),
        "rootProcessInstanceKey": format_key(history.root_of(task.process_instance_key)),
        "processName": context.process_name(task.process_definition_key),
        "creationDate": timestamp(entry.creation_time),
        "completionDate": timestamp(entry.completion_time),
        "dueDate": task.due_date or None,
        "followUpDate": task.follow_up_date or None,
        "tenantId": task.tenant_id,
        "formKey": task.form_key or None,
        "externalFormReference": None,
        "customHeaders": dict(task.custom_headers),
        "priority": task.priority,
        "tags": [],
        "businessId": None,
    }


def _spec(context: RestContext) -> SearchSpec:
    def candidate(field: str) -> Any:
        def check(item: dict[str, Any], condition: Any) -> bool:
            values = item[field]
            if isinstance(condition, dict):
                if "$eq" in condition:
                    return condition["$eq"] in values
                if "$in" in condition:
                    return any(value in values for value in condition["$in"])
                if "$exists" in condition:
                    return bool(values) == bool(condition["$exists"])
                raise ApiProblem.invalid_argument(f"Unsupported operators for the {field} filter.")
            return condition in values

        return check

    def instance_variables(item: dict[str, Any], condition: Any) -> bool:
        variables = context.history.scope_variables(int(item["processInstanceKey"]))
        return variables_filter(variables, condition)

    def local_variables(item: dict[str, Any], condition: Any) -> bool:
        variables = context.history.scope_variables(int(item["elementInstanceKey"]))
        return variables_filter(variables, condition)

    return SearchSpec(
        key_field="userTaskKey",
        fields=_FIELDS,
        sortable=frozenset(_FIELDS),
        custom={
            "candidateUser": candidate("candidateUsers"),
            "candidateGroup": candidate("candidateGroups"),
            "processInstanceVariables": instance_variables,
            "localVariables": local_variables,
        },
    )


def build_router(context: RestContext) -> APIRouter:
    """The user task routes."""
    router = APIRouter()
    spec = _spec(context)

    @router.post("/v2/user-tasks/search")
    async def search_user_tasks(body: SearchRequest | None = None) -> dict[str, Any]:
        history = context.history_now()
        items = [user_task_item(context, history, entry) for entry in history.user_tasks.values()]
        return search(items, body or SearchRequest(), spec)

    @router.get("/v2/user-tasks/{user_task_key}")
    async def get_user_task(user_task_key: str) -> dict[str, Any]:
        key = parse_key(user_task_key, "userTaskKey")
        history = context.history_now()
        entry = history.user_tasks.get(key)
        if entry is None:
            raise ApiProblem.not_found(f"User task with key '{key}' not found")
        return user_task_item(context, history, entry)

    @router.get("/v2/user-tasks/{user_task_key}/form", status_code=204)
    async def get_user_task_form(user_task_key: str) -> Response:
        key = parse_key(user_task_key, "userTaskKey")
        if key not in context.history_now().user_tasks:
            raise ApiProblem.not_found(f"User task with key '{key}' not found")
        return Response(status_code=204)

    @router.post("/v2/user-tasks/{user_task_key}/variables/search")
    async def search_user_task_variables(
        user_task_key: str, body: SearchRequest | None = None, truncateValues: bool = True
    ) -> dict[str, Any]:
        key = parse_key(user_task_key, "userTaskKey")
        history = context.history_now()
        entry = history.user_tasks.get(key)
        if entry is None:
            raise ApiProblem.not_found(f"User task with key '{key}' not found")
        scope = entry.record.element_instance_key
        items = [
            variable_item(history, variable, truncate=truncateValues)
            for variable in history.variables.values()
            if variable.record.scope_key == scope
        ]
        return search(items, body or SearchRequest(), VARIABLE_SEARCH)

    @router.post("/v2/user-tasks/{user_task_key}/assignment", status_code=204)
    async def assign_user_task(user_task_key: str, body: AssignUserTaskRequest) -> Response:
        key = parse_key(user_task_key, "userTaskKey")
        if not body.assignee.strip():
            raise ApiProblem.invalid_argument("No assignee provided.")
        if body.allowOverride is False:
            open_task = context.engine.state.user_tasks.get(key)
            if open_task is not None and open_task.assignee and open_task.assignee != body.assignee:
                raise _claim_conflict(key)
        await context.engine.assign_user_task(key, body.assignee)
        return Response(status_code=204)

    @router.delete("/v2/user-tasks/{user_task_key}/assignee", status_code=204)
    async def unassign_user_task(user_task_key: str) -> Response:
        key = parse_key(user_task_key, "userTaskKey")
        await context.engine.assign_user_task(key, "")
        return Response(status_code=204)

    @router.post("/v2/user-tasks/{user_task_key}/completion", status_code=204)
    async def complete_user_task(user_task_key: str, body: CompleteUserTaskRequest | None = None) -> Response:
        key = parse_key(user_task_key, "userTaskKey")
        variables = None if body is None else body.variables
        await context.engine.complete_user_task(key, variables)
        return Response(status_code=204)

    return router


def _claim_conflict(key: int) -> ApiProblem:
    """409 for claiming a task that somebody else holds (Zeebe's CLAIM rejection)."""
    reason = f"Expected to claim user task with key '{key}', but it has already been assigned"
    return rejection_problem(CommandRejectedError(RejectionType.INVALID_STATE, reason, "CLAIM"))
