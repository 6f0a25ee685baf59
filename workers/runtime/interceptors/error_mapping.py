"""Error mapping: every exception leaving the handler becomes a BpmnError, TransientError or PermanentError."""

from __future__ import annotations

from typing import Any

from workers.runtime._classify import classify
from workers.runtime.interceptors._base import ExecuteJobInput, Interceptor, JobInterceptor

__all__ = ["ErrorMapping"]


class _MapErrors(JobInterceptor):
    async def execute_job(self, input: ExecuteJobInput) -> Any:
        try:
            return await self.next.execute_job(input)
        except Exception as error:
            outcome = classify(error)
            if outcome is error:
                raise
            raise outcome from error


class ErrorMapping(Interceptor):
    """Classify failures so the outer interceptors and the exception handler see one taxonomy."""

    def intercept_job(self, next: JobInterceptor) -> JobInterceptor:
        return _MapErrors(next)
