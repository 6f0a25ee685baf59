"""Calls built-in functions straight from ``builtin_table()``, resolving a signature by name and arity."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zeebe_lite.feel.builtins import Builtin, builtin_table
from zeebe_lite.feel.errors import FeelEvaluationError

__all__ = ["D", "call", "call_or_null", "signature"]


def D(text: str | int) -> Decimal:
    """A FEEL number."""
    return Decimal(text)


def _accepts(builtin: Builtin, arity: int) -> bool:
    size = len(builtin.params)
    if builtin.variadic:
        # Camunda selects a variadic function only when at least one argument falls into the variadic part.
        return arity >= size
    return size - builtin.optional <= arity <= size


def signature(name: str, arity: int) -> Builtin:
    """The first signature of ``name`` that takes ``arity`` positional arguments."""
    for builtin in builtin_table()[name]:
        if _accepts(builtin, arity):
            return builtin
    raise LookupError(f"no signature of {name!r} takes {arity} arguments")


def call(name: str, *args: Any) -> Any:
    """Invoke a built-in with positional arguments as the evaluator does.

    A variadic tail is packed into a list; a single list argument of a function whose only parameter is
    variadic stands for the whole sequence (Camunda's rule).
    """
    builtin = signature(name, len(args))
    if builtin.variadic:
        fixed = len(builtin.params) - 1
        rest = list(args[fixed:])
        packed = rest[0] if fixed == 0 and len(rest) == 1 and type(rest[0]) is list else rest
        args = (*args[:fixed], packed)
    return builtin.impl(*args)


def call_or_null(name: str, *args: Any) -> Any:
    """Like :func:`call`, but an evaluation failure gives ``None`` as the evaluator makes it."""
    try:
        return call(name, *args)
    except FeelEvaluationError:
        return None
