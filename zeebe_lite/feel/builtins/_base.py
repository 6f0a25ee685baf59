"""The shape of a built-in function, shared by every category module."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["Builtin", "EvalEnv"]


class EvalEnv(Protocol):
    """What a built-in may ask of the evaluation that calls it."""

    def now(self) -> dt.datetime:
        """The current instant, timezone-aware (the engine's clock; wall clock by default)."""
        ...


@dataclass(frozen=True, slots=True)
class Builtin:
    """One signature of a built-in function.

    ``params`` are the documented parameter names (used for named arguments). The last ``optional`` of them
    may be left out. With ``variadic`` the last parameter collects all remaining positional arguments as a
    list. With ``needs_env`` the implementation receives an :class:`EvalEnv` as its first argument.

    The implementation receives FEEL values (see :mod:`zeebe_lite.feel.values`) and returns one. For arguments
    of the wrong type it returns ``None`` or raises :class:`~zeebe_lite.feel.errors.FeelEvaluationError` with
    a message; the evaluator turns either into null.
    """

    name: str
    params: tuple[str, ...]
    impl: Callable[..., Any]
    optional: int = 0
    variadic: bool = False
    needs_env: bool = False
