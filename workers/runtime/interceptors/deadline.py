"""Deadline: the handler must finish within the job's remaining timeout (minus a safety margin)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from workers.runtime._context import job_deadline
from workers.runtime._errors import TransientError
from workers.runtime.interceptors._base import ExecuteJobInput, Interceptor, JobInterceptor

__all__ = ["Deadline"]

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class _EnforceDeadline(JobInterceptor):
    def __init__(self, next: JobInterceptor, clock: Clock) -> None:
        super().__init__(next)
        self._clock = clock

    async def execute_job(self, input: ExecuteJobInput) -> Any:
        budget = job_deadline(input.job) - input.options.deadline_margin - self._clock()
        if budget.total_seconds() <= 0:
            raise TransientError(
                f"The job's deadline had passed before the handler started (timeout of task {input.job.type} "
                "too short for the queueing delay); it will be retried."
            )
        scope = asyncio.timeout(budget.total_seconds())
        try:
            async with scope:
                return await self.next.execute_job(input)
        except TimeoutError as error:
            # A TimeoutError raised by the handler itself (not by our scope) passes through unchanged.
            if not scope.expired():
                raise
            raise TransientError(
                f"The handler did not finish within the job's remaining time of {budget.total_seconds():.3f}s; "
                f"raise the timeout of task {input.job.type} if this is normal."
            ) from error


class Deadline(Interceptor):
    """Cancel the handler when the job's deadline (minus ``TaskOptions.deadline_margin``) arrives."""

    def __init__(self, *, clock: Clock = _utc_now) -> None:
        self._clock = clock

    def intercept_job(self, next: JobInterceptor) -> JobInterceptor:
        return _EnforceDeadline(next, self._clock)
