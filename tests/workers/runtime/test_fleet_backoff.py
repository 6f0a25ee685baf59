"""Exponential back-off with jitter: grows, is capped, is never zero."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from workers.runtime import ExponentialBackoff


def test_delays_grow_and_stay_within_the_jitter_band() -> None:
    backoff = ExponentialBackoff(
        initial=timedelta(seconds=1),
        maximum=timedelta(minutes=10),
        multiplier=2,
        jitter=0.5,
        random_source=random.Random(7),
    )
    for attempt in range(6):
        ceiling = 2**attempt
        delay = backoff.delay(attempt).total_seconds()
        assert ceiling / 2 <= delay <= ceiling


def test_delays_are_capped() -> None:
    backoff = ExponentialBackoff(initial=timedelta(seconds=1), maximum=timedelta(seconds=30))
    assert backoff.delay(1000) <= timedelta(seconds=30)


def test_delays_are_never_zero() -> None:
    backoff = ExponentialBackoff(
        initial=timedelta(milliseconds=1), maximum=timedelta(milliseconds=1), jitter=0.99
    )
    assert all(backoff.delay(n) > timedelta(0) for n in range(50))


@pytest.mark.parametrize(
    "arguments",
    [
        {"initial": timedelta(0)},
        {"initial": timedelta(seconds=2), "maximum": timedelta(seconds=1)},
        {"multiplier": 0.5},
        {"jitter": 1.0},
    ],
)
def test_invalid_configurations_are_rejected(arguments: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        ExponentialBackoff(**arguments)  # type: ignore[arg-type]
