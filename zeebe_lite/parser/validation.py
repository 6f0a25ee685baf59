"""Deploy-time validation of a parsed BPMN model (what Zeebe rejects when a resource is deployed).

:func:`validate_definitions` returns every problem; the parser adds the ones it found while reading XML
(unknown or unsupported elements, duplicate ids, unresolved references) and raises them together.
FEEL expressions are checked with :func:`zeebe_lite.feel.compile_expression` when that module is available.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from zeebe_lite.model.bpmn import (
    Activity,
    BpmnDefinitions,
    Event,
    Expression,
    FlowNode,
    Process,
    TimerEventDefinition,
    TimerType,
)
from zeebe_lite.parser._event_checks import check_event
from zeebe_lite.parser._expressions import expressions_of
from zeebe_lite.parser._problems import flow_problem, node_problem, process_problem
from zeebe_lite.parser._structure_checks import check_structure
from zeebe_lite.parser._task_checks import check_activity
from zeebe_lite.parser.errors import Problem
from zeebe_lite.parser.timer_syntax import cycle_error, date_time_error, duration_error

__all__ = ["FeelCompiler", "load_feel_compiler", "validate_definitions", "validate_process"]

FeelCompiler = Callable[[str], object]
"""Compiles FEEL text (without the leading ``=``); raises an exception with ``reason``/``excerpt`` if invalid."""

_PATH = re.compile(r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$")
_TIMER_CHECKS: dict[TimerType, Callable[[str], str | None]] = {
    TimerType.DURATION: duration_error,
    TimerType.DATE: date_time_error,
    TimerType.CYCLE: cycle_error,
}


def load_feel_compiler() -> FeelCompiler | None:
    """``zeebe_lite.feel.compile_expression`` when the FEEL package provides it, else None."""
    try:
        from zeebe_lite.feel import compile_expression  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return None
    compiler: FeelCompiler = compile_expression
    return compiler


def _feel_problem(compile_feel: FeelCompiler | None, expression: Expression) -> str | None:
    if compile_feel is None:
        return None
    try:
        compile_feel(expression.feel)
    except Exception as error:  # FeelSyntaxError, or anything the compiler raises for bad input
        excerpt = getattr(error, "excerpt", None)
        reason = getattr(error, "reason", None) or str(error).splitlines()[0]
        return f"{reason}\n{excerpt}" if excerpt else reason
    return None


def _check_expression_text(
    label: str, expression: Expression, feel_required: bool, compile_feel: FeelCompiler | None
) -> str | None:
    if expression.is_feel:
        problem = _feel_problem(compile_feel, expression)
        return (
            None
            if problem is None
            else f"{label} is not a valid FEEL expression '{expression.raw}': {problem}"
        )
    if feel_required and expression.raw.strip():
        return f"{label} must be a FEEL expression starting with '=', got static value '{expression.raw}'"
    return None


def _check_expressions(node: FlowNode, compile_feel: FeelCompiler | None) -> Iterator[Problem]:
    for use in expressions_of(node):
        message = _check_expression_text(use.label, use.expression, use.feel_required, compile_feel)
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


def validate_process(process: Process, compile_feel: FeelCompiler | None = None) -> list[Problem]:
    """Every deploy-time problem of one process (``compile_feel`` None skips FEEL syntax checks)."""
    problems = list(check_structure(process))
    for node in process.flow_nodes:
        if isinstance(node, Event | Activity):
            problems.extend(check_event(process, node))
        if isinstance(node, Activity):
            problems.extend(check_activity(node))
        problems.extend(_check_expressions(node, compile_feel))
    for flow in process.sequence_flows:
        if flow.condition is None:
            continue
        if not flow.condition.raw:
            problems.append(flow_problem(flow, "conditionExpression must not be empty"))
            continue
        message = _check_expression_text("conditionExpression", flow.condition, True, compile_feel)
        if message is not None:
            problems.append(flow_problem(flow, message))
    for listener in process.execution_listeners:
        if not listener.job_type.raw.strip():
            problems.append(process_problem(process, "zeebe:executionListener must have a non-empty type"))
    return problems


def validate_definitions(definitions: BpmnDefinitions) -> list[Problem]:
    """Every deploy-time problem of a parsed resource: needs ≥ 1 executable process, each of them valid."""
    compile_feel = load_feel_compiler()
    problems: list[Problem] = []
    if not definitions.executable_processes:
        problems.append(
            Problem(
                element_id=definitions.id,
                element_type="definitions",
                message='must contain at least one executable process (bpmn:process isExecutable="true")',
                line=None,
            )
        )
    for process in definitions.executable_processes:
        problems.extend(validate_process(process, compile_feel))
    return problems
