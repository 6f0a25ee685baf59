"""The sandbox's clock: real time plus an offset that tests move forward through the admin endpoint."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

__all__ = ["SandboxClock"]


class SandboxClock:
    """Wall-clock and monotonic time shared by all emulators of one sandbox.

    ``advance`` moves both forward, so expiries (tokens, media URLs, idempotency keys, rate-limit windows) can
    be tested without sleeping.
    """

    def __init__(self) -> None:
        self._offset = 0.0

    def advance(self, by: timedelta) -> None:
        """Move the clock forward (never backwards)."""
        if by < timedelta(0):
            raise ValueError("the sandbox clock only moves forward")
        self._offset += by.total_seconds()

    @property
    def offset(self) -> timedelta:
        """How far the clock has been advanced."""
        return timedelta(seconds=self._offset)

    def now(self) -> datetime:
        """The current UTC time."""
        return datetime.now(UTC) + timedelta(seconds=self._offset)

    def timestamp(self) -> float:
        """The current Unix time in seconds."""
        return time.time() + self._offset

    def monotonic(self) -> float:
        """A monotonic reading in seconds, for intervals."""
        return time.monotonic() + self._offset
