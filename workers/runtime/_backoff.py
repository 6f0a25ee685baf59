"""Exponential back-off with jitter, shared by job retries, polling and reconnects."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta

__all__ = ["ExponentialBackoff"]


@dataclass(frozen=True)
class ExponentialBackoff:
    """Delay for attempt ``n`` (0-based): ``initial * multiplier**n`` capped at ``maximum``, with jitter.

    The jitter draws uniformly from ``[delay * (1 - jitter), delay]``; with ``jitter < 1`` the result is never 0.
    """

    initial: timedelta = timedelta(milliseconds=100)
    maximum: timedelta = timedelta(seconds=30)
    multiplier: float = 2.0
    jitter: float = 0.5
    random_source: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.initial <= timedelta(0):
            raise ValueError("initial back-off must be positive")
        if self.maximum < self.initial:
            raise ValueError("maximum back-off must be at least the initial back-off")
        if self.multiplier < 1:
            raise ValueError("back-off multiplier must be at least 1")
        if not 0 <= self.jitter < 1:
            raise ValueError("jitter must be in [0, 1)")

    def delay(self, attempt: int) -> timedelta:
        """Return the delay before retry number ``attempt`` (0 for the first retry)."""
        ceiling = self.maximum.total_seconds()
        exponent = max(attempt, 0)
        # Cap the exponent so a huge attempt count cannot overflow the float.
        raw = self.initial.total_seconds() * self.multiplier ** min(exponent, 64)
        capped = min(raw, ceiling)
        low = capped * (1 - self.jitter)
        return timedelta(seconds=self.random_source.uniform(low, capped))
