"""Syntax checks for static timer values (ISO 8601 durations, date-times, repeating intervals, cron).

Used at deploy time to reject literals Zeebe would reject; each function returns None when the text is
valid and otherwise a short reason.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["cron_error", "cycle_error", "date_time_error", "duration_error"]

_DURATION = re.compile(
    r"-?P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:[.,]\d+)?S)?)?"
)
_ZONE_SUFFIX = re.compile(r"^(?P<stamp>[^\[\]]+)(?:\[(?P<zone>[^\[\]]+)\])?$")
_CRON_FIELD = re.compile(r"^[0-9A-Za-z*?/,\-#LW]+$")


def duration_error(text: str) -> str | None:
    """Reason ``text`` is not an ISO 8601 duration such as ``PT15M`` or ``P1DT2H`` (None if valid)."""
    if _DURATION.fullmatch(text.strip()):
        return None
    return f"'{text}' is not an ISO 8601 duration (e.g. PT15M, P1D, P1Y2M3DT4H5M6S)"


def date_time_error(text: str) -> str | None:
    """Reason ``text`` is not an ISO 8601 date-time with offset or zone (None if valid)."""
    match = _ZONE_SUFFIX.match(text.strip())
    if match is None:
        return f"'{text}' is not an ISO 8601 date-time (e.g. 2025-01-31T09:00:00Z)"
    try:
        stamp = datetime.fromisoformat(match["stamp"])
    except ValueError:
        return f"'{text}' is not an ISO 8601 date-time (e.g. 2025-01-31T09:00:00Z)"
    zone = match["zone"]
    if zone is not None:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            return f"'{text}' names an unknown time zone '{zone}'"
    elif stamp.tzinfo is None:
        return f"'{text}' must include an offset or zone (e.g. 2025-01-31T09:00:00Z or +01:00)"
    return None


def cron_error(text: str) -> str | None:
    """Reason ``text`` is not a 6-field (Spring-style) cron expression (None if valid)."""
    fields = text.split()
    if len(fields) != 6 or not all(_CRON_FIELD.match(field) for field in fields):
        return f"'{text}' is neither an ISO 8601 repeating interval (R5/PT10S) nor a 6-field cron expression"
    return None


def cycle_error(text: str) -> str | None:
    """Reason ``text`` is not a timer cycle: ``R[n]/[start/]duration`` or a cron expression (None if valid)."""
    value = text.strip()
    if not value.startswith("R"):
        return cron_error(value)
    parts = value.split("/")
    if not re.fullmatch(r"R\d*", parts[0]) or len(parts) not in (2, 3):
        return f"'{text}' is not an ISO 8601 repeating interval (e.g. R5/PT10S, R/P1D, R3/2025-01-01T00:00:00Z/P1D)"
    if len(parts) == 3:
        start_problem = date_time_error(parts[1])
        if start_problem is not None:
            return f"the start of cycle '{text}' is invalid: {start_problem}"
    return duration_error(parts[-1])
