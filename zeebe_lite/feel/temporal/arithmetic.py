"""Temporal arithmetic with Camunda's rules (feel-scala ``FeelInterpreter`` add/sub/mul/div).

Every function returns ``None`` (FEEL null) for operand combinations Camunda does not define. Notable rules:
a date plus a days and time duration moves from the start of that day; a time plus a duration wraps around
midnight; zoned date-times add days and time durations on the instant time-line and years and months durations
on the wall clock (clamping to the end of the month); multiplying or dividing a duration by a number truncates
the number (or the result) to whole units as Camunda does, and a duration divided by a duration is a whole number.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal, DecimalException
from typing import Any

from zeebe_lite.feel.values import NUMBER_CONTEXT, YearMonthDuration, is_number, to_number

from .comparison import time_instant_microseconds
from .formatting import java_div
from .kinds import Kind, kind_of
from .zones import attach_zone, from_utc, to_utc

__all__ = ["abs_duration", "add", "add_months", "divide", "multiply", "negate", "subtract"]

_DAY = dt.timedelta(days=1)
_MICROSECOND = dt.timedelta(microseconds=1)
_MILLISECOND = dt.timedelta(milliseconds=1)


def add_months(value: dt.date, months: int) -> dt.date:
    """A date moved by whole months, clamped to the last day of the target month (``LocalDate.plusMonths``)."""
    year, month_index = divmod(value.year * 12 + value.month - 1 + months, 12)
    month = month_index + 1
    day = min(value.day, calendar.monthrange(year, month)[1])
    return value.replace(year=year, month=month, day=day)


def _shift_local(value: dt.datetime, months: int) -> dt.datetime:
    return dt.datetime.combine(add_months(value.date(), months), value.time())


def _date_time_plus(value: dt.datetime, amount: dt.timedelta | YearMonthDuration) -> dt.datetime:
    if isinstance(amount, YearMonthDuration):
        local = _shift_local(value.replace(tzinfo=None), amount.months)
        if value.tzinfo is None:
            return local
        return attach_zone(local, value.tzinfo, value.utcoffset())
    if value.tzinfo is None:
        return value + amount
    return from_utc(to_utc(value) + amount, value.tzinfo)


def _time_plus(value: dt.time, amount: dt.timedelta) -> dt.time:
    of_day = dt.timedelta(
        hours=value.hour, minutes=value.minute, seconds=value.second, microseconds=value.microsecond
    )
    shifted = (of_day + amount) % _DAY
    clock = (dt.datetime.min + shifted).time()
    return clock.replace(tzinfo=value.tzinfo)


def _date_plus(value: dt.date, amount: dt.timedelta) -> dt.date:
    return (dt.datetime.combine(value, dt.time()) + amount).date()


def _add(a: Any, b: Any) -> Any | None:
    kind_a, kind_b = kind_of(a), kind_of(b)
    if kind_a is Kind.DAYS_TIME and kind_b is Kind.DAYS_TIME:
        return a + b
    if kind_a is Kind.YEARS_MONTHS and kind_b is Kind.YEARS_MONTHS:
        return YearMonthDuration(a.months + b.months)
    if kind_a in (Kind.DAYS_TIME, Kind.YEARS_MONTHS) and kind_b not in (Kind.DAYS_TIME, Kind.YEARS_MONTHS):
        a, b, kind_a, kind_b = b, a, kind_b, kind_a
    if kind_a in (Kind.LOCAL_DATE_TIME, Kind.DATE_TIME) and kind_b in (Kind.DAYS_TIME, Kind.YEARS_MONTHS):
        return _date_time_plus(a, b)
    if kind_a in (Kind.LOCAL_TIME, Kind.TIME) and kind_b is Kind.DAYS_TIME:
        return _time_plus(a, b)
    if kind_a is Kind.DATE and kind_b is Kind.DAYS_TIME:
        return _date_plus(a, b)
    if kind_a is Kind.DATE and kind_b is Kind.YEARS_MONTHS:
        return add_months(a, b.months)
    return None


def _subtract(a: Any, b: Any) -> Any | None:
    kind_a, kind_b = kind_of(a), kind_of(b)
    if kind_a is Kind.DAYS_TIME and kind_b is Kind.DAYS_TIME:
        return a - b
    if kind_a is Kind.YEARS_MONTHS and kind_b is Kind.YEARS_MONTHS:
        return YearMonthDuration(a.months - b.months)
    if kind_b is Kind.YEARS_MONTHS and kind_a in (Kind.LOCAL_DATE_TIME, Kind.DATE_TIME):
        return _date_time_plus(a, YearMonthDuration(-b.months))
    if kind_b is Kind.YEARS_MONTHS and kind_a is Kind.DATE:
        return add_months(a, -b.months)
    if kind_b is Kind.DAYS_TIME and kind_a in (Kind.LOCAL_DATE_TIME, Kind.DATE_TIME):
        return _date_time_plus(a, -b)
    if kind_b is Kind.DAYS_TIME and kind_a in (Kind.LOCAL_TIME, Kind.TIME):
        return _time_plus(a, -b)
    if kind_b is Kind.DAYS_TIME and kind_a is Kind.DATE:
        return _date_plus(a, -b)
    if kind_a is not kind_b:
        return None
    if kind_a is Kind.DATE:
        return dt.timedelta(days=(a - b).days)
    if kind_a is Kind.LOCAL_DATE_TIME:
        return a - b
    if kind_a is Kind.DATE_TIME:
        return to_utc(a) - to_utc(b)
    if kind_a is Kind.LOCAL_TIME:
        return dt.datetime.combine(dt.date.min, a) - dt.datetime.combine(dt.date.min, b)
    if kind_a is Kind.TIME:
        # Camunda's zoned-time difference is always positive.
        return abs(time_instant_microseconds(a) - time_instant_microseconds(b)) * _MICROSECOND
    return None


def add(a: Any, b: Any) -> Any | None:
    """``a + b`` where at least one operand is temporal; ``None`` when Camunda does not define it."""
    try:
        return _add(a, b)
    except (OverflowError, ValueError):
        return None


def subtract(a: Any, b: Any) -> Any | None:
    """``a - b`` where at least one operand is temporal; ``None`` when Camunda does not define it."""
    try:
        return _subtract(a, b)
    except (OverflowError, ValueError):
        return None


def _whole(number: Any) -> int:
    """A FEEL number truncated toward zero, as Java's ``BigDecimal.intValue`` does for sane magnitudes."""
    return int(to_number(number))


def multiply(a: Any, b: Any) -> Any | None:
    """A duration times a number (either order); the number is truncated to a whole number first."""
    if is_number(a) and not is_number(b):
        a, b = b, a
    if not is_number(b) or isinstance(b, bool):
        return None
    kind = kind_of(a)
    try:
        if kind is Kind.YEARS_MONTHS:
            return YearMonthDuration(a.months * _whole(b))
        if kind is Kind.DAYS_TIME:
            return a * _whole(b)
    except (OverflowError, ValueError, DecimalException):
        return None
    return None


def _quotient(dividend: int, divisor: Any) -> int:
    return int(NUMBER_CONTEXT.divide(Decimal(dividend), to_number(divisor)))


def divide(a: Any, b: Any) -> Any | None:
    """A duration divided by a number or by a duration of the same kind; ``None`` for a zero divisor.

    Like Camunda, a days and time duration is divided in whole milliseconds, and a duration divided by a
    duration gives the whole-number quotient (``duration("P1D") / duration("PT1H")`` is 24).
    """
    kind = kind_of(a)
    try:
        if is_number(b) and not isinstance(b, bool):
            if to_number(b) == 0:
                return None
            if kind is Kind.YEARS_MONTHS:
                return YearMonthDuration(_quotient(a.months, b))
            if kind is Kind.DAYS_TIME:
                return _quotient(a // _MILLISECOND, b) * _MILLISECOND
            return None
        if kind is Kind.YEARS_MONTHS and kind_of(b) is Kind.YEARS_MONTHS and b.months != 0:
            return Decimal(java_div(a.months, b.months))
        if kind is Kind.DAYS_TIME and kind_of(b) is Kind.DAYS_TIME:
            divisor = b // _MILLISECOND
            return Decimal(java_div(a // _MILLISECOND, divisor)) if divisor else None
    except (OverflowError, ValueError, DecimalException):
        return None
    return None


def negate(value: Any) -> Any | None:
    """``-value`` for a temporal value: always ``None``, since Camunda negates numbers only."""
    return None


def abs_duration(value: Any) -> Any | None:
    """``abs()`` of a duration (either kind); ``None`` for anything else."""
    kind = kind_of(value)
    if kind is Kind.DAYS_TIME:
        return abs(value)
    if kind is Kind.YEARS_MONTHS:
        return YearMonthDuration(abs(value.months))
    return None
