"""Built-in functions: numeric.

Rounding works like Java's ``BigDecimal.setScale`` (exact, any number of digits); ``sqrt``, ``log``, ``exp``
and ``stddev`` go through a double, as Camunda does, so their results carry a double's digits.
"""

from __future__ import annotations

import math
import random
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Context,
    Decimal,
    Inexact,
    InvalidOperation,
)
from typing import Any

from zeebe_lite.feel import temporal
from zeebe_lite.feel.values import NUMBER_CONTEXT, is_number, to_number

from ._args import fail, illegal, java_int, number_from_double, require_number
from ._base import Builtin

__all__ = ["FUNCTIONS", "round_number"]

_ROUNDING_MODES = {
    "UP": ROUND_UP,
    "DOWN": ROUND_DOWN,
    "CEILING": ROUND_CEILING,
    "FLOOR": ROUND_FLOOR,
    "HALF_UP": ROUND_HALF_UP,
    "HALF_DOWN": ROUND_HALF_DOWN,
    "HALF_EVEN": ROUND_HALF_EVEN,
    "UNNECESSARY": ROUND_HALF_EVEN,
}
_MAX_ROUNDING_DIGITS = 10_000


def round_number(value: Any, scale: Any, rounding: str, *, exact: bool = False) -> Decimal:
    """``value`` with ``scale`` digits after the point (``BigDecimal.setScale``); ``exact`` forbids rounding."""
    number = require_number(value)
    digits_after_point = java_int(require_number(scale))
    if not number.is_finite():
        fail(f"cannot round '{number}'")
    needed = max(number.adjusted(), 0) + max(digits_after_point, 0) + 2
    if needed > _MAX_ROUNDING_DIGITS:
        fail(f"the scale {digits_after_point} needs too many digits")
    context = Context(prec=max(needed, NUMBER_CONTEXT.prec), rounding=rounding)
    if exact:
        context.traps[Inexact] = True
    try:
        return number.quantize(Decimal((0, (1,), -digits_after_point)), context=context)
    except (Inexact, InvalidOperation):
        fail(
            f"Failed to apply rounding mode: rounding necessary for '{number}' at scale {digits_after_point}"
        )


def _decimal(n: Any, scale: Any) -> Decimal:
    return round_number(n, scale, ROUND_HALF_EVEN)


def _decimal_with_mode(n: Any, scale: Any, mode: Any) -> Decimal:
    if type(mode) is not str:
        illegal(n, scale, mode)
    name = mode.upper()
    if name not in _ROUNDING_MODES:
        fail(f"Illegal argument '{mode}' for rounding mode. Must be one of: {', '.join(_ROUNDING_MODES)}")
    return round_number(n, scale, _ROUNDING_MODES[name], exact=name == "UNNECESSARY")


def _floor(n: Any, scale: Any = 0) -> Decimal:
    return round_number(n, scale, ROUND_FLOOR)


def _ceiling(n: Any, scale: Any = 0) -> Decimal:
    return round_number(n, scale, ROUND_CEILING)


def _round_up(n: Any, scale: Any = 0) -> Decimal:
    return round_number(n, scale, ROUND_UP)


def _round_down(n: Any, scale: Any = 0) -> Decimal:
    return round_number(n, scale, ROUND_DOWN)


def _round_half_up(n: Any, scale: Any = 0) -> Decimal:
    return round_number(n, scale, ROUND_HALF_UP)


def _round_half_down(n: Any, scale: Any = 0) -> Decimal:
    return round_number(n, scale, ROUND_HALF_DOWN)


def _abs(n: Any) -> Any:
    if is_number(n):
        return to_number(n).copy_abs()
    duration = temporal.abs_duration(n)
    if duration is None:
        illegal(n)
    return duration


def _modulo(dividend: Any, divisor: Any) -> Decimal:
    left = require_number(dividend)
    right = require_number(divisor)
    if right == 0:
        fail("division by zero")
    if not (left.is_finite() and right.is_finite()):
        fail(f"cannot compute modulo({left}, {right})")
    # Java's BigDecimal remainder is exact: give the integer quotient all the digits it needs.
    digits = max(left.adjusted() - right.adjusted(), 0) + NUMBER_CONTEXT.prec + 2
    if digits > _MAX_ROUNDING_DIGITS:
        fail(f"cannot compute modulo({left}, {right}): the quotient has too many digits")
    exact = Context(prec=digits, rounding=ROUND_HALF_EVEN)
    remainder = exact.remainder(left, right)
    return exact.remainder(exact.add(remainder, right), right)


def _sqrt(number: Any) -> Decimal | None:
    value = require_number(number)
    if value < 0:
        return None
    return number_from_double(math.sqrt(float(value)))


def _log(number: Any) -> Decimal:
    value = require_number(number)
    as_double = float(value)
    if as_double <= 0:
        fail(f"the logarithm of {value} is not a number")
    return number_from_double(math.log(as_double))


def _exp(number: Any) -> Decimal:
    value = float(require_number(number))
    try:
        result = math.exp(value)
    except OverflowError:
        fail(f"exp({value}) is too large")
    return number_from_double(result)


def _parity(number: Any) -> int | None:
    value = require_number(number)
    if not value.is_finite() or value != value.to_integral_value():
        return None
    return int(value) % 2


def _odd(number: Any) -> bool:
    return _parity(number) == 1


def _even(number: Any) -> bool:
    return _parity(number) == 0


def _random_number() -> Decimal:
    return number_from_double(random.random())


FUNCTIONS: tuple[Builtin, ...] = (
    Builtin("decimal", ("n", "scale"), _decimal),
    Builtin("decimal", ("n", "scale", "mode"), _decimal_with_mode),
    Builtin("floor", ("n",), _floor),
    Builtin("floor", ("n", "scale"), _floor),
    Builtin("ceiling", ("n",), _ceiling),
    Builtin("ceiling", ("n", "scale"), _ceiling),
    Builtin("round up", ("n",), _round_up),
    Builtin("round up", ("n", "scale"), _round_up),
    Builtin("round down", ("n",), _round_down),
    Builtin("round down", ("n", "scale"), _round_down),
    Builtin("round half up", ("n",), _round_half_up),
    Builtin("round half up", ("n", "scale"), _round_half_up),
    Builtin("round half down", ("n",), _round_half_down),
    Builtin("round half down", ("n", "scale"), _round_half_down),
    Builtin("abs", ("n",), _abs),
    Builtin("abs", ("number",), _abs),
    Builtin("modulo", ("dividend", "divisor"), _modulo),
    Builtin("sqrt", ("number",), _sqrt),
    Builtin("log", ("number",), _log),
    Builtin("exp", ("number",), _exp),
    Builtin("odd", ("number",), _odd),
    Builtin("even", ("number",), _even),
    Builtin("random number", (), _random_number),
)
