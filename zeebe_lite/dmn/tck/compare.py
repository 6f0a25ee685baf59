"""Equality of an expected TCK value and an actual decision result, as Camunda's TCK runner judges it.

Numbers match within 1e-8; lists match item by item; contexts match when they have the same size and every
expected entry matches; date-times and times match on their fields and offset (and zone id, if any); years-
and-months durations on their month count; everything else by type and value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from zeebe_lite.feel.values import YearMonthDuration, is_number, to_number

__all__ = ["NUMBER_TOLERANCE", "tck_equal"]

NUMBER_TOLERANCE = Decimal("0.00000001")


def tck_equal(expected: Any, actual: Any) -> bool:
    """True when ``actual`` counts as the ``expected`` test value."""
    if expected is None or actual is None:
        return expected is None and actual is None
    if _is_plain_number(expected) and _is_plain_number(actual):
        return _numbers_close(expected, actual)
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(
            tck_equal(e, a) for e, a in zip(expected, actual, strict=True)
        )
    if isinstance(expected, Mapping) and isinstance(actual, Mapping):
        return len(expected) == len(actual) and all(
            key in actual and tck_equal(value, actual[key]) for key, value in expected.items()
        )
    if type(expected) is not type(actual):
        return False
    if isinstance(expected, dt.datetime | dt.time):
        return _same_moment_and_zone(expected, actual)
    if isinstance(expected, YearMonthDuration):
        return bool(expected.months == actual.months)
    return bool(expected == actual)


def _is_plain_number(value: Any) -> bool:
    return is_number(value) and not isinstance(value, bool)


def _numbers_close(expected: Any, actual: Any) -> bool:
    try:
        difference = abs(to_number(expected) - to_number(actual))
    except (InvalidOperation, OverflowError, ValueError):
        return False
    if difference.is_nan():
        return False
    return difference < NUMBER_TOLERANCE


def _same_moment_and_zone(expected: dt.datetime | dt.time, actual: dt.datetime | dt.time) -> bool:
    if expected.replace(tzinfo=None) != actual.replace(tzinfo=None):
        return False
    if (expected.tzinfo is None) != (actual.tzinfo is None):
        return False
    if expected.tzinfo is None:
        return True
    expected_zone = getattr(expected.tzinfo, "key", None)
    actual_zone = getattr(actual.tzinfo, "key", None)
    if expected_zone is not None or actual_zone is not None:
        return bool(expected_zone == actual_zone)
    reference = dt.datetime(2000, 1, 1)
    if isinstance(expected, dt.time):
        return bool(expected.tzinfo.utcoffset(reference) == actual.tzinfo.utcoffset(reference))  # type: ignore[union-attr]
    return bool(expected.utcoffset() == actual.utcoffset())
