"""Calling functions: choosing a built-in signature, binding arguments, and turning failures into null.

A failed ``assert()`` is the exception: like Camunda, it fails the whole evaluation (FeelAssertionError).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .builtins import Builtin
from .builtins.boolean import FeelAssertionError
from .errors import FeelEvaluationError
from .operations import MISSING
from .runtime import EvalState, Scope
from .values import FeelFunction, to_number

__all__ = [
    "call_builtin",
    "call_function_value",
    "choose_named",
    "choose_positional",
    "lookup_function",
    "named_positions",
    "variadic_args",
]

_INVOCATION_ERRORS = (FeelEvaluationError, TypeError, ValueError, ArithmeticError, LookupError)


def lookup_function(scope: Any, name: str) -> Any:
    while type(scope) is Scope:
        found = dict.get(scope, name, MISSING)
        if found is not MISSING:
            return found
        scope = scope.parent
    if isinstance(scope, Mapping):
        return scope.get(name)
    return None


def _normalise_result(value: Any) -> Any:
    kind = type(value)
    if kind is int or kind is float:
        return to_number(value)
    if kind is tuple:
        return list(value)
    return value


def call_builtin(builtin: Builtin, args: list[Any], state: EvalState) -> Any:
    try:
        if builtin.needs_env:
            result = builtin.impl(state.env, *args)
        else:
            result = builtin.impl(*args)
    except FeelAssertionError:
        raise
    except _INVOCATION_ERRORS as error:
        state.warn(f"Failed to invoke function '{builtin.name}': {error}")
        return None
    return _normalise_result(result)


def call_function_value(
    function: FeelFunction, name: str, args: list[Any], state: EvalState, named: Sequence[str] | None
) -> Any:
    params = function.params
    if named is not None:
        if not set(named) <= set(params):
            state.warn(f"no function found with name '{name}' and parameters {', '.join(named)}")
            return None
        by_name = dict(zip(named, args, strict=True))
        args = [by_name.get(param) for param in params]
    else:
        count = len(args)
        if function.variadic:
            fixed = len(params) - 1
            if count < fixed - function.optional:
                state.warn(f"no function found with name '{name}' and {count} parameters")
                return None
            rest = args[fixed:]
            args = [
                *args[:fixed],
                rest[0] if len(rest) == 1 and type(rest[0]) is list and fixed == 0 else rest,
            ]
        elif not len(params) - function.optional <= count <= len(params):
            state.warn(f"no function found with name '{name}' and {count} parameters")
            return None
    try:
        result = function.invoke(args)
    except FeelAssertionError:
        raise
    except _INVOCATION_ERRORS as error:
        state.warn(f"Failed to invoke function '{name}': {error}")
        return None
    return _normalise_result(result)


def variadic_args(builtin: Builtin, args: list[Any]) -> list[Any]:
    fixed = len(builtin.params) - 1
    rest = args[fixed:]
    if fixed == 0 and len(rest) == 1 and type(rest[0]) is list:
        return [rest[0]]
    return [*args[:fixed], rest]


def choose_positional(signatures: Sequence[Builtin], count: int) -> Builtin | None:
    for builtin in signatures:
        total = len(builtin.params)
        if not builtin.variadic and total - builtin.optional <= count <= total:
            return builtin
    for builtin in signatures:
        # as Camunda: a variadic function needs at least one argument for its variadic parameter
        if builtin.variadic and count >= len(builtin.params) - builtin.optional:
            return builtin
    return None


def choose_named(signatures: Sequence[Builtin], names: Sequence[str]) -> Builtin | None:
    given = set(names)
    loose = None
    for builtin in signatures:
        params = builtin.params
        if not given <= set(params):
            continue
        required = params[: len(params) - builtin.optional]
        if all(param in given for param in required):
            return builtin
        if loose is None:
            loose = builtin
    return loose


def named_positions(builtin: Builtin, names: Sequence[str]) -> list[int]:
    """For each parameter up to the last one given: the index of its argument, or -1 (pass null)."""
    params = builtin.params
    position = {name: index for index, name in enumerate(names)}
    last = max(params.index(name) for name in names) if names else -1
    required = len(params) - builtin.optional
    upto = max(last + 1, required)
    return [position.get(param, -1) for param in params[:upto]]
