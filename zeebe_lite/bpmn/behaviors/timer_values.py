"""Turning a timer definition's value (ISO 8601 text or a FEEL temporal) into a due date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from zeebe_lite.bpmn.behaviors.cron import parse_cron
from zeebe_lite.feel.temporal.arithmetic import add_months
from zeebe_lite.feel.temporal.parsing import parse_date_and_time, parse_duration
from zeebe_lite.feel.values import YearMonthDuration
from zeebe_lite.model.bpmn import TimerType

__all__ = ["TimerSchedule", "schedule_timer"]

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class TimerSchedule:
    """When a timer first fires and how often (``repetitions`` -1 = forever)."""

    due_date: int
    repetitions: int = 1


def _millis(instant: dt.datetime) -> int:
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.UTC)
    return (instant - _EPOCH) // dt.timedelta(milliseconds=1)


def _from_millis(millis: int) -> dt.datetime:
    return _EPOCH + dt.timedelta(milliseconds=millis)


def _plus(start: int, duration: dt.timedelta | YearMonthDuration) -> int:
    if isinstance(duration, YearMonthDuration):
        start_time = _from_millis(start)
        shifted = add_months(start_time, duration.months)
        assert isinstance(shifted, dt.datetime)
        return _millis(shifted)
    return start + duration // dt.timedelta(milliseconds=1)


def _duration(value: Any) -> dt.timedelta | YearMonthDuration | None:
    if isinstance(value, dt.timedelta | YearMonthDuration):
        return value
    if isinstance(value, str):
        return parse_duration(value.strip())
    return None


def _instant(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        return parse_date_and_time(value.strip())
    return None


def schedule_timer(timer_type: TimerType, value: Any, now: int) -> TimerSchedule | str:
    """The schedule of a timer evaluated at ``now`` (epoch ms), or a message saying why the value is invalid."""
    if timer_type is TimerType.DURATION:
        duration = _duration(value)
        if duration is None:
            return f"Invalid duration format '{value}'"
        return TimerSchedule(max(_plus(now, duration), now))
    if timer_type is TimerType.DATE:
        instant = _instant(value)
        if instant is None:
            return f"Invalid date-time format '{value}'"
        return TimerSchedule(_millis(instant))
    return _cycle(value, now)


def _cycle(value: Any, now: int) -> TimerSchedule | str:
    if isinstance(value, dt.timedelta | YearMonthDuration):
        return TimerSchedule(_plus(now, value), -1)
    if isinstance(value, str) and not value.strip().startswith("R"):
        try:
            cron = parse_cron(value.strip())
        except ValueError as error:
            return f"Invalid timer cycle '{value}': {error}"
        upcoming = cron.next_after(_from_millis(now))
        if upcoming is None:
            return f"Timer cycle '{value}' never fires"
        return TimerSchedule(_millis(upcoming), -1)
    if not isinstance(value, str):
        return f"Invalid timer cycle '{value}'"
    parts = value.strip().split("/")
    count_text = parts[0][1:]
    try:
        repetitions = int(count_text) if count_text else -1
    except ValueError:
        return f"Invalid timer cycle '{value}'"
    if len(parts) == 2:
        interval = _duration(parts[1])
        if interval is None:
            return f"Invalid timer cycle '{value}'"
        return TimerSchedule(_plus(now, interval), repetitions)
    if len(parts) == 3:
        start = _instant(parts[1])
        interval = _duration(parts[2])
        if start is None or interval is None:
            return f"Invalid timer cycle '{value}'"
        start_millis = _millis(start)
        return TimerSchedule(start_millis if start_millis > now else _plus(now, interval), repetitions)
    return f"Invalid timer cycle '{value}'"
