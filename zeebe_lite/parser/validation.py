"""Deploy-time validation of a parsed BPMN model (what Zeebe rejects when a resource is deployed).

:func:`validate_definitions` returns every problem; the parser adds the ones it found while reading XML
(unknown or unsupported elements, duplicate ids, unresolved references) and raises them together.
FEEL expressions are checked with :func:`zeebe_lite.feel.compile_expression` when that module is available.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator

from zeebe_lite.model.bpmn import (
    Activity,
    BpmnDefinitions,
    ErrorEventDefinition,
    EscalationEventDefinition,
    Event,
    ExecutionListener,
    Expression,
    FlowNode,
    Gateway,
    MessageEventDefinition,
    Process,
    SignalEventDefinition,
    TimerEventDefinition,
    TimerType,
)
from zeebe_lite.parser._deploy_time_values import FeelEvaluator, check_start_event_values, load_feel_evaluator
from zeebe_lite.parser._event_checks import KnownReferences, check_event
from zeebe_lite.parser._expressions import expressions_of
from zeebe_lite.parser._loop_checks import check_straight_through_loops
from zeebe_lite.parser._problems import flow_problem, node_problem, process_problem
from zeebe_lite.parser._structure_checks import check_structure
from zeebe_lite.parser._task_checks import check_activity
from zeebe_lite.parser.errors import Problem
from zeebe_lite.parser.timer_syntax import cycle_error, date_time_error, duration_error

__all__ = [
    "FeelChecker",
    "FeelEvaluator",
    "KnownReferences",
    "load_feel_checker",
    "load_feel_evaluator",
    "validate_definitions",
    "validate_process",
]

FeelChecker = Callable[[str], str | None]
"""Checks FEEL text (without the leading ``=``): None when it parses, else the reason with an excerpt."""

_PATH = re.compile(r"^[^\W\d]\w*(\.[^\W\d]\w*)*$")
_REFERENCE_FIELDS: dict[type, str] = {
    MessageEventDefinition: "message_ref",
    ErrorEventDefinition: "error_ref",
    SignalEventDefinition: "signal_ref",
    EscalationEventDefinition: "escalation_ref",
}
_TIMER_CHECKS: dict[TimerType, Callable[[str], str | None]] = {
    TimerType.DURATION: duration_error,
    TimerType.DATE: date_time_error,
    TimerType.CYCLE: cycle_error,
}


def load_feel_checker() -> FeelChecker | None:
    """A syntax checker backed by ``zeebe_lite.feel.compile_expression``, or None when FEEL is unavailable."""
    try:
        from zeebe_lite.feel import FeelSyntaxError, compile_expression
    except ImportError:
        return None

    def check(text: str) -> str | None:
        try:
            compile_expression(text)
        except FeelSyntaxError as error:
            return f"{error.reason} at position {error.position + 1}\n{error.excerpt}"
        return None

    return check


def _check_expression_text(
    label: str, expression: Expression, feel_required: bool, check_feel: FeelChecker | None
) -> str | None:
    if expression.is_feel:
        problem = None if check_feel is None else check_feel(expression.feel)
        if problem is None:
            return None
        return f"{label} is not a valid FEEL expression '{expression.raw}': {problem}"
    if feel_required and expression.raw.strip():
        return f"{label} must be a FEEL expression starting with '=', got static value '{expression.raw}'"
    return None


def _duplicate_listeners(listeners: tuple[ExecutionListener, ...]) -> Iterator[str]:
    counts = Counter((listener.event_type.value, listener.job_type.raw) for listener in listeners)
    for (event_type, job_type), count in counts.items():
        if count > 1:
            yield f"has {count} execution listeners with eventType '{event_type}' and type '{job_type}'; combinations must be unique"


def _check_expressions(node: FlowNode, check_feel: FeelChecker | None) -> Iterator[Problem]:
    for use in expressions_of(node):
        message = _check_expression_text(use.label, use.expression, use.feel_required, check_feel)
        if message is not None:
            yield node_problem(node, message)
    for kind, mappings in (("input", node.io_mapping.inputs), ("output", node.io_mapping.outputs)):
        for mapping in mappings:
            if not mapping.source.raw.strip():
                yield node_problem(
                    node, f"zeebe:{kind} for target '{mapping.target}' must have a non-empty source"
                )
            if not _PATH.match(mapping.target):
                yield node_problem(
                    node, f"zeebe:{kind} target '{mapping.target}' is not a variable name or path"
                )
    if isinstance(node, Event) and isinstance(node.event_definition, TimerEventDefinition):
        timer = node.event_definition
        if timer.value.is_static and timer.value.raw:
            reason = _TIMER_CHECKS[timer.timer_type](timer.value.raw)
            if reason is not None:
                yield node_problem(node, f"timer {timer.timer_type.value}: {reason}")


def validate_process(
    process: Process,
    known: KnownReferences | None = None,
    check_feel: FeelChecker | None = None,
    evaluate_feel: FeelEvaluator | None = None,
) -> list[Problem]:
    """Every deploy-time problem of one process.

    ``known`` holds the root element ids of the resource (None: take every reference as known);
    ``check_feel`` None skips FEEL syntax checks; ``evaluate_feel`` None skips evaluating start-event
    timers and names as Zeebe does at deploy.
    """
    if known is None:
        known = _all_referenced(process)
    problems = list(check_structure(process))
    for node in process.flow_nodes:
        if isinstance(node, Event | Activity):
            problems.extend(check_event(process, node, known))
        if isinstance(node, Activity):
            problems.extend(check_activity(node, known))
        problems.extend(_check_expressions(node, check_feel))
        problems.extend(
            node_problem(node, reason) for reason in _duplicate_listeners(node.execution_listeners)
        )
        if isinstance(node, Gateway) and any(
            listener.event_type.value == "end" for listener in node.execution_listeners
        ):
            problems.append(
                node_problem(node, "execution listeners of type 'end' are not supported on gateways")
            )
    for flow in process.sequence_flows:
        if flow.condition is None:
            continue
        if not flow.condition.raw:
            problems.append(flow_problem(flow, "conditionExpression must not be empty"))
            continue
        message = _check_expression_text("conditionExpression", flow.condition, True, check_feel)
        if message is not None:
            problems.append(flow_problem(flow, message))
    if evaluate_feel is not None and not any(
        problem.element_id in process.contents.start_event_ids for problem in problems
    ):
        problems.extend(check_start_event_values(process, evaluate_feel))
    problems.extend(
        process_problem(process, reason) for reason in _duplicate_listeners(process.execution_listeners)
    )
    for listener in process.execution_listeners:
        if not listener.job_type.raw.strip():
            problems.append(process_problem(process, "zeebe:executionListener must have a non-empty type"))
    return problems


def _all_referenced(process: Process) -> KnownReferences:
    refs: dict[type, set[str]] = {kind: set() for kind in _REFERENCE_FIELDS}
    for node in process.flow_nodes:
        definitions = [getattr(node, "event_definition", None), getattr(node, "message", None)]
        for definition in definitions:
            for kind, attribute in _REFERENCE_FIELDS.items():
                if isinstance(definition, kind) and getattr(definition, attribute):
                    refs[kind].add(getattr(definition, attribute))
    return KnownReferences(
        messages=frozenset(refs[MessageEventDefinition]),
        errors=frozenset(refs[ErrorEventDefinition]),
        signals=frozenset(refs[SignalEventDefinition]),
        escalations=frozenset(refs[EscalationEventDefinition]),
    )


def validate_definitions(definitions: BpmnDefinitions) -> list[Problem]:
    """Every deploy-time problem of a parsed resource: needs ≥ 1 executable process, each of them valid."""
    check_feel = load_feel_checker()
    evaluate_feel = load_feel_evaluator()
    known = KnownReferences.of(definitions)
    problems: list[Problem] = []
    if not definitions.executable_processes():
        problems.append(
            Problem(
                element_id=definitions.id,
                element_type="definitions",
                message='must contain at least one executable process (bpmn:process isExecutable="true")',
                line=None,
            )
        )
    for process in definitions.executable_processes():
        problems.extend(validate_process(process, known, check_feel, evaluate_feel))
    problems.extend(check_straight_through_loops(definitions))
    return problems
