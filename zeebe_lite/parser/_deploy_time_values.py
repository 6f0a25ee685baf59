"""Values Zeebe evaluates while deploying: FEEL timers and message/signal names of process start events.

Those expressions have no variables to read, so Zeebe evaluates them at deploy and rejects the resource if
the result is unusable; this module does the same with the FEEL evaluator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from zeebe_lite.feel.values import YearMonthDuration
from zeebe_lite.model.bpmn import (
    MessageEventDefinition,
    Process,
    SignalEventDefinition,
    StartEvent,
    TimerEventDefinition,
    TimerType,
)
from zeebe_lite.parser._problems import node_problem
from zeebe_lite.parser.errors import Problem
from zeebe_lite.parser.timer_syntax import cycle_error, date_time_error, duration_error

__all__ = ["FeelEvaluator", "check_start_event_values", "load_feel_evaluator"]

FeelEvaluator = Callable[[str], Any]
"""Evaluates FEEL text (without ``=``) with no variables; raises ``ValueError`` with the reason on failure."""


def load_feel_evaluator() -> FeelEvaluator | None:
    """An evaluator backed by ``zeebe_lite.feel.evaluate``, or None when FEEL is unavailable."""
    try:
        from zeebe_lite.feel import FeelError, evaluate
    except ImportError:
        return None

    def evaluate_without_variables(text: str) -> Any:
        try:
            return evaluate(text, {})
        except FeelError as error:
            raise ValueError(str(error).splitlines()[0]) from None

    return evaluate_without_variables


def _timer_value_problem(timer_type: TimerType, value: Any) -> str | None:
    if timer_type is TimerType.DATE:
        if isinstance(value, dt.datetime):
            return None
        return date_time_error(value) if isinstance(value, str) else f"expected a date-time, got {value!r}"
    if timer_type is TimerType.CYCLE:
        return cycle_error(value) if isinstance(value, str) else f"expected a cycle string, got {value!r}"
    if isinstance(value, dt.timedelta | YearMonthDuration):
        return None
    return duration_error(value) if isinstance(value, str) else f"expected a duration, got {value!r}"


def _evaluate(evaluate: FeelEvaluator, text: str) -> tuple[Any, str | None]:
    try:
        return evaluate(text), None
    except ValueError as error:
        return None, str(error)


def check_start_event_values(process: Process, evaluate: FeelEvaluator) -> Iterator[Problem]:
    """Problems of FEEL timers and names of the process's own start events, evaluated as at deploy."""
    for start in process.start_events():
        definition = start.event_definition
        if isinstance(definition, TimerEventDefinition) and definition.value.is_feel:
            yield from _check_timer(start, definition, evaluate)
        elif isinstance(definition, MessageEventDefinition) and definition.message_name is not None:
            yield from _check_name(start, "message", definition.message_name.raw, evaluate)
        elif isinstance(definition, SignalEventDefinition) and definition.signal_name is not None:
            yield from _check_name(start, "signal", definition.signal_name.raw, evaluate)


def _check_timer(
    start: StartEvent, timer: TimerEventDefinition, evaluate: FeelEvaluator
) -> Iterator[Problem]:
    value, failure = _evaluate(evaluate, timer.value.feel)
    reason = failure or _timer_value_problem(timer.timer_type, value)
    if reason is not None:
        yield node_problem(
            start,
            f"timer {timer.timer_type.value} expression '{timer.value.raw}' evaluated at deploy is invalid: {reason}",
        )


def _check_name(start: StartEvent, kind: str, raw: str, evaluate: FeelEvaluator) -> Iterator[Problem]:
    if not raw.startswith("="):
        return
    value, failure = _evaluate(evaluate, raw[1:])
    if failure is not None or not isinstance(value, str) or not value:
        reason = failure or f"expected a non-empty string, got {value!r}"
        yield node_problem(start, f"{kind} name expression '{raw}' evaluated at deploy is invalid: {reason}")
