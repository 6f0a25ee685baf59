"""Which temporal kind a value is, with Camunda's split of times and date-times into local and zoned."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from zeebe_lite.feel.values import YearMonthDuration

__all__ = ["Kind", "is_temporal", "kind_of"]


class Kind(Enum):
    """The temporal kinds Camunda tells apart (a local and a zoned time are different kinds)."""

    DATE = "date"
    LOCAL_TIME = "local time"
    TIME = "time"
    LOCAL_DATE_TIME = "local date and time"
    DATE_TIME = "date and time"
    YEARS_MONTHS = "years and months duration"
    DAYS_TIME = "days and time duration"


def kind_of(value: Any) -> Kind | None:
    """The temporal kind of a value, or ``None`` if it is not temporal."""
    kind = type(value)
    if kind is dt.date:
        return Kind.DATE
    if kind is dt.datetime:
        return Kind.LOCAL_DATE_TIME if value.tzinfo is None else Kind.DATE_TIME
    if kind is dt.time:
        return Kind.LOCAL_TIME if value.tzinfo is None else Kind.TIME
    if kind is dt.timedelta:
        return Kind.DAYS_TIME
    if kind is YearMonthDuration:
        return Kind.YEARS_MONTHS
    return None


def is_temporal(value: Any) -> bool:
    """True for a date, time, date and time, or either kind of duration."""
    return kind_of(value) is not None
