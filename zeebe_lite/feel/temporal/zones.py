"""Time-zone helpers: fixed offsets (``datetime.timezone``) versus region ids (``zoneinfo.ZoneInfo``).

A FEEL time or date-time carries one of three kinds of ``tzinfo``: ``None`` (local), a fixed offset, or a
region id. Camunda gives a *time* with a region id the region's standard offset (a time has no date to pick a
daylight-saving rule), and resolves a *date-time* with a region id the way ``java.time.ZonedDateTime`` does.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

__all__ = [
    "UTC",
    "attach_zone",
    "format_offset",
    "from_utc",
    "offset_of_time",
    "parse_offset",
    "to_utc",
    "zone_from_id",
    "zone_key",
]

UTC = dt.UTC

_OFFSET = re.compile(r"([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?")
_MAX_OFFSET_SECONDS = 18 * 3600


def zone_key(tzinfo: dt.tzinfo | None) -> str | None:
    """The region id of a ``ZoneInfo`` (``"Europe/Paris"``); ``None`` for a fixed offset or local value."""
    return tzinfo.key if isinstance(tzinfo, ZoneInfo) else None


def parse_offset(text: str) -> dt.timezone | None:
    """A fixed offset from ``Z`` or ``+HH:MM`` (also ``+HH``, ``+HHMM``, ``+HH:MM:SS``); ``None`` if invalid."""
    if text == "Z":
        return UTC
    match = _OFFSET.fullmatch(text)
    if match is None:
        return None
    sign, hours, minutes, seconds = match.groups()
    total = int(hours) * 3600 + int(minutes or 0) * 60 + int(seconds or 0)
    if int(minutes or 0) > 59 or int(seconds or 0) > 59 or total > _MAX_OFFSET_SECONDS:
        return None
    if total == 0:
        return UTC
    return dt.timezone(dt.timedelta(seconds=-total if sign == "-" else total))


def zone_from_id(text: str) -> dt.tzinfo | None:
    """A time zone from a Java-style zone id: ``Z``, an offset such as ``+01:00``, or a region such as ``Europe/Berlin``."""
    if not text:
        return None
    if text[0] in "+-Z":
        return parse_offset(text)
    if text.startswith(("/", ".")) or ".." in text:
        return None
    try:
        return ZoneInfo(text)
    except (ValueError, KeyError, OSError):
        return None


def offset_of_time(value: dt.time) -> dt.timedelta | None:
    """The UTC offset of a FEEL time: the fixed offset, a region's standard offset today, or ``None`` if local."""
    tzinfo = value.tzinfo
    if tzinfo is None:
        return None
    if isinstance(tzinfo, ZoneInfo):
        now = dt.datetime.now(tzinfo)
        offset = now.utcoffset() or dt.timedelta(0)
        return offset - (now.dst() or dt.timedelta(0))
    return tzinfo.utcoffset(None)


def attach_zone(
    local: dt.datetime, tzinfo: dt.tzinfo, preferred_offset: dt.timedelta | None = None
) -> dt.datetime:
    """Give a naive date-time a zone as ``ZonedDateTime.ofLocal`` does.

    In an overlap the earlier offset wins unless ``preferred_offset`` is one of the two; in a gap the wall time
    moves forward by the length of the gap.
    """
    if not isinstance(tzinfo, ZoneInfo):
        return local.replace(tzinfo=tzinfo)
    earlier = local.replace(tzinfo=tzinfo, fold=0)
    if preferred_offset is not None:
        later = local.replace(tzinfo=tzinfo, fold=1)
        if later.utcoffset() == preferred_offset and earlier.utcoffset() != preferred_offset:
            earlier = later
    return earlier.astimezone(UTC).astimezone(tzinfo)


def to_utc(value: dt.datetime) -> dt.datetime:
    """The same instant in UTC (the value must carry a zone)."""
    return value.astimezone(UTC)


def from_utc(instant: dt.datetime, tzinfo: dt.tzinfo) -> dt.datetime:
    """An instant shown in the given zone, keeping a fixed offset or region id as given."""
    return instant.astimezone(tzinfo)


def format_offset(offset: dt.timedelta) -> str:
    """A Java offset id: ``Z`` for zero, else ``+HH:MM`` (``+HH:MM:SS`` when there are seconds)."""
    total = offset // dt.timedelta(seconds=1)
    if total == 0:
        return "Z"
    sign = "-" if total < 0 else "+"
    hours, rest = divmod(abs(total), 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return f"{text}:{seconds:02d}" if seconds else text
