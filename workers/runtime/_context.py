"""The job being handled, reachable from anywhere inside its handler (HTTP helper, integrations)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pyzeebe import Job

__all__ = [
    "EngineClock",
    "JobContext",
    "current_job_context",
    "job_context",
    "job_deadline",
    "local_deadline",
]

EngineClock = Callable[[], datetime]
"""The engine's current time; only differs from the wall clock for engines with time control (tests)."""


@dataclass(frozen=True)
class JobContext:
    """What a handler may want to know about the job it runs for."""

    job: Job
    idempotency_key: str
    deadline: datetime
    """When the engine will consider the job timed out, on this process's clock (see :func:`local_deadline`)."""

    def remaining(self, *, now: datetime | None = None) -> timedelta:
        """Time left until the job's deadline (negative once it has passed)."""
        return self.deadline - (now or datetime.now(UTC))


_CURRENT: ContextVar[JobContext | None] = ContextVar("fleet_current_job", default=None)


def job_deadline(job: Job) -> datetime:
    """The job's deadline as an aware datetime (the gateway sends epoch milliseconds)."""
    return datetime.fromtimestamp(job.deadline / 1000, tz=UTC)


def local_deadline(job: Job, engine_clock: EngineClock | None = None) -> datetime:
    """The job's deadline translated to this process's wall clock.

    The gateway stamps the deadline with the engine's clock; with ``engine_clock`` the remaining time is
    measured on that clock and added to the local one, so a time-controlled engine works too.
    """
    deadline = job_deadline(job)
    if engine_clock is None:
        return deadline
    return datetime.now(UTC) + (deadline - engine_clock())


def current_job_context() -> JobContext | None:
    """The context of the job handled by the current task, or ``None`` outside a handler."""
    return _CURRENT.get()


@contextmanager
def job_context(context: JobContext) -> Iterator[JobContext]:
    """Make ``context`` current for the duration of the block."""
    token = _CURRENT.set(context)
    try:
        yield context
    finally:
        _CURRENT.reset(token)
