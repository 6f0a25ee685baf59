"""Inventory of every attribute value of a model element that Zeebe treats as a (possible) expression."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from zeebe_lite.model.bpmn import (
    Activity,
    AdHocSubProcess,
    BusinessRuleTask,
    CallActivity,
    CalledDecision,
    EndEvent,
    ErrorEventDefinition,
    EscalationEventDefinition,
    Event,
    Expression,
    FlowNode,
    IntermediateThrowEvent,
    JobDefinition,
    MessageEventDefinition,
    ReceiveTask,
    ScriptDefinition,
    ScriptTask,
    SendTask,
    ServiceTask,
    SignalEventDefinition,
    TimerEventDefinition,
    UserTask,
)

__all__ = ["ExpressionUse", "expressions_of"]


@dataclass(frozen=True)
class ExpressionUse:
    """One expression-valued attribute: where it is (``label``), its value, and whether it must be FEEL."""

    label: str
    expression: Expression
    feel_required: bool = False


def _job(job: JobDefinition, prefix: str = "zeebe:taskDefinition") -> Iterator[ExpressionUse]:
    yield ExpressionUse(f"{prefix} type", job.job_type)
    yield ExpressionUse(f"{prefix} retries", job.retries)
    if job.priority is not None:
        yield ExpressionUse("zeebe:jobPriorityDefinition priority", job.priority)


def _event(node: Event) -> Iterator[ExpressionUse]:
    definition = node.event_definition
    if isinstance(definition, TimerEventDefinition):
        yield ExpressionUse(f"timer {definition.timer_type.value}", definition.value)
    elif isinstance(definition, MessageEventDefinition):
        yield from _message(definition)
    elif isinstance(definition, SignalEventDefinition) and definition.signal_name is not None:
        yield ExpressionUse(f"name of signal '{definition.signal_ref}'", definition.signal_name)
    elif isinstance(definition, ErrorEventDefinition) and definition.error_code is not None:
        yield ExpressionUse(f"errorCode of error '{definition.error_ref}'", definition.error_code)
    elif isinstance(definition, EscalationEventDefinition) and definition.escalation_code is not None:
        yield ExpressionUse(
            f"escalationCode of escalation '{definition.escalation_ref}'", definition.escalation_code
        )
    if isinstance(node, EndEvent | IntermediateThrowEvent) and node.job is not None:
        yield from _job(node.job)


def _message(definition: MessageEventDefinition) -> Iterator[ExpressionUse]:
    if definition.message_name is not None:
        yield ExpressionUse(f"name of message '{definition.message_ref}'", definition.message_name)
    if definition.correlation_key is not None:
        yield ExpressionUse(
            f"zeebe:subscription correlationKey of message '{definition.message_ref}'",
            definition.correlation_key,
            feel_required=True,
        )


def _activity(node: Activity) -> Iterator[ExpressionUse]:
    loop = node.multi_instance
    if loop is not None:
        if loop.input_collection is not None:
            yield ExpressionUse("zeebe:loopCharacteristics inputCollection", loop.input_collection, True)
        if loop.output_element is not None:
            yield ExpressionUse("zeebe:loopCharacteristics outputElement", loop.output_element, True)
        if loop.completion_condition is not None:
            yield ExpressionUse("multi-instance completionCondition", loop.completion_condition)
    if isinstance(node, ServiceTask | SendTask):
        yield from _job(node.job)
    elif isinstance(node, ReceiveTask):
        yield from _message(node.message)
    elif isinstance(node, BusinessRuleTask | ScriptTask):
        yield from _implementation(node.implementation)
    elif isinstance(node, CallActivity):
        yield ExpressionUse("zeebe:calledElement processId", node.called_element.process_id)
    elif isinstance(node, UserTask):
        yield from _user_task(node)
    elif isinstance(node, AdHocSubProcess):
        if node.ad_hoc.active_elements_collection is not None:
            yield ExpressionUse(
                "zeebe:adHoc activeElementsCollection", node.ad_hoc.active_elements_collection, True
            )
        if node.ad_hoc.completion_condition is not None:
            yield ExpressionUse("ad-hoc completionCondition", node.ad_hoc.completion_condition, True)
        if node.job is not None:
            yield from _job(node.job)


def _implementation(
    implementation: CalledDecision | ScriptDefinition | JobDefinition,
) -> Iterator[ExpressionUse]:
    if isinstance(implementation, CalledDecision):
        yield ExpressionUse("zeebe:calledDecision decisionId", implementation.decision_id)
    elif isinstance(implementation, ScriptDefinition):
        yield ExpressionUse("zeebe:script expression", implementation.expression, feel_required=True)
    else:
        yield from _job(implementation)


def _user_task(node: UserTask) -> Iterator[ExpressionUse]:
    optional = (
        ("zeebe:assignmentDefinition assignee", node.assignment.assignee),
        ("zeebe:assignmentDefinition candidateGroups", node.assignment.candidate_groups),
        ("zeebe:assignmentDefinition candidateUsers", node.assignment.candidate_users),
        ("zeebe:taskSchedule dueDate", node.schedule.due_date),
        ("zeebe:taskSchedule followUpDate", node.schedule.follow_up_date),
        ("zeebe:priorityDefinition priority", node.priority),
        ("zeebe:formDefinition externalReference", node.form.external_reference if node.form else None),
    )
    for label, expression in optional:
        if expression is not None:
            yield ExpressionUse(label, expression)
    for listener in node.task_listeners:
        yield ExpressionUse(f"zeebe:taskListener ({listener.event_type}) type", listener.job_type)
        yield ExpressionUse(f"zeebe:taskListener ({listener.event_type}) retries", listener.retries)


def expressions_of(node: FlowNode) -> Iterator[ExpressionUse]:
    """Every expression-valued attribute of ``node`` (mappings, listeners, element-specific values)."""
    for mapping in node.io_mapping.inputs:
        yield ExpressionUse(f"zeebe:input source (target '{mapping.target}')", mapping.source)
    for mapping in node.io_mapping.outputs:
        yield ExpressionUse(f"zeebe:output source (target '{mapping.target}')", mapping.source, True)
    for listener in node.execution_listeners:
        yield ExpressionUse(f"zeebe:executionListener ({listener.event_type.value}) type", listener.job_type)
        yield ExpressionUse(
            f"zeebe:executionListener ({listener.event_type.value}) retries", listener.retries
        )
    if isinstance(node, Event):
        yield from _event(node)
    if isinstance(node, Activity):
        yield from _activity(node)
