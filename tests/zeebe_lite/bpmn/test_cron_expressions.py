"""Spring-style cron expressions for timer cycles."""

from __future__ import annotations

import datetime as dt

import pytest

from zeebe_lite.bpmn.behaviors.cron import parse_cron


def _at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        ("0 0 9-17 * * MON-FRI", _at(2025, 1, 3, 17, 30), _at(2025, 1, 6, 9, 0)),
        ("0 */15 * * * *", _at(2025, 1, 1, 0, 7), _at(2025, 1, 1, 0, 15)),
        ("0 0 0 1 * ?", _at(2025, 1, 15), _at(2025, 2, 1)),
        ("30 5 10 29 FEB ?", _at(2025, 1, 1), _at(2028, 2, 29, 10, 5, 30)),
        ("0 0 12 * JAN,JUL SUN", _at(2025, 1, 1), _at(2025, 1, 5, 12)),
        ("*/10 * * * * *", _at(2025, 1, 1, 0, 0, 5), _at(2025, 1, 1, 0, 0, 10)),
    ],
)
def test_next_fire_time(expression: str, after: dt.datetime, expected: dt.datetime) -> None:
    assert parse_cron(expression).next_after(after) == expected


@pytest.mark.parametrize(
    "expression", ["* * * * *", "61 * * * * *", "0 0 25 * * *", "a b c d e f", "0 0 0 1 13 ?"]
)
def test_invalid_expressions_raise(expression: str) -> None:
    with pytest.raises(ValueError):
        parse_cron(expression)
