"""Parsing temporal strings and ``@"..."`` literals as Camunda does."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from zeebe_lite.feel.temporal import (
    parse_date,
    parse_date_and_time,
    parse_duration,
    parse_temporal_literal,
    parse_time,
)
from zeebe_lite.feel.values import YearMonthDuration

PARIS = ZoneInfo("Europe/Paris")
PLUS_ONE = dt.timezone(dt.timedelta(hours=1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-01-01", dt.date(2020, 1, 1)),
        ("10:00:00", dt.time(10)),
        ("T23:59:00", dt.time(23, 59)),
        ("10:00:00.25", dt.time(10, 0, 0, 250_000)),
        ("10:00:00+01:00", dt.time(10, tzinfo=PLUS_ONE)),
        ("10:00:00Z", dt.time(10, tzinfo=dt.UTC)),
        ("10:00:00@Europe/Paris", dt.time(10, tzinfo=PARIS)),
        ("2020-01-01T10:00:00", dt.datetime(2020, 1, 1, 10)),
        ("2020-01-01T10:00", dt.datetime(2020, 1, 1, 10)),
        ("2020-01-01T10:00:00Z", dt.datetime(2020, 1, 1, 10, tzinfo=dt.UTC)),
        (
            "2020-01-01T10:00:00-05:30",
            dt.datetime(2020, 1, 1, 10, tzinfo=dt.timezone(-dt.timedelta(hours=5, minutes=30))),
        ),
        ("2020-01-01T10:00:00@Europe/Paris", dt.datetime(2020, 1, 1, 10, tzinfo=PARIS)),
        ("P1D", dt.timedelta(days=1)),
        ("PT2H30M", dt.timedelta(hours=2, minutes=30)),
        ("PT1.5S", dt.timedelta(seconds=1.5)),
        ("-P3D", dt.timedelta(days=-3)),
        ("P1Y2M", YearMonthDuration(14)),
        ("P32Y", YearMonthDuration(384)),
        ("-P1Y2M", YearMonthDuration(-14)),
    ],
)
def test_literal_values(text: str, expected: Any) -> None:
    value = parse_temporal_literal(text)
    assert value == expected
    assert type(value) is type(expected)
    if isinstance(expected, dt.time | dt.datetime):
        assert value.tzinfo == expected.tzinfo


@pytest.mark.parametrize(
    "text",
    [
        "",
        "x",
        "P",
        "PT",
        "P1DT",
        "2023-02-29",
        "2023-06-31",
        "24:00:00",
        "10:61:00",
        "10:00+01:00",
        "P1Y2D",
        "p1d",
        "2020-01-01T10:00:00@Nowhere/City",
        "2020-01-01T10:00:00+25:00",
        "2020-13-01",
    ],
)
def test_invalid_literals_give_none(text: str) -> None:
    assert parse_temporal_literal(text) is None


def test_date_and_time_with_offset_and_zone_keeps_the_zone() -> None:
    value = parse_date_and_time("2018-04-29T09:30:00+02:00[Europe/Berlin]")
    assert value == dt.datetime(2018, 4, 29, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert value is not None and value.utcoffset() == dt.timedelta(hours=2)


def test_date_and_time_of_a_plain_date_is_midnight() -> None:
    assert parse_date_and_time("2012-12-24") == dt.datetime(2012, 12, 24)


def test_zoned_date_time_in_a_dst_gap_moves_forward() -> None:
    value = parse_date_and_time("2021-03-28T02:30:00@Europe/Paris")
    assert value is not None
    assert (value.hour, value.minute, value.utcoffset()) == (3, 30, dt.timedelta(hours=2))


def test_zoned_date_time_in_a_dst_overlap_takes_the_earlier_offset() -> None:
    value = parse_date_and_time("2021-10-31T02:30:00@Europe/Paris")
    assert value is not None and value.utcoffset() == dt.timedelta(hours=2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PT-5M", dt.timedelta(minutes=-5)),
        ("-PT5M", dt.timedelta(minutes=-5)),
        ("P-1D", dt.timedelta(days=-1)),
        ("PT-3M-4S", dt.timedelta(minutes=-3, seconds=-4)),
        ("PT-0.5S", dt.timedelta(seconds=-0.5)),
        ("P2DT20H14M", dt.timedelta(days=2, hours=20, minutes=14)),
        ("P-1Y", YearMonthDuration(-12)),
        ("P-2M", YearMonthDuration(-2)),
        ("P-1Y-2M", YearMonthDuration(-14)),
        ("P0M", YearMonthDuration(0)),
    ],
)
def test_durations_with_signed_components(text: str, expected: object) -> None:
    assert parse_duration(text) == expected


def test_date_requires_a_date_only() -> None:
    assert parse_date("2020-01-01") == dt.date(2020, 1, 1)
    assert parse_date("2020-01-01T10:00:00") is None


def test_time_needs_seconds_only_with_an_offset() -> None:
    assert parse_time("10:00") == dt.time(10)
    assert parse_time("10:00+01:00") is None
    assert parse_time("10:00:00.123456789") == dt.time(10, 0, 0, 123_456)
