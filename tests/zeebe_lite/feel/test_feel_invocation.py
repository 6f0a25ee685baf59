"""Choosing built-in signatures and binding positional and named arguments."""

from __future__ import annotations

from typing import Any

from zeebe_lite.feel.builtins import Builtin
from zeebe_lite.feel.invocation import (
    call_builtin,
    choose_named,
    choose_positional,
    lookup_function,
    named_positions,
    variadic_args,
)
from zeebe_lite.feel.runtime import EvalState, Scope
from zeebe_lite.feel.values import FeelFunction


def impl(*args: Any) -> Any:
    return list(args)


PLAIN = Builtin("f", ("a", "b"), impl)
OPTIONAL = Builtin("f", ("a", "b", "c"), impl, optional=1)
VARIADIC = Builtin("g", ("items",), impl, variadic=True)
MIXED = Builtin("h", ("list", "items"), impl, variadic=True)


def test_positional_choice() -> None:
    assert choose_positional((PLAIN, OPTIONAL), 2) is PLAIN
    assert choose_positional((PLAIN, OPTIONAL), 3) is OPTIONAL
    assert choose_positional((PLAIN, OPTIONAL), 1) is None
    assert choose_positional((VARIADIC,), 0) is None
    assert choose_positional((VARIADIC,), 4) is VARIADIC


def test_variadic_arguments() -> None:
    assert variadic_args(VARIADIC, [[1, 2]]) == [[1, 2]]
    assert variadic_args(VARIADIC, [1, 2]) == [[1, 2]]
    assert variadic_args(MIXED, [[1], 2, 3]) == [[1], [2, 3]]


def test_named_choice_and_positions() -> None:
    assert choose_named((PLAIN, OPTIONAL), ["b", "a"]) is PLAIN
    assert choose_named((PLAIN, OPTIONAL), ["c", "a", "b"]) is OPTIONAL
    assert choose_named((PLAIN,), ["z"]) is None
    assert named_positions(OPTIONAL, ["b", "a"]) == [1, 0]
    assert named_positions(OPTIONAL, ["c", "a"]) == [1, -1, 0]


def test_failures_become_null_with_a_warning() -> None:
    def broken(value: Any) -> Any:
        raise ValueError("bad value")

    state = EvalState()
    assert call_builtin(Builtin("broken", ("value",), broken), [1], state) is None
    assert state.warnings == ["Failed to invoke function 'broken': bad value"]


def test_function_lookup_walks_scopes() -> None:
    function = FeelFunction(("x",), lambda args: args[0])
    inner = Scope({"f": function})
    inner["g"] = 1
    assert lookup_function(inner, "f") is function
    assert lookup_function(inner, "g") == 1
    assert lookup_function(inner, "missing") is None
