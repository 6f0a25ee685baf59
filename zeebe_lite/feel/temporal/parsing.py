"""Parsing FEEL temporal strings the way Camunda's conversion functions and ``@"..."`` literals do."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from zeebe_lite.feel.values import YearMonthDuration

from .zones import attach_zone, parse_offset, zone_from_id

__all__ = [
    "parse_date",
    "parse_date_and_time",
    "parse_duration",
    "parse_temporal_literal",
    "parse_time",
]

_DATE = r"(?P<year>-?(?:[1-9]\d{0,4})?\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)"
_CLOCK = r"(?P<hour>[0-2]\d):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d)(?:\.(?P<fraction>\d{1,9}))?)?"
_ZONE = r"(?P<offset>[+-][01]\d:[0-5]\d|Z)(?:\[(?P<bracket>[^\]]+)\])?|@(?P<region>.+)"

_DATE_ONLY = re.compile(_DATE)
_LOCAL_TIME = re.compile(r"T?" + _CLOCK)
_ZONED_TIME = re.compile(
    r"T?(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?:\.(?P<fraction>\d{1,9}))?(?:" + _ZONE + ")"
)
_LOCAL_DATE_TIME = re.compile(_DATE + "T" + _CLOCK)
_ZONED_DATE_TIME = re.compile(_DATE + "T" + _CLOCK + "(?:" + _ZONE + ")")
_YEAR_MONTH = re.compile(r"(?P<sign>-)?P(?:(?P<years>-?\d+)Y)?(?:(?P<months>-?\d+)M)?")
_DAY_TIME = re.compile(
    r"(?P<sign>-)?P(?:(?P<days>-?\d+)D)?"
    r"(?:T(?:(?P<hours>-?\d+)H)?(?:(?P<minutes>-?\d+)M)?(?:(?P<seconds>-?\d+)(?:[.,](?P<fraction>\d{0,9}))?S)?)?"
)


def _microseconds(fraction: str | None) -> int:
    """Nanosecond digits cut to the microseconds Python keeps."""
    return int((fraction or "").ljust(6, "0")[:6])


def _date_from(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def _clock_from(match: re.Match[str]) -> dt.time | None:
    try:
        return dt.time(
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
            _microseconds(match["fraction"]),
        )
    except ValueError:
        return None


def _is_end_of_day(match: re.Match[str]) -> bool:
    """``24:00:00`` (no fraction): Java's ISO parsing reads it as midnight of the next day."""
    return (
        match["hour"] == "24"
        and match["minute"] == "00"
        and int(match["second"] or 0) == 0
        and int(match["fraction"] or 0) == 0
    )


def _combine(day: dt.date | None, clock: dt.time | None, match: re.Match[str]) -> dt.datetime | None:
    """The local date-time of a match; ``T24:00:00`` is the next day's midnight."""
    if day is None:
        return None
    if clock is None:
        if not _is_end_of_day(match):
            return None
        try:
            return dt.datetime.combine(day, dt.time()) + dt.timedelta(days=1)
        except OverflowError:
            return None
    return dt.datetime.combine(day, clock)


def _zone_from(match: re.Match[str]) -> dt.tzinfo | None:
    region = match["region"] or match["bracket"]
    if region is not None:
        return zone_from_id(region)
    return parse_offset(match["offset"])


def parse_date(text: str) -> dt.date | None:
    """``date("2020-01-31")``: a calendar date, or ``None`` when the text is not a valid date."""
    match = _DATE_ONLY.fullmatch(text)
    return _date_from(match) if match else None


def parse_time(text: str) -> dt.time | None:
    """``time("10:00:00")``, ``time("10:00:00+01:00")``, ``time("10:00:00@Europe/Paris")``; ``None`` if invalid.

    A local time may leave out the seconds (``"10:00"``); a time with an offset or zone may not.
    """
    match = _ZONED_TIME.fullmatch(text)
    if match is not None:
        clock = _clock_from(match)
        zone = _zone_from(match)
        if clock is None or zone is None:
            return None
        return clock.replace(tzinfo=zone)
    match = _LOCAL_TIME.fullmatch(text)
    return _clock_from(match) if match else None


def parse_date_and_time(text: str) -> dt.datetime | None:
    """``date and time("2020-01-01T10:00:00")`` with an optional ``Z``, offset, ``[zone]`` or ``@zone``.

    A plain date gives midnight of that day, as Camunda's ``date and time()`` does.
    """
    match = _DATE_ONLY.fullmatch(text)
    if match is not None:
        day = _date_from(match)
        return dt.datetime.combine(day, dt.time()) if day else None
    match = _LOCAL_DATE_TIME.fullmatch(text)
    if match is not None:
        day, clock = _date_from(match), _clock_from(match)
        return _combine(day, clock, match)
    match = _ZONED_DATE_TIME.fullmatch(text)
    if match is None:
        return None
    day, clock, zone = _date_from(match), _clock_from(match), _zone_from(match)
    local = _combine(day, clock, match)
    if local is None or zone is None:
        return None
    offset = parse_offset(match["offset"]) if match["offset"] else None
    if match["bracket"] is not None and offset is not None:
        return attach_zone(local, zone, offset.utcoffset(None))
    return attach_zone(local, zone)


def parse_duration(text: str) -> dt.timedelta | YearMonthDuration | None:
    """``duration("P1Y2M")`` gives a years and months duration, ``duration("P1DT2H")`` a days and time one.

    Each component may carry its own sign (``"PT-5M"``) and the whole a leading ``-``; ``None`` if invalid.
    """
    match = _YEAR_MONTH.fullmatch(text)
    if match is not None:
        if match["years"] is None and match["months"] is None:
            return None
        months = int(match["years"] or 0) * 12 + int(match["months"] or 0)
        return YearMonthDuration(-months if match["sign"] else months)
    match = _DAY_TIME.fullmatch(text)
    if match is None or text.endswith("T"):
        return None
    parts = (match["days"], match["hours"], match["minutes"], match["seconds"])
    if all(part is None for part in parts):
        return None
    seconds_text = match["seconds"] or "0"
    fraction = _microseconds(match["fraction"])
    seconds = dt.timedelta(
        seconds=int(seconds_text), microseconds=-fraction if seconds_text.startswith("-") else fraction
    )
    try:
        total = (
            dt.timedelta(
                days=int(match["days"] or 0),
                hours=int(match["hours"] or 0),
                minutes=int(match["minutes"] or 0),
            )
            + seconds
        )
    except OverflowError:
        return None
    return -total if match["sign"] else total


def parse_temporal_literal(text: str) -> Any | None:
    """The value of ``@"..."``: a date, time, date and time or duration; ``None`` if the text is none of them."""
    if not text:
        return None
    if text.startswith(("P", "-P")):
        return parse_duration(text)
    if _DATE_ONLY.fullmatch(text):
        return parse_date(text)
    if "T" in text[1:] and text[:1] != "T":
        return parse_date_and_time(text)
    return parse_time(text)
