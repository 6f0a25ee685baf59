"""Runtime operations the compiled closures call: warnings, comparisons, paths, iteration, unary-test matching."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Iterator as IterableOf
from decimal import Decimal
from typing import Any

from . import semantics, temporal
from .conversion import from_python
from .runtime import NO_INPUT, EvalState, Fn
from .values import NUMBER_CONTEXT, Range

__all__ = [
    "DECIMAL_ARITHMETIC",
    "DIRECT_ORDER",
    "MISSING",
    "InvalidDomain",
    "arithmetic_step",
    "as_feel_value",
    "check_boolean",
    "comparison_range",
    "equality",
    "input_of",
    "interval_verdict",
    "iteration_items",
    "list_item",
    "logical_chain",
    "number_sequence",
    "ordering",
    "path_value",
    "value_test",
    "warn_expected",
    "warn_no_variable",
    "warn_not_comparable",
]

_equal = semantics.equal
_compare = semantics.compare
_describe = semantics.describe
_ORDER_TESTS: dict[str, Callable[[int], bool]] = {
    "<": lambda order: order < 0,
    "<=": lambda order: order <= 0,
    ">": lambda order: order > 0,
    ">=": lambda order: order >= 0,
}
DIRECT_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_ARITHMETIC: dict[str, tuple[Callable[[Any, Any], Any], str]] = {
    "+": (semantics.add, "Can't add '{b}' to '{a}'"),
    "-": (semantics.subtract, "Can't subtract '{b}' from '{a}'"),
    "*": (semantics.multiply, "Can't multiply '{a}' by '{b}'"),
    "/": (semantics.divide, "Can't divide '{a}' by '{b}'"),
    "**": (semantics.power, "Can't raise '{a}' to the power of '{b}'"),
}
DECIMAL_ARITHMETIC: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": NUMBER_CONTEXT.add,
    "-": NUMBER_CONTEXT.subtract,
    "*": NUMBER_CONTEXT.multiply,
}
MISSING: Any = object()
_ONE = Decimal(1)
_MINUS_ONE = Decimal(-1)
_RANGE_PROPERTIES = {
    "start": lambda r: r.start,
    "end": lambda r: r.end,
    "start included": lambda r: r.start_included,
    "end included": lambda r: r.end_included,
}


def as_feel_value(value: Any, state: EvalState) -> Any:
    """A caller's variable value as a FEEL value; lists and dicts are converted once per evaluation."""
    kind = type(value)
    if kind is not list and kind is not dict:
        return from_python(value)
    memo = state.converted
    if memo is None:
        memo = state.converted = {}
    known = memo.get(id(value))
    if known is not None and known[0] is value:
        return known[1]
    converted = from_python(value)
    memo[id(value)] = (value, converted)
    return converted


def warn_no_variable(state: EvalState, name: str) -> None:
    state.warn(f"No variable found with name '{name}'")


def warn_not_comparable(state: EvalState, a: Any, b: Any) -> None:
    state.warn(f"Can't compare '{_describe(a)}' with '{_describe(b)}'")


def warn_expected(state: EvalState, what: str, value: Any) -> None:
    state.warn(f"Expected {what} but found '{_describe(value)}'")


def input_of(state: EvalState) -> Any:
    value = state.input
    if value is NO_INPUT:
        state.warn("No input value found.")
        return None
    return value


def equality(a: Any, b: Any, state: EvalState) -> bool | None:
    result = _equal(a, b)
    if result is None:
        warn_not_comparable(state, a, b)
    return result


def ordering(op: str, a: Any, b: Any, state: EvalState) -> bool | None:
    order = _compare(a, b)
    if order is None:
        warn_not_comparable(state, a, b)
        return None
    return _ORDER_TESTS[op](order)


def path_value(value: Any, key: str, state: EvalState) -> Any:
    if isinstance(value, Mapping):
        found = value.get(key, MISSING)
        if found is MISSING:
            detail = (
                "Available keys: " + ", ".join(f"'{k}'" for k in value) if value else "The context is empty"
            )
            state.warn(f"No context entry found with key '{key}'. {detail}")
            return None
        return found
    if type(value) is list:
        return [path_value(item, key, state) for item in value]
    if value is None:
        state.warn(f"No context entry found with key '{key}'. The context is null")
        return None
    if type(value) is Range:
        getter = _RANGE_PROPERTIES.get(key)
        if getter is not None:
            return getter(value)
    elif temporal.is_temporal(value):
        found_property, property_value = temporal.get_property(value, key)
        if found_property:
            return property_value
    state.warn(f"No property found with name '{key}' of value '{_describe(value)}'")
    return None


def arithmetic_step(op: str) -> Callable[[Any, Any, EvalState], Any]:
    """``step(a, b, state)`` applying one arithmetic operator with FEEL's null rules and a warning."""
    generic, message = _ARITHMETIC[op]
    direct = DECIMAL_ARITHMETIC.get(op)

    def step(a: Any, b: Any, state: EvalState) -> Any:
        if direct is not None and type(a) is Decimal and type(b) is Decimal:
            try:
                return direct(a, b)
            except ArithmeticError:
                pass
        try:
            result = generic(a, b)
        except ArithmeticError:
            result = None
        if result is None:
            state.warn(message.format(a=_describe(a), b=_describe(b)))
        return result

    return step


def check_boolean(value: Any, state: EvalState) -> None:
    if value is not True and value is not False:
        warn_expected(state, "boolean", value)


def logical_chain(conjunction: bool, operands: tuple[Fn, ...]) -> Fn:
    """Three-valued ``a and b and c ...`` / ``a or b or c ...`` evaluated left to right, short-circuiting."""
    decisive = not conjunction

    def chain(scope: Any, state: EvalState) -> Any:
        outcome: bool | None = conjunction
        for operand in operands:
            value = operand(scope, state)
            if value is decisive:
                return decisive
            if value is not conjunction:
                check_boolean(value, state)
                outcome = None
        return outcome

    return chain


def interval_verdict(
    value: Any, start: Any, end: Any, state: EvalState, *, start_included: bool, end_included: bool
) -> bool | None:
    above = _compare(value, start)
    below = _compare(value, end)
    if above is None or below is None:
        state.warn(f"Can't compare '{_describe(value)}' with '{_describe(start)}' and '{_describe(end)}'")
        return None
    if above < 0 or (above == 0 and not start_included):
        return False
    return below < 0 or (below == 0 and end_included)


def comparison_range(op: str, endpoint: Any, state: EvalState) -> Range | None:
    """``< x``, ``<= x``, ``> x``, ``>= x`` as a range value open on one side."""
    if endpoint is None or _compare(endpoint, endpoint) is None:
        state.warn(f"Invalid range definition with endpoint '{_describe(endpoint)}'")
        return None
    if op[0] == "<":
        return Range(None, endpoint, False, op == "<=")
    return Range(endpoint, None, op == ">=", False)


def list_item(items: Sequence[Any], index: Any) -> Any:
    position = int(index)
    position = position - 1 if position > 0 else len(items) + position
    if 0 <= position < len(items):
        return items[position]
    return None


def value_test(value: Any, input_value: Any, state: EvalState) -> bool | None:
    """How a unary test whose expression does not use ``?`` matches its value against the input."""
    if value is True:
        return True
    kind = type(value)
    if kind is list:
        if any(semantics.values_equal(item, input_value) for item in value):
            return True
        return type(input_value) is list and semantics.values_equal(value, input_value)
    if kind is Range:
        inside = semantics.in_range(input_value, value)
        if inside is None:
            warn_not_comparable(state, input_value, value)
        return inside
    result = _equal(input_value, value)
    if result is True:
        return True
    if value is False:
        return False
    if result is None:
        warn_not_comparable(state, input_value, value)
        return None
    return False


def iteration_items(domain: Any, state: EvalState) -> Iterable[Any] | None:
    if type(domain) is list:
        return domain
    if type(domain) is Range:
        start, end = domain.start, domain.end
        if type(start) is Decimal and type(end) is Decimal and start <= end:
            items = list(number_sequence(start, end))
            if items and not domain.start_included and items[0] == start:
                items = items[1:]
            if items and not domain.end_included and items[-1] == end:
                items = items[:-1]
            return items
    warn_expected(state, "list", domain)
    return None


def number_sequence(start: Decimal, end: Decimal) -> Iterable[Decimal]:
    """``start..end`` in steps of one, ascending or descending, produced lazily."""
    if start == start.to_integral_value() and end == end.to_integral_value():
        first, last = int(start), int(end)
        step = 1 if first <= last else -1
        return map(Decimal, range(first, last + step, step))
    return _fractional_sequence(start, end)


def _fractional_sequence(start: Decimal, end: Decimal) -> IterableOf[Decimal]:
    add = NUMBER_CONTEXT.add
    current = start
    if start <= end:
        while current <= end:
            yield current
            current = add(current, _ONE)
    else:
        while current >= end:
            yield current
            current = add(current, _MINUS_ONE)


class InvalidDomain(Exception):
    """An iterator's domain is not a list: the whole for/some/every expression is null."""
