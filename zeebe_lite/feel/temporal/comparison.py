"""Ordering and equality of temporal values, as Camunda's ``<`` and ``=`` apply them.

Only values of the same kind compare: a local and a zoned date-time, or a date and a date-time, give ``None``
(FEEL null). ``=`` on zoned values is strict as ``java.time`` equality is: the same instant in two different
offsets is not equal, while ``<`` and ``>`` order by instant.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .kinds import Kind, kind_of
from .zones import format_offset, offset_of_time, to_utc, zone_key

__all__ = ["compare", "equals", "time_instant_microseconds"]


def _sign(difference: int | float) -> int:
    return (difference > 0) - (difference < 0)


def time_instant_microseconds(value: dt.time) -> int:
    """A zoned time as microseconds from UTC midnight (not wrapped into one day), as Camunda orders times."""
    offset = offset_of_time(value) or dt.timedelta(0)
    of_day = ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond
    return of_day - offset // dt.timedelta(microseconds=1)


def _zone_label(value: dt.datetime) -> str:
    key = zone_key(value.tzinfo)
    if key is not None:
        return key
    return format_offset(value.utcoffset() or dt.timedelta(0))


def compare(a: Any, b: Any) -> int | None:
    """-1, 0 or 1 for two temporal values of the same kind; ``None`` when they cannot be compared."""
    kind = kind_of(a)
    if kind is None or kind is not kind_of(b):
        return None
    if kind is Kind.DATE_TIME:
        by_instant = _sign((to_utc(a) - to_utc(b)) // dt.timedelta(microseconds=1))
        if by_instant:
            return by_instant
        local_a, local_b = a.replace(tzinfo=None), b.replace(tzinfo=None)
        if local_a != local_b:
            return -1 if local_a < local_b else 1
        label_a, label_b = _zone_label(a), _zone_label(b)
        return 0 if label_a == label_b else (-1 if label_a < label_b else 1)
    if kind is Kind.TIME:
        return _sign(time_instant_microseconds(a) - time_instant_microseconds(b))
    if kind is Kind.YEARS_MONTHS:
        return _sign(a.months - b.months)
    return 0 if a == b else (-1 if a < b else 1)


def equals(a: Any, b: Any) -> bool | None:
    """FEEL ``=`` for two temporal values of the same kind; ``None`` when the kinds differ."""
    kind = kind_of(a)
    if kind is None or kind is not kind_of(b):
        return None
    if kind is Kind.DATE_TIME:
        return (
            a.replace(tzinfo=None) == b.replace(tzinfo=None)
            and a.utcoffset() == b.utcoffset()
            and zone_key(a.tzinfo) == zone_key(b.tzinfo)
        )
    if kind is Kind.TIME:
        return (
            a.replace(tzinfo=None) == b.replace(tzinfo=None)
            and offset_of_time(a) == offset_of_time(b)
            and zone_key(a.tzinfo) == zone_key(b.tzinfo)
        )
    return bool(a == b)
