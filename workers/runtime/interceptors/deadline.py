"""Deadline: the handler must finish within the job's remaining timeout (minus a safety margin)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from workers.runtime._errors import TransientError
from workers.runtime.interceptors._base import ExecuteJobInput, Interceptor, JobInterceptor

__all__ = ["Deadline"]


class _EnforceDeadline(JobInterceptor):
    async def execute_job(self, input: ExecuteJobInput) -> Any:
        budget = input.deadline - input.options.deadline_margin - datetime.now(UTC)
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

    def intercept_job(self, next: JobInterceptor) -> JobInterceptor:
        return _EnforceDeadline(next)
