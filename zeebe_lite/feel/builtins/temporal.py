"""Built-in functions: temporal (conversion to and from dates, times and durations, and calendar helpers).

Parameter names and accepted argument types follow Camunda's documentation and feel-scala. ``abs()`` of a
duration lives in the numeric ``abs`` built-in, which calls :func:`zeebe_lite.feel.temporal.abs_duration`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import Any

from zeebe_lite.feel.errors import FeelEvaluationError
from zeebe_lite.feel.temporal import parse_date, parse_date_and_time, parse_duration, parse_time
from zeebe_lite.feel.temporal.zones import UTC, attach_zone, from_utc, to_utc, zone_from_id
from zeebe_lite.feel.values import YearMonthDuration, is_number, to_number, type_name

from ._base import Builtin, EvalEnv

__all__ = ["FUNCTIONS"]

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MAX_OFFSET = dt.timedelta(hours=18)


def _fail(message: str) -> FeelEvaluationError:
    return FeelEvaluationError(message)


def _whole(value: Any, name: str) -> int:
    if not is_number(value) or isinstance(value, bool):
        raise _fail(f"expected a number for '{name}' but found {type_name(value)}")
    return int(to_number(value))


def _calendar_date(value: Any) -> dt.date:
    """The calendar date of a date or date-time argument (the wall-clock date of a zoned date-time)."""
    if type(value) is dt.datetime:
        return value.date()
    if type(value) is dt.date:
        return value
    raise _fail(f"expected a date or date and time but found {type_name(value)}")


def _date(from_: Any) -> dt.date:
    if isinstance(from_, str):
        parsed = parse_date(from_)
        if parsed is None:
            raise _fail(f"Failed to parse date from '{from_}'")
        return parsed
    return _calendar_date(from_)


def _date_of(year: Any, month: Any, day: Any) -> dt.date:
    parts = (_whole(year, "year"), _whole(month, "month"), _whole(day, "day"))
    try:
        return dt.date(*parts)
    except ValueError:
        raise _fail(f"Failed to parse date from: year={year}, month={month}, day={day}") from None


def _time(from_: Any) -> dt.time:
    if isinstance(from_, str):
        parsed = parse_time(from_)
        if parsed is None:
            raise _fail(f"Failed to parse time from '{from_}'")
        return parsed
    if type(from_) is dt.datetime:
        return from_.timetz()
    if type(from_) is dt.date:
        return dt.time(0, tzinfo=UTC)
    raise _fail(f"expected a string, date or date and time but found {type_name(from_)}")


def _clock(hour: Any, minute: Any, second: Any, *, with_fraction: bool) -> dt.time:
    whole_second = _whole(second, "second")
    microsecond = 0
    if with_fraction:
        fraction = to_number(second) - whole_second
        microsecond = int(fraction * 1_000_000)
    try:
        return dt.time(_whole(hour, "hour"), _whole(minute, "minute"), whole_second, microsecond)
    except ValueError:
        raise _fail(f"Failed to parse time from: hour={hour}, minute={minute}, second={second}") from None


def _time_of(hour: Any, minute: Any, second: Any) -> dt.time:
    return _clock(hour, minute, second, with_fraction=True)


def _time_with_offset(hour: Any, minute: Any, second: Any, offset: Any) -> dt.time:
    if offset is None:
        return _clock(hour, minute, second, with_fraction=False)
    if type(offset) is not dt.timedelta:
        raise _fail(f"expected a days and time duration for 'offset' but found {type_name(offset)}")
    whole_offset = dt.timedelta(seconds=offset // dt.timedelta(seconds=1))
    if abs(whole_offset) > _MAX_OFFSET:
        raise _fail(f"the offset {offset} is out of range")
    zone = UTC if not whole_offset else dt.timezone(whole_offset)
    return _clock(hour, minute, second, with_fraction=True).replace(tzinfo=zone)


def _date_and_time(from_: Any) -> dt.datetime:
    if not isinstance(from_, str):
        raise _fail(f"expected a string but found {type_name(from_)}")
    parsed = parse_date_and_time(from_)
    if parsed is None:
        raise _fail(f"Failed to parse date-time from '{from_}'")
    return parsed


def _combine(date: Any, time: Any) -> dt.datetime:
    """``date and time(date, time)``, and Camunda's ``date and time(date and time, timezone)``."""
    if isinstance(time, str):
        if type(date) is not dt.datetime:
            raise _fail(f"expected a date and time but found {type_name(date)}")
        zone = zone_from_id(time)
        if zone is None:
            raise _fail(f"unknown time zone '{time}'")
        if date.tzinfo is None:
            return attach_zone(date, zone)
        return from_utc(to_utc(date), zone)
    if type(time) is not dt.time:
        raise _fail(f"expected a time but found {type_name(time)}")
    local = dt.datetime.combine(_calendar_date(date), time.replace(tzinfo=None))
    return local if time.tzinfo is None else attach_zone(local, time.tzinfo)


def _duration(from_: Any) -> dt.timedelta | YearMonthDuration:
    if not isinstance(from_, str):
        raise _fail(f"expected a string but found {type_name(from_)}")
    parsed = parse_duration(from_)
    if parsed is None:
        raise _fail(f"Failed to parse duration from '{from_}'")
    return parsed


def _years_and_months(from_: Any, to: Any) -> YearMonthDuration:
    """Whole months between two dates, as ``java.time.Period.between`` counts them."""
    start, end = _calendar_date(from_), _calendar_date(to)
    months = (end.year * 12 + end.month) - (start.year * 12 + start.month)
    days = end.day - start.day
    if months > 0 and days < 0:
        months -= 1
    elif months < 0 and days > 0:
        months += 1
    return YearMonthDuration(months)


def _now(env: EvalEnv) -> dt.datetime:
    return env.now()


def _today(env: EvalEnv) -> dt.date:
    return env.now().date()


def _day_of_year(date: Any) -> Decimal:
    return Decimal(_calendar_date(date).timetuple().tm_yday)


def _day_of_week(date: Any) -> str:
    return _DAY_NAMES[_calendar_date(date).weekday()]


def _month_of_year(date: Any) -> str:
    return _MONTH_NAMES[_calendar_date(date).month - 1]


def _week_of_year(date: Any) -> Decimal:
    return Decimal(_calendar_date(date).isocalendar().week)


def _last_day_of_month(date: Any) -> dt.date:
    day = _calendar_date(date)
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


FUNCTIONS: tuple[Builtin, ...] = (
    Builtin("date", ("from",), _date),
    Builtin("date", ("year", "month", "day"), _date_of),
    Builtin("time", ("from",), _time),
    Builtin("time", ("hour", "minute", "second"), _time_of),
    Builtin("time", ("hour", "minute", "second", "offset"), _time_with_offset),
    Builtin("date and time", ("from",), _date_and_time),
    Builtin("date and time", ("date", "time"), _combine),
    Builtin("duration", ("from",), _duration),
    Builtin("years and months duration", ("from", "to"), _years_and_months),
    Builtin("now", (), _now, needs_env=True),
    Builtin("today", (), _today, needs_env=True),
    Builtin("day of year", ("date",), _day_of_year),
    Builtin("day of week", ("date",), _day_of_week),
    Builtin("month of year", ("date",), _month_of_year),
    Builtin("week of year", ("date",), _week_of_year),
    Builtin("last day of month", ("date",), _last_day_of_month),
)
