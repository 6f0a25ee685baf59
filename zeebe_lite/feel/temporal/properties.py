"""Temporal properties (``date("2020-01-31").month``) with the names and values Camunda documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .formatting import java_div, java_rem
from .kinds import Kind, kind_of
from .zones import offset_of_time, zone_key

__all__ = ["get_property", "property_names"]

_Getter = Callable[[Any], Any]


def _number(value: int) -> Decimal:
    return Decimal(value)


def _whole_seconds(value: dt.timedelta) -> int:
    return value // dt.timedelta(seconds=1)


_DATE_PROPERTIES: dict[str, _Getter] = {
    "year": lambda v: _number(v.year),
    "month": lambda v: _number(v.month),
    "day": lambda v: _number(v.day),
    "weekday": lambda v: _number(v.isoweekday()),
}
_CLOCK_PROPERTIES: dict[str, _Getter] = {
    "hour": lambda v: _number(v.hour),
    "minute": lambda v: _number(v.minute),
    "second": lambda v: _number(v.second),
}
_LOCAL_ZONE_PROPERTIES: dict[str, _Getter] = {"time offset": lambda v: None, "timezone": lambda v: None}

_PROPERTIES: dict[Kind, dict[str, _Getter]] = {
    Kind.DATE: _DATE_PROPERTIES,
    Kind.LOCAL_TIME: {**_CLOCK_PROPERTIES, **_LOCAL_ZONE_PROPERTIES},
    Kind.TIME: {
        **_CLOCK_PROPERTIES,
        "time offset": offset_of_time,
        "timezone": lambda v: zone_key(v.tzinfo),
    },
    Kind.LOCAL_DATE_TIME: {**_DATE_PROPERTIES, **_CLOCK_PROPERTIES, **_LOCAL_ZONE_PROPERTIES},
    Kind.DATE_TIME: {
        **_DATE_PROPERTIES,
        **_CLOCK_PROPERTIES,
        "time offset": lambda v: v.utcoffset(),
        "timezone": lambda v: zone_key(v.tzinfo),
    },
    Kind.YEARS_MONTHS: {
        "years": lambda v: _number(java_div(v.months, 12)),
        "months": lambda v: _number(java_rem(v.months, 12)),
    },
    Kind.DAYS_TIME: {
        "days": lambda v: _number(java_div(_whole_seconds(v), 86_400)),
        "hours": lambda v: _number(java_rem(java_div(_whole_seconds(v), 3600), 24)),
        "minutes": lambda v: _number(java_rem(java_div(_whole_seconds(v), 60), 60)),
        "seconds": lambda v: _number(java_rem(_whole_seconds(v), 60)),
    },
}


def get_property(value: Any, name: str) -> tuple[bool, Any]:
    """``(True, property value)`` for a property the value's type has (the value may be ``None``), else ``(False, None)``."""
    kind = kind_of(value)
    if kind is None:
        return False, None
    getter = _PROPERTIES[kind].get(name)
    if getter is None:
        return False, None
    return True, getter(value)


def property_names(value: Any) -> tuple[str, ...]:
    """The property names a temporal value has (empty for anything else), for error messages."""
    kind = kind_of(value)
    return tuple(_PROPERTIES[kind]) if kind is not None else ()
