"""FEEL value semantics as Camunda evaluates them: equality, ordering, arithmetic, ranges, types.

Every function returns ``None`` where FEEL yields null (mismatched types, null operands, division by zero);
callers that record warnings decide the message. Temporal operands are delegated to :mod:`.temporal`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from . import temporal
from .syntax import TypeRef
from .values import NUMBER_CONTEXT, FeelFunction, Range, YearMonthDuration, to_number, type_name

__all__ = [
    "add",
    "compare",
    "describe",
    "divide",
    "equal",
    "in_range",
    "instance_of",
    "is_valid_range",
    "multiply",
    "negate",
    "power",
    "subtract",
    "values_equal",
]

_add = NUMBER_CONTEXT.add
_subtract = NUMBER_CONTEXT.subtract
_multiply = NUMBER_CONTEXT.multiply
_divide = NUMBER_CONTEXT.divide
_minus = NUMBER_CONTEXT.minus
_is_temporal = temporal.is_temporal


def _as_number(value: Any) -> Decimal | None:
    """The value as a FEEL number, or None if it is not one (``bool`` is not a number)."""
    kind = type(value)
    if kind is Decimal:
        return value  # type: ignore[no-any-return]
    if kind is int or kind is float:
        return to_number(value)
    return None


# ----- equality and ordering ---------------------------------------------------------------------------


def equal(a: Any, b: Any) -> bool | None:
    """FEEL ``a = b``: null equals only null; values of different types are not comparable (None)."""
    if a is None:
        return b is None
    if b is None:
        return False
    kind = type(a)
    if kind is type(b) and (kind is Decimal or kind is str or kind is bool or kind is int):
        return bool(a == b)
    number_a = _as_number(a)
    if number_a is not None:
        number_b = _as_number(b)
        return None if number_b is None else number_a == number_b
    if kind is str or kind is bool:
        return None
    if isinstance(a, list | tuple):
        if not isinstance(b, list | tuple):
            return None
        return len(a) == len(b) and all(values_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Mapping):
        if not isinstance(b, Mapping):
            return None
        return a.keys() == b.keys() and all(values_equal(a[key], b[key]) for key in a)
    if _is_temporal(a) or _is_temporal(b):
        return temporal.equals(a, b)
    if type(a) is Range and type(b) is Range:
        return (
            a.start_included == b.start_included
            and a.end_included == b.end_included
            and values_equal(a.start, b.start)
            and values_equal(a.end, b.end)
        )
    return None


def values_equal(a: Any, b: Any) -> bool:
    """Strict FEEL equality (not comparable counts as different), as list and context equality use it."""
    return equal(a, b) is True


def compare(a: Any, b: Any) -> int | None:
    """-1/0/1 for two ordered values of the same type (numbers, strings, temporals), else None."""
    kind_a = type(a)
    kind_b = type(b)
    if kind_a is Decimal and kind_b is Decimal:
        return -1 if a < b else (1 if a > b else 0)
    if kind_a is str:
        if kind_b is not str:
            return None
        return -1 if a < b else (1 if a > b else 0)
    number_a = _as_number(a)
    if number_a is not None:
        number_b = _as_number(b)
        if number_b is None:
            return None
        return -1 if number_a < number_b else (1 if number_a > number_b else 0)
    if _is_temporal(a) and _is_temporal(b):
        return temporal.compare(a, b)
    return None


def is_valid_range(start: Any, end: Any) -> bool:
    """A range needs two endpoints of the same ordered type: numbers, strings or comparable temporals."""
    if _as_number(start) is not None:
        return _as_number(end) is not None
    if type(start) is str:
        return type(end) is str
    return _is_temporal(start) and temporal.compare(start, end) is not None


def in_range(value: Any, interval: Range) -> bool | None:
    """Whether ``value`` lies in ``interval``; None when the value is not comparable with the endpoints."""
    start = interval.start
    if start is not None:
        order = compare(value, start)
        if order is None:
            return None
        if order < 0 or (order == 0 and not interval.start_included):
            below = True
        else:
            below = False
    else:
        below = False
    end = interval.end
    if end is not None:
        order = compare(value, end)
        if order is None:
            return None
        if order > 0 or (order == 0 and not interval.end_included):
            return False
    return not below


# ----- arithmetic --------------------------------------------------------------------------------------


def add(a: Any, b: Any) -> Any:
    """``a + b``: numbers, string concatenation, temporal arithmetic; None otherwise."""
    if type(a) is Decimal and type(b) is Decimal:
        return _add(a, b)
    if type(a) is str:
        return a + b if type(b) is str else None
    number_a = _as_number(a)
    if number_a is not None:
        number_b = _as_number(b)
        if number_b is not None:
            return _add(number_a, number_b)
    if _is_temporal(a) or _is_temporal(b):
        return temporal.add(a, b)
    return None


def subtract(a: Any, b: Any) -> Any:
    """``a - b``."""
    if type(a) is Decimal and type(b) is Decimal:
        return _subtract(a, b)
    number_a = _as_number(a)
    if number_a is not None:
        number_b = _as_number(b)
        if number_b is not None:
            return _subtract(number_a, number_b)
    if _is_temporal(a) or _is_temporal(b):
        return temporal.subtract(a, b)
    return None


def multiply(a: Any, b: Any) -> Any:
    """``a * b``."""
    if type(a) is Decimal and type(b) is Decimal:
        return _multiply(a, b)
    number_a = _as_number(a)
    number_b = _as_number(b)
    if number_a is not None and number_b is not None:
        return _multiply(number_a, number_b)
    if _is_temporal(a) or _is_temporal(b):
        return temporal.multiply(a, b)
    return None


def divide(a: Any, b: Any) -> Any:
    """``a / b``; division by zero is null."""
    number_a = _as_number(a)
    number_b = _as_number(b)
    if number_a is not None and number_b is not None:
        return None if number_b.is_zero() else _divide(number_a, number_b)
    if _is_temporal(a) or _is_temporal(b):
        return temporal.divide(a, b)
    return None


def power(a: Any, b: Any) -> Decimal | None:
    """``a ** b``: exact for whole exponents (34 digits), through binary floating point otherwise."""
    base = _as_number(a)
    exponent = _as_number(b)
    if base is None or exponent is None:
        return None
    try:
        if exponent == exponent.to_integral_value():
            exact = NUMBER_CONTEXT.power(base, int(exponent))
            return exact if exact.is_finite() else None
        result = math.pow(float(base), float(exponent))
    except (ArithmeticError, ValueError):
        return None
    if math.isnan(result) or math.isinf(result):
        return None
    return to_number(result)


def negate(a: Any) -> Any:
    """``-a``: numbers and durations."""
    if type(a) is Decimal:
        return _minus(a)
    number = _as_number(a)
    if number is not None:
        return _minus(number)
    if _is_temporal(a):
        return temporal.negate(a)
    return None


# ----- types ---------------------------------------------------------------------------------------------

_TYPE_ALIASES = {
    "date time": "date and time",
    "dateTime": "date and time",
    "year-month-duration": "years and months duration",
    "yearMonthDuration": "years and months duration",
    "day-time-duration": "days and time duration",
    "dayTimeDuration": "days and time duration",
}


def instance_of(value: Any, type_ref: TypeRef) -> bool:
    """FEEL ``instance of`` as Camunda answers it (``null instance of Any`` is false, ``... of Null`` true)."""
    name = type_ref.name
    if name == "Any":
        return value is not None
    if name == "Null":
        return value is None
    if value is None:
        return False
    name = _TYPE_ALIASES.get(name, name)
    if name == "list":
        if not isinstance(value, list | tuple):
            return False
        return not type_ref.arguments or all(instance_of(item, type_ref.arguments[0]) for item in value)
    if name == "context":
        if not isinstance(value, Mapping):
            return False
        return all(key in value and instance_of(value[key], field) for key, field in type_ref.fields)
    if name == "range":
        if type(value) is not Range:
            return False
        if not type_ref.arguments:
            return True
        endpoint_type = type_ref.arguments[0]
        return all(
            endpoint is None or instance_of(endpoint, endpoint_type) for endpoint in (value.start, value.end)
        )
    if name == "function":
        if type(value) is not FeelFunction:
            return False
        return type_ref.result is None or value.variadic or len(value.params) == len(type_ref.arguments)
    return type_name(value) == name


# ----- messages ------------------------------------------------------------------------------------------


_DESCRIPTION_LIMIT = 200


def describe(value: Any) -> str:
    """A short FEEL-like rendering of a value for warning messages (cut after 200 characters)."""
    text = _render(value)
    return text if len(text) <= _DESCRIPTION_LIMIT else text[: _DESCRIPTION_LIMIT - 3] + "..."


def _render(value: Any) -> str:
    if value is None:
        return "null"
    kind = type(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is str:
        return f'"{value}"'
    if kind is Decimal or kind is int or kind is float:
        return str(value)
    if isinstance(value, list | tuple):
        return (
            "[" + ", ".join(_render(item) for item in value[:50]) + (", ..." if len(value) > 50 else "") + "]"
        )
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key}: {_render(item)}" for key, item in list(value.items())[:50]) + "}"
    if kind is FeelFunction:
        return f"function({', '.join(value.params)})"
    if kind is Range or _is_temporal(value) or kind is YearMonthDuration:
        try:
            return temporal.format_value(value)
        except (TypeError, ValueError):
            return repr(value)
    return repr(value)
