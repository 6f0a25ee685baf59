"""Argument helpers shared by the built-in categories: type checks, Java-like integer and double conversion."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any, NoReturn

from zeebe_lite.feel.errors import FeelEvaluationError
from zeebe_lite.feel.values import NUMBER_CONTEXT, is_number, to_number, type_name

__all__ = [
    "MISSING",
    "fail",
    "illegal",
    "java_int",
    "number_from_double",
    "require_list",
    "require_number",
    "require_string",
]

_INT_RANGE = 2**32
_INT_MIN = -(2**31)

MISSING: Any = object()
"""Default of a parameter the caller left out, where that differs from an explicit null."""


def fail(message: str) -> NoReturn:
    """Raise the evaluation failure that the evaluator turns into null plus a warning."""
    raise FeelEvaluationError(message)


def illegal(*args: Any) -> NoReturn:
    """Fail with Camunda's 'illegal arguments' message, naming the argument types."""
    kinds = ", ".join(type_name(arg) for arg in args)
    fail(f"Illegal arguments: ({kinds})")


def require_number(value: Any) -> Decimal:
    """The argument as a FEEL number, or an evaluation failure."""
    if not is_number(value):
        fail(f"expected number but found '{type_name(value)}'")
    return to_number(value)


def require_string(value: Any) -> str:
    """The argument as a string, or an evaluation failure."""
    if type(value) is not str:
        fail(f"expected string but found '{type_name(value)}'")
    return value


def require_list(value: Any) -> list[Any]:
    """The argument as a list, or an evaluation failure."""
    if type(value) is not list:
        fail(f"expected list but found '{type_name(value)}'")
    return value


def java_int(value: Decimal) -> int:
    """``BigDecimal.intValue()``: the integer part, wrapped to 32 bits."""
    whole = int(value)
    return (whole - _INT_MIN) % _INT_RANGE + _INT_MIN


def number_from_double(value: float) -> Decimal:
    """A double converted as Scala does (through ``Double.toString``); fails for NaN and infinities."""
    if not math.isfinite(value):
        fail(f"the result '{value}' is not a finite number")
    if value == 0:
        return Decimal("-0.0") if math.copysign(1.0, value) < 0 else Decimal("0.0")
    sign, digits, exponent = Decimal(repr(value)).as_tuple()
    assert isinstance(exponent, int)
    significant = list(digits)
    while len(significant) > 1 and significant[-1] == 0:
        exponent += 1
        significant.pop()
    adjusted = exponent + len(significant) - 1
    if -3 <= adjusted < 7:
        fraction_digits = max(1, -exponent)
        quantum = Decimal((0, (1,), -fraction_digits))
        return Decimal((sign, tuple(significant), exponent)).quantize(quantum, context=NUMBER_CONTEXT)
    if len(significant) == 1:
        significant.append(0)
    return Decimal((sign, tuple(significant), adjusted - (len(significant) - 1)))
