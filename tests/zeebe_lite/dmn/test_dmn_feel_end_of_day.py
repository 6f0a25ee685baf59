"""FEEL behaviour the DMN TCK relies on: ``T24:00:00`` is midnight of the next day (as Java's ISO parsing reads it)."""

from __future__ import annotations

import datetime as dt

import pytest

from zeebe_lite.feel import evaluate


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('@"2021-01-01T24:00:00"', dt.datetime(2021, 1, 2)),
        ('@"2021-01-01T24:00:00" + @"PT1S"', dt.datetime(2021, 1, 2, 0, 0, 1)),
        ('@"2021-01-01T24:00:00" - @"PT1S"', dt.datetime(2021, 1, 1, 23, 59, 59)),
        ('date and time("2021-12-31T24:00:00")', dt.datetime(2022, 1, 1)),
        ('date and time("2021-01-01T24:00:00Z")', dt.datetime(2021, 1, 2, tzinfo=dt.UTC)),
    ],
)
def test_end_of_day_is_next_midnight(expression: str, expected: dt.datetime) -> None:
    assert evaluate(expression) == expected


@pytest.mark.parametrize(
    "text", ["2021-01-01T24:00:01", "2021-01-01T24:01:00", "2021-01-01T24:00:00.5", "2021-01-01T25:00:00"]
)
def test_other_hours_past_23_stay_invalid(text: str) -> None:
    assert evaluate(f'date and time("{text}")') is None
