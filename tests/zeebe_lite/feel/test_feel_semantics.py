"""Value semantics used by the evaluator (and available to built-ins): equality, ordering, ranges, types."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

import pytest

from zeebe_lite.feel import FeelFunction, Range, YearMonthDuration
from zeebe_lite.feel.conversion import from_python
from zeebe_lite.feel.semantics import (
    add,
    compare,
    describe,
    divide,
    equal,
    in_range,
    is_valid_range,
    multiply,
    negate,
    power,
    subtract,
    values_equal,
)

D = Decimal


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (None, None, True),
        (None, D(1), False),
        (D(1), None, False),
        (D(1), D("1.00"), True),
        (D(1), 1, True),
        (1, 1.0, True),
        (True, True, True),
        (True, D(1), None),
        (D(1), True, None),
        ("a", "a", True),
        ("a", D(1), None),
        ([D(1), "a"], [D(1), "a"], True),
        ([D(1)], [True], False),
        ([D(1)], D(1), None),
        ({"a": D(1)}, {"a": D("1.0")}, True),
        ({"a": D(1)}, {"b": D(1)}, False),
        ({"a": D(1)}, [D(1)], None),
        (dt.date(2020, 1, 1), dt.date(2020, 1, 1), True),
        (dt.timedelta(days=1), dt.timedelta(hours=24), True),
        (YearMonthDuration(12), YearMonthDuration(12), True),
        (Range(D(1), D(2)), Range(D(1), D(2)), True),
        (Range(D(1), D(2)), Range(D(1), D(2), False, True), False),
    ],
)
def test_equal(a: Any, b: Any, expected: bool | None) -> None:
    assert equal(a, b) is expected
    assert values_equal(a, b) is (expected is True)


def test_functions_are_not_comparable() -> None:
    function = FeelFunction(("x",), lambda args: args[0])
    assert equal(function, function) is None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (D(1), D(2), -1),
        (D(2), D(2), 0),
        (D(3), 2, 1),
        ("a", "b", -1),
        ("b", "b", 0),
        (dt.date(2020, 1, 2), dt.date(2020, 1, 1), 1),
        (dt.timedelta(days=1), dt.timedelta(days=2), -1),
        (True, False, None),
        ("a", D(1), None),
        (None, D(1), None),
        ([D(1)], [D(2)], None),
    ],
)
def test_compare(a: Any, b: Any, expected: int | None) -> None:
    assert compare(a, b) == expected


@pytest.mark.parametrize(
    ("value", "interval", "expected"),
    [
        (D(1), Range(D(1), D(5)), True),
        (D(1), Range(D(1), D(5), False, True), False),
        (D(5), Range(D(1), D(5), True, False), False),
        (D(9), Range(D(1), None), True),
        (D(0), Range(None, D(5)), True),
        (D(6), Range(None, D(5)), False),
        ("c", Range("a", "d"), True),
        (None, Range(D(1), D(5)), None),
        ("a", Range(D(1), D(5)), None),
    ],
)
def test_in_range(value: Any, interval: Range, expected: bool | None) -> None:
    assert in_range(value, interval) is expected


def test_valid_ranges() -> None:
    assert is_valid_range(D(1), D(2))
    assert is_valid_range(dt.date(2020, 1, 1), dt.date(2020, 2, 1))
    assert not is_valid_range(D(1), "a")
    assert not is_valid_range(None, D(1))
    assert is_valid_range("a", "b")
    assert not is_valid_range("a", D(1))


def test_arithmetic() -> None:
    assert add(D("0.1"), D("0.2")) == D("0.3")
    assert add("a", "b") == "ab"
    assert add("a", D(1)) is None
    assert add(1, 2) == 3
    assert subtract(D(5), D(7)) == D(-2)
    assert multiply(D("1.5"), 2) == 3
    assert divide(D(1), D(0)) is None
    assert divide(D(1), D(4)) == D("0.25")
    assert divide(dt.timedelta(days=1), dt.timedelta(hours=1)) == 24
    assert power(D(2), D(-2)) == D("0.25")
    assert power(D(-8), D("0.5")) is None
    assert negate(D(1)) == D(-1)
    assert negate("a") is None
    assert add(dt.date(2020, 1, 31), YearMonthDuration(1)) == dt.date(2020, 2, 29)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "null"),
        (True, "true"),
        ("a", '"a"'),
        (D("1.5"), "1.5"),
        ([D(1), None], "[1, null]"),
        ({"a": D(1)}, "{a: 1}"),
        (FeelFunction(("x", "y"), lambda args: None), "function(x, y)"),
    ],
)
def test_describe(value: Any, text: str) -> None:
    assert describe(value) == text


class Colour(StrEnum):
    RED = "red"


def test_from_python_conversions() -> None:
    assert from_python((1, 2)) == [D(1), D(2)]
    assert from_python({1: "a"}) == {"1": "a"}
    converted = from_python(Colour.RED)
    assert converted == "red"
    assert type(converted) is str
    assert from_python(dt.date(2020, 1, 1)) == dt.date(2020, 1, 1)
    clean = [D(1), "a", [None]]
    assert from_python(clean) is clean
    mixed = [D(1), 2]
    assert from_python(mixed) == [D(1), D(2)]
    assert mixed == [D(1), 2]


def test_descriptions_of_big_values_are_cut() -> None:
    listed = describe([D(i) for i in range(10_000)])
    assert len(listed) <= 200
    assert listed.endswith(", ...]")
    long_text = describe("x" * 1000)
    assert len(long_text) == 200
    assert long_text.endswith("...")
