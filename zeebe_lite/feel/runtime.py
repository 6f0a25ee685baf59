"""What compiled FEEL code runs against: variable scopes and the per-evaluation state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

__all__ = ["NO_INPUT", "SILENT_STATE", "EvalState", "Fn", "Scope", "SystemClock", "TestFn"]


class _NoInput:
    """Marker for "no unary-test input value is bound" (distinct from a null input)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_INPUT"


NO_INPUT: Any = _NoInput()


class SystemClock:
    """The default :class:`~zeebe_lite.feel.builtins.EvalEnv`: the wall clock, in UTC."""

    __slots__ = ()

    def now(self) -> dt.datetime:
        """The current instant, timezone-aware (UTC)."""
        return dt.datetime.now(dt.UTC)


class Scope(dict[str, Any]):
    """A nested variable scope: its own entries first, then its parent's (any mapping, ultimately the
    caller's context). A missing name raises ``KeyError`` from the outermost mapping."""

    __slots__ = ("parent",)

    def __init__(self, parent: Any) -> None:
        self.parent = parent

    def __missing__(self, key: str) -> Any:
        return self.parent[key]


class EvalState:
    """Per-evaluation state: the environment for built-ins, the unary-test input and the warnings.

    Created once per evaluation, so it has no ``__init__``: the class attributes are the defaults and an
    instance only stores what differs.
    """

    env: Any = SystemClock()
    input: Any = NO_INPUT
    warnings: list[str] | None = None
    converted: dict[int, tuple[Any, Any]] | None = None
    """Caller lists/dicts already converted to FEEL values in this evaluation (by id, with the original)."""

    def warn(self, message: str) -> None:
        """Record a suppressed failure (the expression still yields a value, usually null)."""
        if self.warnings is None:
            self.warnings = [message]
        else:
            self.warnings.append(message)


class _SilentState(EvalState):
    """A shared state that drops warnings: for static unary tests, which read no state but may warn."""

    def warn(self, message: str) -> None:
        """Drop the warning (nobody asked for them)."""


SILENT_STATE: EvalState = _SilentState()
"""Never mutated: only static unary tests (which call nothing but :meth:`EvalState.warn`) receive it."""

Fn = Callable[[Any, EvalState], Any]
"""A compiled expression: ``fn(scope, state) -> value``."""

TestFn = Callable[[Any, EvalState, Any], "bool | None"]
"""Compiled unary tests: ``test(scope, state, input) -> bool | None``."""
