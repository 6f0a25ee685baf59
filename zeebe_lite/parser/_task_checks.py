"""Deploy-time checks of activities: job definitions, decisions, scripts, call activities, multi-instance."""

from __future__ import annotations

import re
from collections.abc import Iterator

from zeebe_lite.model.bpmn import (
    Activity,
    BusinessRuleTask,
    CallActivity,
    CalledDecision,
    JobDefinition,
    ReceiveTask,
    ScriptDefinition,
    ScriptTask,
    SendTask,
    ServiceTask,
    UserTask,
)
from zeebe_lite.parser._event_checks import KnownReferences, check_job_definition, check_message_subscription
from zeebe_lite.parser._problems import node_problem
from zeebe_lite.parser.errors import Problem
from zeebe_lite.parser.timer_syntax import date_time_error

__all__ = ["check_activity"]

_TASK_LISTENER_EVENTS = frozenset(
    {
        "creating",
        "assigning",
        "updating",
        "completing",
        "canceling",
        "create",
        "assignment",
        "update",
        "complete",
        "cancel",
    }
)
_CSV_ITEM = re.compile(r"^\s*[^,\s][^,]*$")


def _check_multi_instance(node: Activity) -> Iterator[Problem]:
    loop = node.multi_instance
    if loop is None:
        return
    if loop.input_collection is None:
        yield node_problem(
            node, "multi-instance must have zeebe:loopCharacteristics with a non-empty inputCollection"
        )
    if (loop.output_collection is None) != (loop.output_element is None):
        yield node_problem(
            node, "zeebe:loopCharacteristics outputCollection and outputElement must be set together"
        )


def _check_business_rule(node: BusinessRuleTask) -> Iterator[Problem]:
    implementation = node.implementation
    if isinstance(implementation, CalledDecision):
        if not implementation.decision_id.raw.strip():
            yield node_problem(node, "zeebe:calledDecision must have a non-empty decisionId")
        if not implementation.result_variable.strip():
            yield node_problem(node, "zeebe:calledDecision must have a non-empty resultVariable")
    elif not implementation.job_type.raw.strip():
        yield node_problem(
            node,
            "a business rule task needs zeebe:calledDecision (decisionId, resultVariable) or a zeebe:taskDefinition with a job type",
        )


def _check_script(node: ScriptTask) -> Iterator[Problem]:
    implementation = node.implementation
    if isinstance(implementation, ScriptDefinition):
        if not implementation.expression.raw.strip():
            yield node_problem(node, "zeebe:script must have a non-empty expression")
        if not implementation.result_variable.strip():
            yield node_problem(node, "zeebe:script must have a non-empty resultVariable")
    elif not implementation.job_type.raw.strip():
        yield node_problem(
            node,
            "a script task needs zeebe:script (expression, resultVariable) or a zeebe:taskDefinition with a job type",
        )


def _check_user_task(node: UserTask) -> Iterator[Problem]:
    for label, expression in (
        ("candidateGroups", node.assignment.candidate_groups),
        ("candidateUsers", node.assignment.candidate_users),
    ):
        if (
            expression is not None
            and expression.is_static
            and not all(_CSV_ITEM.match(item) for item in expression.raw.split(","))
        ):
            yield node_problem(
                node, f"zeebe:assignmentDefinition {label} must be a comma-separated list, e.g. 'a,b,c'"
            )
    for label, expression in (
        ("dueDate", node.schedule.due_date),
        ("followUpDate", node.schedule.follow_up_date),
    ):
        if expression is not None and expression.is_static:
            reason = date_time_error(expression.raw)
            if reason is not None:
                yield node_problem(node, f"zeebe:taskSchedule {label}: {reason}")
    if node.priority is not None and node.priority.is_static:
        raw = node.priority.raw.strip()
        if not raw.isdigit() or not 0 <= int(raw) <= 100:
            yield node_problem(
                node, f"zeebe:priorityDefinition priority must be a number between 0 and 100, not '{raw}'"
            )
    if node.task_listeners and not node.is_camunda_user_task:
        yield node_problem(node, "task listeners are only supported on Camunda user tasks (zeebe:userTask)")
    for listener in node.task_listeners:
        if listener.event_type not in _TASK_LISTENER_EVENTS:
            yield node_problem(node, f"zeebe:taskListener has an unknown eventType '{listener.event_type}'")
        if not listener.job_type.raw.strip():
            yield node_problem(node, "zeebe:taskListener must have a non-empty type")


def _job_of(node: Activity) -> JobDefinition | None:
    if isinstance(node, ServiceTask | SendTask):
        return node.job
    return None


def check_activity(node: Activity, known: KnownReferences) -> Iterator[Problem]:
    """Problems of one activity."""
    yield from _check_multi_instance(node)
    job = _job_of(node)
    if job is not None:
        yield from check_job_definition(
            node, job, "a service task" if isinstance(node, ServiceTask) else "a send task"
        )
    if isinstance(node, BusinessRuleTask):
        yield from _check_business_rule(node)
    elif isinstance(node, ScriptTask):
        yield from _check_script(node)
    elif isinstance(node, ReceiveTask):
        yield from check_message_subscription(node, node.message, known)
    elif isinstance(node, CallActivity) and not node.called_element.process_id.raw.strip():
        yield node_problem(node, "a call activity must have a zeebe:calledElement with a non-empty processId")
    elif isinstance(node, UserTask):
        yield from _check_user_task(node)
    if node.is_for_compensation:
        yield from _check_compensation_handler(node)


def _check_compensation_handler(node: Activity) -> Iterator[Problem]:
    if isinstance(node, ReceiveTask | BusinessRuleTask):
        yield node_problem(
            node,
            "a compensation handler task must be a service, user, send, script, manual or undefined task",
        )
    if node.incoming or node.outgoing:
        yield node_problem(node, "a compensation handler must not have incoming or outgoing sequence flows")
    if node.boundary_event_ids:
        yield node_problem(node, "a compensation handler must not have boundary events")
