"""Structured logging: one event per job outcome.

Failures are logged at WARNING/ERROR and BPMN errors at INFO; successful jobs at DEBUG unless
``log_completions`` (``FLEET_LOG_JOB_COMPLETIONS``) asks for an INFO line each. A line per successful job is
the largest single cost the runtime adds to a trivial job (the fleet benchmark has a row for it), and at
hundreds of jobs per second per pod it mostly floods the log pipeline; the metrics count every outcome.

The job's identity (key, type, process instance, bpmnProcessId, element, retries) reaches every line logged
while the job runs through the ``add_job_fields`` processor, which reads the runtime's job context: nothing
is bound per job here.
"""

from __future__ import annotations

import time
from typing import Any

import structlog

from workers.runtime._errors import BpmnError, PermanentError
from workers.runtime.interceptors._base import ExecuteJobInput, Interceptor, JobInterceptor

__all__ = ["StructuredLogging"]


class _LogJob(JobInterceptor):
    def __init__(self, next: JobInterceptor, logger: Any, log_completions: bool) -> None:
        super().__init__(next)
        # Resolve structlog's lazy proxy once: unresolved, every event would build a new bound logger.
        self._logger = logger.bind()
        self._log_completion = self._logger.info if log_completions else self._logger.debug

    async def execute_job(self, input: ExecuteJobInput) -> Any:
        started = time.perf_counter()
        self._logger.debug("job.started")
        try:
            result = await self.next.execute_job(input)
        except BpmnError as error:
            self._logger.info(
                "job.bpmn_error", error_code=error.code, message=error.message, duration_s=_since(started)
            )
            raise
        except PermanentError as error:
            self._logger.error(
                "job.failed", kind="permanent", message=error.message, duration_s=_since(started)
            )
            raise
        except Exception as error:
            self._logger.warning(
                "job.failed",
                kind="transient",
                message=str(error),
                error_type=type(error).__name__,
                duration_s=_since(started),
            )
            raise
        self._log_completion("job.completed", duration_s=_since(started))
        return result


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 6)


class StructuredLogging(Interceptor):
    """Log each job's outcome with its duration (the job's identity comes from ``add_job_fields``).

    Successful jobs are logged at DEBUG, or at INFO with ``log_completions``.
    """

    def __init__(self, logger: Any = None, *, log_completions: bool = False) -> None:
        self._logger = logger if logger is not None else structlog.get_logger("workers.job")
        self._log_completions = log_completions

    def intercept_job(self, next: JobInterceptor) -> JobInterceptor:
        return _LogJob(next, self._logger, self._log_completions)
