"""Read how long a server wants us to wait from its response headers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

__all__ = ["parse_duration", "parse_retry_after", "server_delay"]

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")
_UNIT_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> timedelta | None:
    """``Retry-After`` as delay-seconds (integer or decimal) or HTTP-date; ``None`` when absent or unreadable."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(timedelta(seconds=float(text)), timedelta(0))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(when - (now or datetime.now(UTC)), timedelta(0))


def parse_duration(value: str | None) -> timedelta | None:
    """A Go-style duration as OpenAI sends it in ``x-ratelimit-reset-*`` (``1s``, ``12ms``, ``6m0s``)."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    position, seconds = 0, 0.0
    for match in _DURATION_PART.finditer(text):
        if match.start() != position:
            return None
        seconds += float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        position = match.end()
    if position != len(text):
        return None
    return timedelta(seconds=seconds)


def server_delay(
    headers: Mapping[str, str], *, reset_headers: Iterable[str] = (), now: datetime | None = None
) -> timedelta | None:
    """The longest wait the server asks for.

    ``retry-after-ms`` (milliseconds) wins over ``Retry-After``; without either, the longest of the
    ``reset_headers`` (durations such as OpenAI's ``x-ratelimit-reset-requests``) is used.
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    milliseconds = lowered.get("retry-after-ms")
    if milliseconds is not None:
        try:
            return max(timedelta(milliseconds=float(milliseconds)), timedelta(0))
        except ValueError:
            pass
    retry_after = parse_retry_after(lowered.get("retry-after"), now=now)
    if retry_after is not None:
        return retry_after
    resets = [parse_duration(lowered.get(name.lower())) for name in reset_headers]
    known = [reset for reset in resets if reset is not None]
    return max(known) if known else None
