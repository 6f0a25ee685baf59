"""Values as Camunda's REST API v2 shows them: ISO 8601 instants, JSON text for variable values."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

__all__ = ["json_text", "timestamp"]


def timestamp(millis: int | None) -> str | None:
    """Epoch milliseconds as an ISO 8601 UTC date-time with milliseconds (``2025-01-31T10:00:00.000Z``)."""
    if millis is None or millis < 0:
        return None
    moment = dt.datetime.fromtimestamp(millis / 1000, tz=dt.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def json_text(value: Any) -> str:
    """A variable value as compact JSON text (the REST API's ``value`` fields are JSON strings)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
