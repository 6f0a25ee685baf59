"""Comparison, properties, ``string()`` rendering and JSON serialisation of temporal values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from zeebe_lite.feel.temporal import (
    compare,
    equals,
    format_value,
    get_property,
    is_temporal,
    parse_temporal_literal,
    property_names,
    to_json_string,
)
from zeebe_lite.feel.values import Range, YearMonthDuration


def at(text: str) -> Any:
    value = parse_temporal_literal(text)
    assert value is not None, text
    return value


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("2016-01-10", "2017-01-10", -1),
        ("2017-01-10", "2017-01-10", 0),
        ("11:00:00", "10:00:00", 1),
        ("10:00:00+01:00", "11:00:00+01:00", -1),
        ("10:00:00+01:00", "09:30:00Z", -1),
        ("2017-01-10T10:30:00", "2017-02-10T10:00:00", -1),
        ("2017-01-10T10:30:00+01:00", "2017-01-10T09:00:00Z", 1),
        ("P2M", "P1Y", -1),
        ("P1Y", "P12M", 0),
        ("P1D", "PT6H", 1),
        ("PT6H", "PT6H", 0),
    ],
)
def test_compare_same_kind(left: str, right: str, expected: int) -> None:
    assert compare(at(left), at(right)) == expected


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("2020-01-01", "2020-01-01T00:00:00"),
        ("2020-01-01T10:00:00", "2020-01-01T10:00:00Z"),
        ("10:00:00", "10:00:00+01:00"),
        ("P1D", "P1M"),
    ],
)
def test_values_of_different_kinds_do_not_compare(left: str, right: str) -> None:
    assert compare(at(left), at(right)) is None
    assert equals(at(left), at(right)) is None


def test_non_temporal_values_do_not_compare() -> None:
    assert compare(Decimal(1), Decimal(2)) is None
    assert equals("a", "a") is None


def test_equality_of_zoned_values_is_strict() -> None:
    assert equals(at("2017-01-10T10:30:00+01:00"), at("2017-01-10T10:30:00+01:00")) is True
    assert equals(at("2017-01-10T10:30:00+01:00"), at("2017-01-10T09:30:00Z")) is False
    assert compare(at("2017-01-10T10:30:00+01:00"), at("2017-01-10T09:30:00Z")) != 0
    assert equals(at("10:00:00+01:00"), at("10:00:00+02:00")) is False
    assert equals(at("10:00:00+01:00"), at("10:00:00+01:00")) is True
    assert equals(at("2020-01-01T10:00:00@Europe/Paris"), at("2020-01-01T10:00:00+01:00")) is False


def test_duration_equality_ignores_notation() -> None:
    assert equals(at("P1D"), at("PT24H")) is True
    assert equals(at("P1Y"), at("P12M")) is True
    assert equals(at("P2M"), at("P4M")) is False


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("2017-03-10", "year", Decimal(2017)),
        ("2017-03-10", "month", Decimal(3)),
        ("2017-03-10", "day", Decimal(10)),
        ("2020-09-30", "weekday", Decimal(3)),
        ("11:45:30+02:00", "hour", Decimal(11)),
        ("11:45:30+02:00", "minute", Decimal(45)),
        ("11:45:30.5+02:00", "second", Decimal(30)),
        ("11:45:30+02:00", "time offset", dt.timedelta(hours=2)),
        ("11:45:30+02:00", "timezone", None),
        ("11:45:30@Europe/Paris", "timezone", "Europe/Paris"),
        ("11:45:30@Europe/Paris", "time offset", dt.timedelta(hours=1)),
        ("11:45:30", "time offset", None),
        ("11:45:30", "timezone", None),
        ("2017-03-10T11:45:30+02:00", "year", Decimal(2017)),
        ("2020-09-30T22:50:30+02:00", "weekday", Decimal(3)),
        ("2017-03-10T11:45:30+02:00", "time offset", dt.timedelta(hours=2)),
        ("2017-03-10T11:45:30@Europe/Paris", "timezone", "Europe/Paris"),
        ("2017-07-10T11:45:30@Europe/Paris", "time offset", dt.timedelta(hours=2)),
        ("2017-03-10T11:45:30+02:00", "timezone", None),
        ("2017-03-10T11:45:30", "hour", Decimal(11)),
        ("2017-03-10T11:45:30", "time offset", None),
        ("P2Y3M", "years", Decimal(2)),
        ("P2Y3M", "months", Decimal(3)),
        ("-P2Y3M", "months", Decimal(-3)),
        ("P1DT2H10M30S", "days", Decimal(1)),
        ("P1DT2H10M30S", "hours", Decimal(2)),
        ("P1DT2H10M30S", "minutes", Decimal(10)),
        ("P1DT2H10M30S", "seconds", Decimal(30)),
        ("-PT26H", "days", Decimal(-1)),
        ("-PT26H", "hours", Decimal(-2)),
    ],
)
def test_properties(text: str, name: str, expected: Any) -> None:
    assert get_property(at(text), name) == (True, expected)


def test_unknown_property_is_not_found() -> None:
    assert get_property(at("2020-09-30"), "hour") == (False, None)
    assert get_property(at("P1D"), "years") == (False, None)
    assert get_property("2020-09-30", "year") == (False, None)
    assert property_names(at("2020-09-30")) == ("year", "month", "day", "weekday")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2012-12-25", "2012-12-25"),
        ("23:59:00", "23:59:00"),
        ("23:59", "23:59:00"),
        ("23:59:00.120", "23:59:00.12"),
        ("23:59:00+01:00", "23:59:00+01:00"),
        ("23:59:00Z", "23:59:00Z"),
        ("23:59:00@Europe/Paris", "23:59:00@Europe/Paris"),
        ("2012-12-25T11:00:00", "2012-12-25T11:00:00"),
        ("2012-12-25T11:00:00+02:00", "2012-12-25T11:00:00+02:00"),
        ("2012-12-25T11:00:00Z", "2012-12-25T11:00:00Z"),
        ("2020-01-01T10:00:00@Europe/Paris", "2020-01-01T10:00:00@Europe/Paris"),
        ("-PT0S", "P0D"),
        ("P0D", "P0D"),
        ("PT0H", "P0D"),
        ("PT0H0M0S", "P0D"),
        ("-PT1S", "-PT1S"),
        ("-PT2M30S", "-PT2M30S"),
        ("-P1DT2H3M4S", "-P1DT2H3M4S"),
        ("PT1H", "PT1H"),
        ("P1DT2H3M4S", "P1DT2H3M4S"),
        ("PT48H", "P2D"),
        ("PT1.5S", "PT1S"),
        ("P0Y", "P0Y"),
        ("-P0M", "P0Y"),
        ("-P1Y", "-P1Y"),
        ("-P3Y1M", "-P3Y1M"),
        ("P14M", "P1Y2M"),
        ("P2M", "P2M"),
    ],
)
def test_format_value_like_feel_string(text: str, expected: str) -> None:
    assert format_value(at(text)) == expected


def test_format_range() -> None:
    assert format_value(Range(Decimal(1), Decimal(10), True, False)) == "[1..10)"
    assert format_value(Range(at("2020-01-01"), at("2020-02-01"), False, True)) == "(2020-01-01..2020-02-01]"
    assert format_value(Range("a", "c")) == '["a".."c"]'


def test_format_value_rejects_other_values() -> None:
    with pytest.raises(TypeError):
        format_value(Decimal(1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2012-12-25", "2012-12-25"),
        ("23:59:00", "23:59"),
        ("23:59:30.5", "23:59:30.500"),
        ("23:59:00+01:00", "23:59:00+01:00"),
        ("2012-12-25T11:00:00", "2012-12-25T11:00"),
        ("2012-12-25T11:00:01", "2012-12-25T11:00:01"),
        ("2012-12-25T11:00:00Z", "2012-12-25T11:00Z"),
        ("2020-07-31T14:27:30@Europe/Berlin", "2020-07-31T14:27:30+02:00[Europe/Berlin]"),
        ("P1D", "PT24H"),
        ("PT0S", "PT0S"),
        ("-PT1H", "PT-1H"),
        ("PT1.5S", "PT1.5S"),
        ("-PT1.5S", "PT-1.5S"),
        ("-PT0.5S", "PT-0.5S"),
        ("P1Y2M", "P1Y2M"),
        ("-P1Y2M", "P-1Y-2M"),
        ("P0Y", "P0D"),
    ],
)
def test_to_json_string_like_zeebe(text: str, expected: str) -> None:
    assert to_json_string(at(text)) == expected


def test_is_temporal() -> None:
    assert all(
        is_temporal(at(text)) for text in ("2020-01-01", "10:00:00", "2020-01-01T10:00:00", "P1D", "P1Y")
    )
    assert not is_temporal(Decimal(1))
    assert not is_temporal("2020-01-01")
    assert not is_temporal(None)
    assert is_temporal(YearMonthDuration(0))
