"""Equality and ordering of FEEL values as the list built-ins need them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from zeebe_lite.feel import temporal
from zeebe_lite.feel.values import FeelFunction, YearMonthDuration, is_number, to_number

__all__ = ["comparable_kind", "compare_values", "equality_key", "feel_equals", "index_of"]


def feel_equals(left: Any, right: Any) -> bool:
    """FEEL equality of two values; values of different types are never equal."""
    if left is None or right is None:
        return left is None and right is None
    left_type = type(left)
    right_type = type(right)
    if left_type is bool or right_type is bool:
        return left_type is right_type and left == right
    if is_number(left):
        return is_number(right) and to_number(left) == to_number(right)
    if left_type is list:
        return (
            right_type is list
            and len(left) == len(right)
            and all(feel_equals(a, b) for a, b in zip(left, right, strict=True))
        )
    if left_type is dict:
        return (
            right_type is dict
            and left.keys() == right.keys()
            and all(feel_equals(value, right[key]) for key, value in left.items())
        )
    if left_type is FeelFunction:
        return left is right
    if left_type is not right_type:
        return False
    if temporal.is_temporal(left):
        return temporal.equals(left, right) is True
    return bool(left == right)


def equality_key(value: Any) -> Hashable | None:
    """A hashable key such that equal keys mean FEEL-equal values, for null, booleans, numbers and strings.

    None for any other value (compare those with :func:`feel_equals`).
    """
    if value is None:
        return ("null",)
    kind = type(value)
    if kind is bool:
        return ("boolean", value)
    if kind is str:
        return ("string", value)
    if is_number(value):
        return ("number", to_number(value))
    return None


def index_of(items: list[Any], value: Any) -> int:
    """0-based position of the first item equal to ``value``, or -1."""
    for position, item in enumerate(items):
        if feel_equals(item, value):
            return position
    return -1


def comparable_kind(value: Any) -> str | None:
    """The ordering family of a value (values compare only within one family), or None if unordered."""
    if value is None or type(value) is bool:
        return None
    if is_number(value):
        return "number"
    kind = type(value)
    if kind is str:
        return "string"
    if kind is dt.datetime:
        return "local date and time" if value.tzinfo is None else "date and time"
    if kind is dt.date:
        return "date"
    if kind is dt.time:
        return "local time" if value.tzinfo is None else "time"
    if kind is dt.timedelta:
        return "days and time duration"
    if kind is YearMonthDuration:
        return "years and months duration"
    return None


def compare_values(left: Any, right: Any) -> int:
    """Order two values of the same :func:`comparable_kind`: negative, zero or positive."""
    kind = comparable_kind(left)
    if kind == "number":
        a, b = to_number(left), to_number(right)
        return (a > b) - (a < b)
    if kind == "string":
        # Java orders strings by UTF-16 code units, which differs from code points above U+FFFF.
        a_units: bytes = left.encode("utf-16-be", "surrogatepass")
        b_units: bytes = right.encode("utf-16-be", "surrogatepass")
        return (a_units > b_units) - (a_units < b_units)
    if temporal.is_temporal(left):
        order = temporal.compare(left, right)
        if order is not None:
            return order
    result = (left > right) - (left < right)
    return int(result)
