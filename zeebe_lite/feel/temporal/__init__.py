"""FEEL temporal values: parsing, arithmetic, comparison, properties and formatting, with Camunda's semantics.

The value model is the one of :mod:`zeebe_lite.feel.values`: ``date``, ``time`` and ``datetime`` (``tzinfo``
``None`` for local, ``timezone`` for an offset, ``ZoneInfo`` for a region id), ``timedelta`` for days and time
durations and :class:`~zeebe_lite.feel.values.YearMonthDuration` for years and months durations.
"""

from __future__ import annotations

from .arithmetic import abs_duration, add, add_months, divide, multiply, negate, subtract
from .comparison import compare, equals
from .formatting import format_value, to_json_string
from .kinds import is_temporal
from .parsing import parse_date, parse_date_and_time, parse_duration, parse_temporal_literal, parse_time
from .properties import get_property, property_names

__all__ = [
    "abs_duration",
    "add",
    "add_months",
    "compare",
    "divide",
    "equals",
    "format_value",
    "get_property",
    "is_temporal",
    "multiply",
    "negate",
    "parse_date",
    "parse_date_and_time",
    "parse_duration",
    "parse_temporal_literal",
    "parse_time",
    "property_names",
    "subtract",
    "to_json_string",
]
