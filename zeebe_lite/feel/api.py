"""The public FEEL API: compile once (cached by text), evaluate many times."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from .analysis import free_variables
from .builtins import EvalEnv
from .compiler import compile_node, compile_tests
from .conversion import from_python
from .errors import FeelSyntaxError
from .parser import parse_expression, parse_unary_tests
from .runtime import SILENT_STATE, EvalState, Fn, TestFn
from .syntax import Node

__all__ = [
    "CompiledExpression",
    "CompiledUnaryTests",
    "Evaluation",
    "compile_expression",
    "compile_unary_tests",
    "evaluate",
    "evaluate_unary_tests",
]

_EMPTY_CONTEXT: Mapping[str, Any] = MappingProxyType({})
_RECURSION_WARNING = "Evaluation exceeded the maximum nesting depth"
_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The result of an evaluation plus the suppressed failures (warnings) Camunda would report."""

    value: Any
    warnings: tuple[str, ...]


class CompiledExpression:
    """A parsed and compiled FEEL expression; immutable and safe to share between threads."""

    __slots__ = ("_fn", "_syntax", "_variables", "text")

    def __init__(self, text: str, fn: Fn, syntax: Node) -> None:
        self.text = text
        self._fn = fn
        self._syntax = syntax
        self._variables: frozenset[str] | None = None

    @property
    def variables(self) -> frozenset[str]:
        """Names of the context variables the expression reads (for fetching only what is needed)."""
        if self._variables is None:
            self._variables = free_variables(self._syntax)
        return self._variables

    def evaluate(self, context: Mapping[str, Any] | None = None, *, env: EvalEnv | None = None) -> Any:
        """Evaluate against ``context`` (any mapping; Python numbers are read as FEEL numbers).

        Raises :class:`FeelEvaluationError` (a ``FeelAssertionError``) when an ``assert()`` fails, as
        Camunda fails such an evaluation; every other problem yields null.
        """
        state = EvalState()
        if env is not None:
            state.env = env
        try:
            return self._fn(_EMPTY_CONTEXT if context is None else context, state)
        except RecursionError:
            return None

    def evaluate_detailed(
        self, context: Mapping[str, Any] | None = None, *, env: EvalEnv | None = None
    ) -> Evaluation:
        """Evaluate and also return the warnings (missing variables, type mismatches, failed calls).

        A failed ``assert()`` raises :class:`FeelEvaluationError`, as in :meth:`evaluate`.
        """
        state = EvalState()
        if env is not None:
            state.env = env
        try:
            value = self._fn(_EMPTY_CONTEXT if context is None else context, state)
        except RecursionError:
            state.warn(_RECURSION_WARNING)
            value = None
        return Evaluation(value, tuple(state.warnings or ()))

    def __repr__(self) -> str:
        return f"CompiledExpression({self.text!r})"


class CompiledUnaryTests:
    """Parsed and compiled unary tests (a DMN input entry)."""

    __slots__ = ("_static", "_syntax", "_test", "_variables", "text")

    def __init__(self, text: str, test: TestFn, syntax: Node, static: bool = False) -> None:
        self.text = text
        self._test = test
        self._static = static
        self._syntax = syntax
        self._variables: frozenset[str] | None = None

    @property
    def variables(self) -> frozenset[str]:
        """Names of the context variables the tests read."""
        if self._variables is None:
            self._variables = free_variables(self._syntax)
        return self._variables

    def evaluate(
        self, input_value: Any, context: Mapping[str, Any] | None = None, *, env: EvalEnv | None = None
    ) -> bool | None:
        """True/False whether the input matches; None where Camunda yields null (no match)."""
        kind = type(input_value)
        if kind is Decimal or kind is str or kind is bool or input_value is None:
            value = input_value
        else:
            value = from_python(input_value)
        if self._static:
            return self._test(_EMPTY_CONTEXT, SILENT_STATE, value)
        state = EvalState()
        state.input = value
        if env is not None:
            state.env = env
        try:
            return self._test(_EMPTY_CONTEXT if context is None else context, state, value)
        except RecursionError:
            return None

    def evaluate_detailed(
        self, input_value: Any, context: Mapping[str, Any] | None = None, *, env: EvalEnv | None = None
    ) -> Evaluation:
        """Like :meth:`evaluate`, with the warnings."""
        value = from_python(input_value)
        state = EvalState()
        state.input = value
        if env is not None:
            state.env = env
        try:
            result = self._test(_EMPTY_CONTEXT if context is None else context, state, value)
        except RecursionError:
            state.warn(_RECURSION_WARNING)
            result = None
        return Evaluation(result, tuple(state.warnings or ()))

    def __repr__(self) -> str:
        return f"CompiledUnaryTests({self.text!r})"


def _too_deep(text: str) -> FeelSyntaxError:
    return FeelSyntaxError("Expression is nested too deeply", text, 0)


@lru_cache(maxsize=_CACHE_SIZE)
def compile_expression(text: str) -> CompiledExpression:
    """Parse and compile a FEEL expression (cached by text); raises :class:`FeelSyntaxError`."""
    node = parse_expression(text)
    try:
        return CompiledExpression(text, compile_node(node), node)
    except RecursionError:
        raise _too_deep(text) from None


@lru_cache(maxsize=_CACHE_SIZE)
def compile_unary_tests(text: str) -> CompiledUnaryTests:
    """Parse and compile unary tests (cached by text); raises :class:`FeelSyntaxError`."""
    node = parse_unary_tests(text)
    try:
        test, static = compile_tests(node)
        return CompiledUnaryTests(text, test, node, static)
    except RecursionError:
        raise _too_deep(text) from None


def evaluate(expression: str, context: Mapping[str, Any] | None = None, *, env: EvalEnv | None = None) -> Any:
    """Compile (cached) and evaluate a FEEL expression."""
    return compile_expression(expression).evaluate(context, env=env)


def evaluate_unary_tests(
    tests: str, input_value: Any, context: Mapping[str, Any] | None = None, *, env: EvalEnv | None = None
) -> bool | None:
    """Compile (cached) and evaluate unary tests against ``input_value``."""
    return compile_unary_tests(tests).evaluate(input_value, context, env=env)
