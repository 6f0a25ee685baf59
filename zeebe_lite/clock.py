"""Clocks: the engine reads time only through a :class:`Clock`, so tests can control it."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Protocol

__all__ = ["Clock", "ManualClock", "SystemClock"]


class Clock(Protocol):
    """A source of the current time in epoch milliseconds."""

    def millis(self) -> int:
        """The current time in milliseconds since the Unix epoch."""
        ...

    def on_change(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call ``listener`` whenever the time jumps (not as it passes); returns an unsubscribe function."""
        ...


class SystemClock:
    """The wall clock."""

    def millis(self) -> int:
        """The current wall-clock time in milliseconds since the Unix epoch."""
        return time.time_ns() // 1_000_000

    def on_change(self, listener: Callable[[], None]) -> Callable[[], None]:
        """The wall clock never jumps, so listeners are never called."""
        return lambda: None


class ManualClock:
    """A clock that stands still until told to move; for deterministic tests of timers and timeouts."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        """Start at ``start`` (timezone-aware) or at 2025-01-01T00:00:00Z."""
        initial = start or dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
        self._millis = _to_millis(initial)
        self._listeners: list[Callable[[], None]] = []

    def millis(self) -> int:
        """The clock's current time in milliseconds since the Unix epoch."""
        return self._millis

    def now(self) -> dt.datetime:
        """The clock's current time as an aware UTC datetime."""
        return dt.datetime.fromtimestamp(self._millis / 1000, tz=dt.UTC)

    def advance(self, duration: dt.timedelta) -> None:
        """Move the clock forward by ``duration`` and notify listeners."""
        if duration < dt.timedelta(0):
            raise ValueError("a clock cannot move backwards")
        self._millis += duration // dt.timedelta(milliseconds=1)
        self._notify()

    def set(self, instant: dt.datetime) -> None:
        """Move the clock to ``instant`` (not earlier than now) and notify listeners."""
        target = _to_millis(instant)
        if target < self._millis:
            raise ValueError("a clock cannot move backwards")
        self._millis = target
        self._notify()

    def on_change(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call ``listener`` after every :meth:`advance` or :meth:`set`."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()


def _to_millis(instant: dt.datetime) -> int:
    if instant.tzinfo is None:
        raise ValueError("the clock needs a timezone-aware datetime")
    return (instant - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(milliseconds=1)
