"""User task behaviour: evaluate assignment, schedule, form and priority of a user task."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.model.bpmn import DEFAULT_USER_TASK_PRIORITY, Expression, UserTask
from zeebe_lite.processing.context import ProcessingContext

__all__ = ["UserTaskProperties", "evaluate_user_task", "job_worker_headers"]


@dataclass(frozen=True, slots=True)
class UserTaskProperties:
    """A user task's evaluated properties."""

    assignee: str = ""
    candidate_groups: tuple[str, ...] = ()
    candidate_users: tuple[str, ...] = ()
    due_date: str = ""
    follow_up_date: str = ""
    form_key: str = ""
    priority: int = DEFAULT_USER_TASK_PRIORITY


def _text(pctx: ProcessingContext, expression: Expression | None, scope_key: int) -> str | Failure:
    if expression is None:
        return ""
    value = pctx.expressions.evaluate_json(expression, pctx.state.variables, scope_key)
    if isinstance(value, Failure):
        return value
    return "" if value is None else str(value)


def _names(
    pctx: ProcessingContext, expression: Expression | None, scope_key: int
) -> tuple[str, ...] | Failure:
    if expression is None:
        return ()
    if not expression.is_feel:
        return tuple(name.strip() for name in expression.raw.split(",") if name.strip())
    value = pctx.expressions.evaluate_json(expression, pctx.state.variables, scope_key)
    if isinstance(value, Failure):
        return value
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(item) for item in value if item is not None)
    return ()


def evaluate_user_task(
    pctx: ProcessingContext, element: UserTask, scope_key: int
) -> UserTaskProperties | Failure:
    """Evaluate the task's properties in its scope (after input mappings)."""
    assignment = element.assignment
    schedule = element.schedule
    assignee = _text(pctx, assignment.assignee, scope_key)
    groups = _names(pctx, assignment.candidate_groups, scope_key)
    users = _names(pctx, assignment.candidate_users, scope_key)
    due = _text(pctx, schedule.due_date, scope_key)
    follow_up = _text(pctx, schedule.follow_up_date, scope_key)
    form = element.form
    form_key: str | Failure = ""
    if form is not None:
        form_key = form.form_key or form.form_id or _text(pctx, form.external_reference, scope_key)
    priority: int | Failure = DEFAULT_USER_TASK_PRIORITY
    if element.priority is not None:
        priority = pctx.expressions.evaluate_int(element.priority, pctx.state.variables, scope_key)
    values: list[Any] = [assignee, groups, users, due, follow_up, form_key, priority]
    for value in values:
        if isinstance(value, Failure):
            return value
    return UserTaskProperties(*values)


def job_worker_headers(properties: UserTaskProperties) -> dict[str, str]:
    """The ``io.camunda.zeebe:*`` headers a job-worker user task's job carries."""
    headers: dict[str, str] = {}
    if properties.assignee:
        headers["io.camunda.zeebe:assignee"] = properties.assignee
    if properties.candidate_groups:
        headers["io.camunda.zeebe:candidateGroups"] = json.dumps(list(properties.candidate_groups))
    if properties.candidate_users:
        headers["io.camunda.zeebe:candidateUsers"] = json.dumps(list(properties.candidate_users))
    if properties.due_date:
        headers["io.camunda.zeebe:dueDate"] = properties.due_date
    if properties.follow_up_date:
        headers["io.camunda.zeebe:followUpDate"] = properties.follow_up_date
    if properties.form_key:
        headers["io.camunda.zeebe:formKey"] = properties.form_key
    return headers
