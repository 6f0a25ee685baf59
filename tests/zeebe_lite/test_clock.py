"""Clocks."""

from __future__ import annotations

import datetime as dt

import pytest

from zeebe_lite.clock import ManualClock, SystemClock


def test_manual_clock_moves_only_when_told_and_notifies() -> None:
    clock = ManualClock(dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    calls: list[int] = []
    unsubscribe = clock.on_change(lambda: calls.append(clock.millis()))
    start = clock.millis()
    clock.advance(dt.timedelta(seconds=2))
    assert clock.millis() == start + 2000
    clock.set(dt.datetime(2030, 1, 2, tzinfo=dt.UTC))
    assert clock.now() == dt.datetime(2030, 1, 2, tzinfo=dt.UTC)
    assert calls == [start + 2000, start + 86_400_000]
    unsubscribe()
    clock.advance(dt.timedelta(seconds=1))
    assert len(calls) == 2
    with pytest.raises(ValueError):
        clock.advance(dt.timedelta(seconds=-1))


def test_system_clock_is_close_to_wall_time() -> None:
    wall = dt.datetime.now(dt.UTC).timestamp() * 1000
    assert abs(SystemClock().millis() - wall) < 5000
