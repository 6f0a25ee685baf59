"""Temporal arithmetic with Camunda's results (feel-scala InterpreterDateTimeExpressionTest and friends)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from zeebe_lite.feel.temporal import (
    abs_duration,
    add,
    divide,
    format_value,
    multiply,
    negate,
    parse_temporal_literal,
    subtract,
)
from zeebe_lite.feel.values import YearMonthDuration


def at(text: str) -> Any:
    value = parse_temporal_literal(text)
    assert value is not None, text
    return value


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("P2M", "P3M", "P5M"),
        ("P1Y", "P6M", "P1Y6M"),
        ("PT4H", "PT2H", "PT6H"),
        ("P1D", "PT6H", "P1DT6H"),
        ("P1M", "2017-01-10T10:30:00", "2017-02-10T10:30:00"),
        ("2017-01-10T10:30:00", "P1Y", "2018-01-10T10:30:00"),
        ("P1M", "2017-01-10T10:30:00+01:00", "2017-02-10T10:30:00+01:00"),
        ("2017-01-10T10:30:00+01:00", "P1Y", "2018-01-10T10:30:00+01:00"),
        ("P1M", "2017-01-10", "2017-02-10"),
        ("2017-01-10", "P1Y", "2018-01-10"),
        ("2017-01-31", "P1M", "2017-02-28"),
        ("2016-02-29", "P1Y", "2017-02-28"),
        ("PT1H", "2017-01-10T10:30:00", "2017-01-10T11:30:00"),
        ("2017-01-10T10:30:00", "P1D", "2017-01-11T10:30:00"),
        ("PT1H", "2017-01-10", "2017-01-10"),
        ("P1D", "2017-01-10", "2017-01-11"),
        ("2017-01-10", "PT1M", "2017-01-10"),
        ("PT1H", "10:30:00", "11:30:00"),
        ("10:30:00", "P1D", "10:30:00"),
        ("23:30:00", "PT1H", "00:30:00"),
        ("PT1H", "10:30:00+01:00", "11:30:00+01:00"),
        ("10:30:00@Europe/Paris", "PT1H", "11:30:00@Europe/Paris"),
    ],
)
def test_add(left: str, right: str, expected: str) -> None:
    result = add(at(left), at(right))
    assert result == at(expected)
    assert format_value(result) == format_value(at(expected))


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("10:30:00", "09:00:00", "PT1H30M"),
        ("09:00:00", "10:00:00", "-PT1H"),
        ("12:00:00+01:00", "10:00:00+01:00", "PT2H"),
        ("2012-12-25", "2012-12-24", "P1D"),
        ("2012-12-24", "2012-12-25", "-P1D"),
        ("2013-02-25", "2012-12-24", "P63D"),
        ("2017-01-10T10:30:00", "2017-01-01T10:00:00", "P9DT30M"),
        ("2017-01-10T10:00:00", "2017-01-10T10:30:00", "-PT30M"),
        ("2017-01-10T10:30:00+01:00", "2017-01-01T10:00:00+01:00", "P9DT30M"),
        ("2017-01-10T10:00:00+01:00", "2017-01-10T09:00:00Z", "PT0S"),
        ("P1Y", "P3M", "P9M"),
        ("P5M", "P6M", "-P1M"),
        ("2017-01-10T10:30:00", "P1M", "2016-12-10T10:30:00"),
        ("2017-01-10T10:30:00+01:00", "P1M", "2016-12-10T10:30:00+01:00"),
        ("2017-01-10", "P1M", "2016-12-10"),
        ("2017-01-10", "P1Y1M", "2015-12-10"),
        ("PT6H", "PT2H", "PT4H"),
        ("PT22H", "P1D", "-PT2H"),
        ("2017-01-10T10:30:00", "PT1H", "2017-01-10T09:30:00"),
        ("2017-01-10", "PT1H", "2017-01-09"),
        ("2017-01-10", "P1DT1H", "2017-01-08"),
        ("10:30:00", "PT1H", "09:30:00"),
        ("10:30:00+01:00", "PT1H", "09:30:00+01:00"),
    ],
)
def test_subtract(left: str, right: str, expected: str) -> None:
    assert subtract(at(left), at(right)) == at(expected)


def test_zoned_time_difference_is_positive_as_in_camunda() -> None:
    assert subtract(at("10:00:00+01:00"), at("12:00:00+01:00")) == dt.timedelta(hours=2)


def test_zoned_date_time_adds_hours_on_the_instant_time_line() -> None:
    before_switch = at("2021-03-28T01:30:00@Europe/Paris")
    result = add(before_switch, at("PT1H"))
    assert format_value(result) == "2021-03-28T03:30:00@Europe/Paris"
    assert subtract(result, before_switch) == dt.timedelta(hours=1)


def test_zoned_date_time_adds_days_by_instant_and_months_by_wall_clock() -> None:
    start = at("2021-03-27T12:00:00@Europe/Paris")
    assert format_value(add(start, at("P1D"))) == "2021-03-28T13:00:00@Europe/Paris"
    assert format_value(add(start, at("P1M"))) == "2021-04-27T12:00:00@Europe/Paris"


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("2020-01-01", "2020-01-01T00:00:00"),
        ("2020-01-01T10:00:00", "2020-01-01T10:00:00Z"),
        ("10:00:00", "10:00:00Z"),
        ("P1Y", "P1D"),
        ("2020-01-01", "2020-01-02"),
        ("10:00:00", "P1Y"),
    ],
)
def test_undefined_combinations_give_none(left: str, right: str) -> None:
    if (left, right) != ("2020-01-01", "2020-01-02"):
        assert subtract(at(left), at(right)) is None
    assert add(at(left), at(right)) is None


def test_add_rejects_non_temporal_operands() -> None:
    assert add(at("P1D"), Decimal(1)) is None
    assert add("2020-01-01", at("P1D")) is None


@pytest.mark.parametrize(
    ("duration", "factor", "expected"),
    [
        ("P1M", Decimal(3), "P3M"),
        ("PT2H", Decimal(3), "PT6H"),
        ("PT2H", Decimal("1.5"), "PT2H"),
        ("P1D", Decimal(-1), "-P1D"),
    ],
)
def test_multiply_truncates_the_factor(duration: str, factor: Decimal, expected: str) -> None:
    assert multiply(at(duration), factor) == at(expected)
    assert multiply(factor, at(duration)) == at(expected)


def test_multiply_needs_a_duration_and_a_number() -> None:
    assert multiply(at("P1D"), at("P1D")) is None
    assert multiply(at("2020-01-01"), Decimal(2)) is None
    assert multiply(at("P1D"), True) is None


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("P1Y", Decimal(2), YearMonthDuration(6)),
        ("P1D", Decimal(4), dt.timedelta(hours=6)),
        ("PT1S", Decimal(3), dt.timedelta(milliseconds=333)),
        ("P1Y", "P1M", Decimal(12)),
        ("P1D", "PT1H", Decimal(24)),
        ("PT1H", "PT2H", Decimal(0)),
        ("P1Y", "P5M", Decimal(2)),
        ("P1Y", "P0M", None),
        ("P1D", "PT0H", None),
        ("P1D", Decimal(0), None),
        ("P1D", "P1Y", None),
    ],
)
def test_divide(left: str, right: Any, expected: Any) -> None:
    divisor = at(right) if isinstance(right, str) else right
    assert divide(at(left), divisor) == expected


def test_number_divided_by_duration_is_undefined() -> None:
    assert divide(Decimal(1), at("P1D")) is None


def test_negation_of_temporal_values_is_null_as_in_camunda() -> None:
    assert negate(at("P1D")) is None
    assert negate(at("2020-01-01")) is None


def test_abs_duration() -> None:
    assert abs_duration(at("-PT5H")) == at("PT5H")
    assert abs_duration(at("PT5H")) == at("PT5H")
    assert abs_duration(at("-P2M")) == at("P2M")
    assert abs_duration(Decimal(-1)) is None


def test_out_of_range_results_give_none() -> None:
    assert add(at("9999-12-31"), at("P1D")) is None
    assert add(at("9999-12-31T00:00:00"), at("P1Y")) is None
