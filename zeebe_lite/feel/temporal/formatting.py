"""Rendering temporal values: as FEEL ``string()`` shows them and as Zeebe writes them into JSON variables.

The two differ the way Camunda's do: ``string()`` uses feel-scala's own formats (``P0D``, ``-PT1H``, always
seconds in a time, ``@zone``), while Zeebe serialises results with ``java.time``'s ``toString`` (``PT24H``,
``10:00``, ``+01:00[Europe/Paris]``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from zeebe_lite.feel.values import Range, YearMonthDuration

from .kinds import Kind, kind_of
from .zones import format_offset, offset_of_time, zone_key

__all__ = [
    "format_days_time_duration",
    "format_value",
    "format_years_months_duration",
    "java_div",
    "java_rem",
    "to_json_string",
]

_MICROS_PER_SECOND = 1_000_000


def java_div(a: int, b: int) -> int:
    """Integer division truncating toward zero, as Java's ``/`` on longs."""
    quotient = abs(a) // abs(b)
    return quotient if (a >= 0) == (b >= 0) else -quotient


def java_rem(a: int, b: int) -> int:
    """Remainder with the sign of the dividend, as Java's ``%``."""
    return a - java_div(a, b) * b


def _total_microseconds(value: dt.timedelta) -> int:
    return value // dt.timedelta(microseconds=1)


def format_days_time_duration(value: dt.timedelta) -> str:
    """Camunda's ``string()`` of a days and time duration: ``P1DT2H``, ``-PT5M``, ``P0D`` (whole seconds only)."""
    seconds = _total_microseconds(value) // _MICROS_PER_SECOND
    parts = (
        java_div(seconds, 86_400),
        java_rem(java_div(seconds, 3600), 24),
        java_rem(java_div(seconds, 60), 60),
        java_rem(seconds, 60),
    )
    if not any(parts):
        return "P0D"
    sign = "-" if all(part <= 0 for part in parts) else ""
    days, hours, minutes, secs = (-part for part in parts) if sign else parts
    text = f"{sign}P{days}D" if days else f"{sign}P"
    clock = "".join(
        f"{amount}{unit}" for amount, unit in ((hours, "H"), (minutes, "M"), (secs, "S")) if amount
    )
    return f"{text}T{clock}" if clock else text


def format_years_months_duration(value: YearMonthDuration) -> str:
    """Camunda's ``string()`` of a years and months duration: ``P1Y2M``, ``-P5M``, ``P0Y``."""
    years, months = java_div(value.months, 12), java_rem(value.months, 12)
    if years == 0 and months == 0:
        return "P0Y"
    sign = ""
    if years <= 0 and months <= 0:
        sign, years, months = "-", -years, -months
    return f"{sign}P" + (f"{years}Y" if years else "") + (f"{months}M" if months else "")


def _fraction(microsecond: int) -> str:
    return f".{microsecond:06d}".rstrip("0") if microsecond else ""


def _clock(value: dt.time | dt.datetime) -> str:
    return f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}{_fraction(value.microsecond)}"


def _zone_suffix(tzinfo: dt.tzinfo | None, offset: dt.timedelta | None) -> str:
    key = zone_key(tzinfo)
    if key is not None:
        return f"@{key}"
    return format_offset(offset) if offset is not None else ""


def _format_range_endpoint(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, Decimal | int | float):
        return str(value)
    return format_value(value)


def format_value(value: Any) -> str:
    """How FEEL ``string()`` renders a temporal value or a range (as Camunda does)."""
    kind = kind_of(value)
    if kind is Kind.DATE:
        return str(value.isoformat())
    if kind is Kind.LOCAL_TIME:
        return _clock(value)
    if kind is Kind.TIME:
        return _clock(value) + _zone_suffix(value.tzinfo, offset_of_time(value))
    if kind is Kind.LOCAL_DATE_TIME:
        return f"{value.date().isoformat()}T{_clock(value)}"
    if kind is Kind.DATE_TIME:
        return f"{value.date().isoformat()}T{_clock(value)}" + _zone_suffix(value.tzinfo, value.utcoffset())
    if kind is Kind.DAYS_TIME:
        return format_days_time_duration(value)
    if kind is Kind.YEARS_MONTHS:
        return format_years_months_duration(value)
    if isinstance(value, Range):
        opening = "[" if value.start_included else "("
        closing = "]" if value.end_included else ")"
        return f"{opening}{_format_range_endpoint(value.start)}..{_format_range_endpoint(value.end)}{closing}"
    raise TypeError(f"not a temporal value or range: {value!r}")


def _java_local_time(value: dt.time | dt.datetime) -> str:
    """``java.time.LocalTime.toString``: seconds only when not zero, fractions in groups of three digits."""
    text = f"{value.hour:02d}:{value.minute:02d}"
    if value.second or value.microsecond:
        text += f":{value.second:02d}"
    if value.microsecond:
        text += (
            f".{value.microsecond // 1000:03d}"
            if value.microsecond % 1000 == 0
            else f".{value.microsecond:06d}"
        )
    return text


def _java_duration(value: dt.timedelta) -> str:
    """``java.time.Duration.toString``: hours, minutes and seconds only (``PT24H``), ``PT0S`` for zero."""
    micros = _total_microseconds(value)
    if micros == 0:
        return "PT0S"
    seconds, fraction = divmod(micros, _MICROS_PER_SECOND)
    effective = seconds + 1 if seconds < 0 and fraction else seconds
    hours = java_div(effective, 3600)
    minutes = java_div(java_rem(effective, 3600), 60)
    secs = java_rem(effective, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if secs == 0 and fraction == 0 and len(text) > 2:
        return text
    text += "-0" if seconds < 0 and fraction and secs == 0 else str(secs)
    if fraction:
        digits = f"{(_MICROS_PER_SECOND - fraction) if seconds < 0 else fraction:06d}".rstrip("0")
        text += f".{digits}"
    return text + "S"


def _java_period(value: YearMonthDuration) -> str:
    """``java.time.Period.toString`` of a normalised period: ``P1Y2M``, ``P-1Y-2M``, ``P0D`` for zero."""
    if value.months == 0:
        return "P0D"
    years, months = java_div(value.months, 12), java_rem(value.months, 12)
    return "P" + (f"{years}Y" if years else "") + (f"{months}M" if months else "")


def to_json_string(value: Any) -> str:
    """How Zeebe writes a temporal FEEL result into a JSON variable (the ISO-8601 ``java.time`` strings)."""
    kind = kind_of(value)
    if kind is Kind.DATE:
        return str(value.isoformat())
    if kind is Kind.LOCAL_TIME:
        return _java_local_time(value)
    if kind is Kind.TIME:
        return format_value(value)
    if kind is Kind.LOCAL_DATE_TIME:
        return f"{value.date().isoformat()}T{_java_local_time(value)}"
    if kind is Kind.DATE_TIME:
        text = f"{value.date().isoformat()}T{_java_local_time(value)}{format_offset(value.utcoffset() or dt.timedelta(0))}"
        key = zone_key(value.tzinfo)
        return f"{text}[{key}]" if key is not None else text
    if kind is Kind.DAYS_TIME:
        return _java_duration(value)
    if kind is Kind.YEARS_MONTHS:
        return _java_period(value)
    raise TypeError(f"not a temporal value: {value!r}")
