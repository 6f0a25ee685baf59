"""Temporal built-ins through ``builtin_table()``, with the examples of Camunda's documentation and tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from zeebe_lite.feel.builtins import builtin_table
from zeebe_lite.feel.errors import FeelEvaluationError
from zeebe_lite.feel.temporal import format_value, parse_temporal_literal
from zeebe_lite.feel.values import YearMonthDuration

BERLIN = ZoneInfo("Europe/Berlin")


class FixedClock:
    """An evaluation environment whose clock stands still."""

    def __init__(self, instant: dt.datetime) -> None:
        self.instant = instant

    def now(self) -> dt.datetime:
        return self.instant


def call(name: str, *args: Any, env: Any = None) -> Any:
    """Invoke the signature of ``name`` that takes ``len(args)`` arguments; errors become ``None``."""
    signatures = [b for b in builtin_table()[name] if len(b.params) == len(args)]
    assert len(signatures) == 1, f"{name}/{len(args)}: {signatures}"
    builtin = signatures[0]
    try:
        return builtin.impl(env, *args) if builtin.needs_env else builtin.impl(*args)
    except FeelEvaluationError:
        return None


def at(text: str) -> Any:
    value = parse_temporal_literal(text)
    assert value is not None, text
    return value


def n(value: int | str) -> Decimal:
    return Decimal(value)


def test_documented_parameter_names() -> None:
    table = builtin_table()
    params = {name: {b.params for b in table[name]} for name in ("date", "time", "date and time", "duration")}
    assert params["date"] == {("from",), ("year", "month", "day")}
    assert params["time"] == {("from",), ("hour", "minute", "second"), ("hour", "minute", "second", "offset")}
    assert params["date and time"] == {("from",), ("date", "time")}
    assert params["duration"] == {("from",)}
    assert {b.params for b in table["years and months duration"]} == {("from", "to")}
    for name in ("day of year", "day of week", "month of year", "week of year", "last day of month"):
        assert {b.params for b in table[name]} == {("date",)}
    assert all(b.needs_env for b in table["now"] + table["today"])


class TestDate:
    def test_from_string(self) -> None:
        assert call("date", "2018-04-29") == dt.date(2018, 4, 29)

    def test_from_date_and_time(self) -> None:
        assert call("date", at("2012-12-25T11:00:00")) == dt.date(2012, 12, 25)
        assert call("date", at("2012-12-25T11:00:00+01:00")) == dt.date(2012, 12, 25)
        result = call("date", at("2012-12-25T11:00:00"))
        assert type(result) is dt.date

    def test_from_date(self) -> None:
        assert call("date", dt.date(2012, 12, 25)) == dt.date(2012, 12, 25)

    def test_from_parts(self) -> None:
        assert call("date", n(2012), n(12), n(25)) == dt.date(2012, 12, 25)

    @pytest.mark.parametrize("args", [("2023-02-29",), ("2023-06-31",), ("x",), (n(1),), (None,)])
    def test_invalid_single_argument(self, args: tuple[Any, ...]) -> None:
        assert call("date", *args) is None

    @pytest.mark.parametrize("args", [(n(2023), n(2), n(29)), (n(2023), n(6), n(31)), ("2023", n(1), n(1))])
    def test_invalid_parts(self, args: tuple[Any, ...]) -> None:
        assert call("date", *args) is None


class TestTime:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("12:00:00", "12:00:00"),
            ("23:59:00+01:00", "23:59:00+01:00"),
            ("23:59:00@Europe/Paris", "23:59:00@Europe/Paris"),
        ],
    )
    def test_from_string(self, text: str, expected: str) -> None:
        assert format_value(call("time", text)) == expected

    def test_from_date_and_time(self) -> None:
        assert call("time", at("2012-12-25T11:00:00")) == dt.time(11)
        assert format_value(call("time", at("2012-12-25T11:00:00+01:00"))) == "11:00:00+01:00"
        assert format_value(call("time", at("2012-12-25T11:00:00@Europe/Paris"))) == "11:00:00@Europe/Paris"

    def test_from_date_is_midnight_utc(self) -> None:
        assert format_value(call("time", at("2012-12-25"))) == "00:00:00Z"

    def test_from_parts(self) -> None:
        assert call("time", n(23), n(59), n(0)) == dt.time(23, 59)
        assert call("time", n(23), n(59), n("1.5")) == dt.time(23, 59, 1, 500_000)

    def test_from_parts_with_offset(self) -> None:
        assert format_value(call("time", n(14), n(30), n(0), at("PT1H"))) == "14:30:00+01:00"
        assert format_value(call("time", n(14), n(30), n(0), at("-PT5H30M"))) == "14:30:00-05:30"
        assert format_value(call("time", n(14), n(30), n(0), at("PT0S"))) == "14:30:00Z"

    def test_from_parts_with_null_offset_is_local(self) -> None:
        assert call("time", n(14), n(30), n(0), None) == dt.time(14, 30)

    @pytest.mark.parametrize(
        "args",
        [
            ("25:00:00",),
            ("x",),
            (n(24), n(0), n(0)),
            (n(10), n(60), n(0)),
            (n(10), n(0), n(0), at("PT19H")),
            (n(1), n(2), n(3), "x"),
        ],
    )
    def test_invalid(self, args: tuple[Any, ...]) -> None:
        assert call("time", *args) is None


class TestDateAndTime:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2018-04-29T09:30:00", "2018-04-29T09:30:00"),
            ("2018-04-29T09:30:00+02:00", "2018-04-29T09:30:00+02:00"),
            ("2018-04-29T09:30:00@Europe/Berlin", "2018-04-29T09:30:00@Europe/Berlin"),
            ("2018-04-29T09:30:00+02:00[Europe/Berlin]", "2018-04-29T09:30:00@Europe/Berlin"),
            ("2012-12-24", "2012-12-24T00:00:00"),
        ],
    )
    def test_from_string(self, text: str, expected: str) -> None:
        assert format_value(call("date and time", text)) == expected

    @pytest.mark.parametrize(
        ("date", "time", "expected"),
        [
            ("2012-12-24", "T23:59:00", "2012-12-24T23:59:00"),
            ("2012-12-24", "T23:59:00+01:00", "2012-12-24T23:59:00+01:00"),
            ("2012-12-24T10:24:00", "T23:59:00", "2012-12-24T23:59:00"),
            ("2012-12-24T10:24:00", "T23:59:00+01:00", "2012-12-24T23:59:00+01:00"),
            ("2012-12-24T10:24:00+01:00", "T23:59:00", "2012-12-24T23:59:00"),
            ("2012-12-24T10:24:00+01:00", "T23:59:00+01:00", "2012-12-24T23:59:00+01:00"),
            ("2012-07-24", "23:59:00@Europe/Paris", "2012-07-24T23:59:00@Europe/Paris"),
        ],
    )
    def test_from_date_and_time(self, date: str, time: str, expected: str) -> None:
        assert format_value(call("date and time", at(date), at(time))) == expected

    def test_zoned_date_time_from_a_zoned_time_uses_the_offset_of_that_day(self) -> None:
        assert call(
            "date and time", at("2012-07-24"), at("23:59:00@Europe/Paris")
        ).utcoffset() == dt.timedelta(hours=2)

    @pytest.mark.parametrize(
        ("value", "zone", "expected"),
        [
            ("2020-07-31T14:27:30@Europe/Berlin", "Z", "2020-07-31T12:27:30Z"),
            (
                "2020-07-31T14:27:30@Europe/Berlin",
                "America/Los_Angeles",
                "2020-07-31T05:27:30@America/Los_Angeles",
            ),
            ("2020-07-31T14:27:30", "Z", "2020-07-31T14:27:30Z"),
            ("2020-07-31T14:27:30+02:00", "+01:00", "2020-07-31T13:27:30+01:00"),
        ],
    )
    def test_with_timezone(self, value: str, zone: str, expected: str) -> None:
        assert format_value(call("date and time", at(value), zone)) == expected

    @pytest.mark.parametrize(
        "args",
        [
            ("2023-02-29T10:00:00",),
            ("2023-06-31T10:00:00+02:00",),
            (at("2020-01-01"),),
            (at("2020-01-01T10:00:00"), "Nowhere/Town"),
            (at("2020-01-01"), "Z"),
            (at("2020-01-01"), n(1)),
        ],
    )
    def test_invalid(self, args: tuple[Any, ...]) -> None:
        assert call("date and time", *args) is None


class TestDuration:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("P5D", dt.timedelta(days=5)),
            ("P32Y", YearMonthDuration(384)),
            ("PT-5M", dt.timedelta(minutes=-5)),
        ],
    )
    def test_from_string(self, text: str, expected: Any) -> None:
        assert call("duration", text) == expected

    @pytest.mark.parametrize("value", ["P1Y2D", "1D", "", n(1), None])
    def test_invalid(self, value: Any) -> None:
        assert call("duration", value) is None

    @pytest.mark.parametrize(
        ("start", "end", "expected"),
        [
            ("2011-12-22", "2013-08-24", "P1Y8M"),
            ("2011-12-22T10:00:00", "2013-08-24T10:00:00", "P1Y8M"),
            ("2011-12-22T10:00:00+01:00", "2013-08-24T10:00:00+01:00", "P1Y8M"),
            ("2011-12-22", "2013-08-24T10:00:00", "P1Y8M"),
            ("2013-08-24", "2011-12-22", "-P1Y8M"),
            ("2013-08-21", "2011-12-22", "-P1Y7M"),
            ("2020-01-31", "2020-02-29", "P0Y"),
            ("2020-01-31", "2020-03-31", "P2M"),
        ],
    )
    def test_years_and_months_between(self, start: str, end: str, expected: str) -> None:
        assert format_value(call("years and months duration", at(start), at(end))) == expected

    def test_years_and_months_needs_dates(self) -> None:
        assert call("years and months duration", at("10:00:00"), at("2020-01-01")) is None


class TestClock:
    def test_now_and_today_read_the_environment(self) -> None:
        instant = dt.datetime(2020, 7, 31, 14, 27, 30, tzinfo=BERLIN)
        env = FixedClock(instant)
        assert call("now", env=env) == instant
        assert format_value(call("now", env=env)) == "2020-07-31T14:27:30@Europe/Berlin"
        assert call("today", env=env) == dt.date(2020, 7, 31)


class TestCalendar:
    @pytest.mark.parametrize(
        "value", ["2019-09-17", "2019-09-17T12:00:00", "2019-09-17T14:30:00.123456@Europe/Berlin"]
    )
    def test_documented_examples(self, value: str) -> None:
        assert call("day of year", at(value)) == n(260)
        assert call("day of week", at(value)) == "Tuesday"
        assert call("month of year", at(value)) == "September"
        assert call("week of year", at(value)) == n(38)
        assert call("last day of month", at(value)) == dt.date(2019, 9, 30)

    @pytest.mark.parametrize(
        ("value", "week"),
        [("2003-12-29", 1), ("2004-01-04", 1), ("2005-01-01", 53), ("2005-01-03", 1), ("2005-01-09", 1)],
    )
    def test_iso_week_of_year(self, value: str, week: int) -> None:
        assert call("week of year", at(value)) == n(week)

    def test_day_of_year_in_leap_years(self) -> None:
        assert call("day of year", at("2019-12-31")) == n(365)
        assert call("day of year", at("2020-12-31")) == n(366)

    def test_last_day_of_month_in_leap_years(self) -> None:
        assert call("last day of month", at("2022-02-01")) == dt.date(2022, 2, 28)
        assert call("last day of month", at("2024-02-01")) == dt.date(2024, 2, 29)
        assert call("last day of month", at("2022-10-16T12:00:00")) == dt.date(2022, 10, 31)

    @pytest.mark.parametrize(
        "name", ["day of year", "day of week", "month of year", "week of year", "last day of month"]
    )
    def test_non_dates_give_null(self, name: str) -> None:
        assert call(name, "2019-09-17") is None
        assert call(name, at("10:00:00")) is None
        assert call(name, None) is None
