"""Clock-driven work: the commands that are due at a given time (timers, job deadlines, back-offs, TTLs)."""

from __future__ import annotations

from typing import Any

from zeebe_lite.processing.commands import command
from zeebe_lite.records import JobIntent, MessageIntent, Record, TimerIntent, ValueType
from zeebe_lite.state.views import StateView

__all__ = ["due_commands", "next_due_time"]


def due_commands(state: StateView, now: int, limit: int = 1000) -> list[Record[Any]]:
    """Commands for everything due at ``now``: TIMER TRIGGER, JOB TIME_OUT / RECUR_AFTER_BACKOFF, MESSAGE EXPIRE."""
    found: list[Record[Any]] = []
    for key in state.timers.due(now, limit):
        timer = state.timers.get(key)
        if timer is not None:
            found.append(command(ValueType.TIMER, TimerIntent.TRIGGER, timer, key))
    for key in state.jobs.timed_out(now, limit):
        job = state.jobs.get(key)
        if job is not None:
            found.append(command(ValueType.JOB, JobIntent.TIME_OUT, job.record, key))
    for key in state.jobs.backoff_elapsed(now, limit):
        job = state.jobs.get(key)
        if job is not None:
            found.append(command(ValueType.JOB, JobIntent.RECUR_AFTER_BACKOFF, job.record, key))
    for key in state.messages.expired(now, limit):
        message = state.messages.message(key)
        if message is not None:
            found.append(command(ValueType.MESSAGE, MessageIntent.EXPIRE, message, key))
    return found


def next_due_time(state: StateView) -> int | None:
    """The earliest time anything becomes due, or None."""
    dues = [
        due
        for due in (state.timers.next_due(), state.jobs.next_due(), state.messages.next_expiry())
        if due is not None
    ]
    return min(dues) if dues else None
