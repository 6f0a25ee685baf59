"""Structured logging: one JSON event per job start and end, with the job's identity bound to every log line."""

from __future__ import annotations

import time
from typing import Any

import structlog

from workers.runtime._errors import BpmnError, PermanentError
from workers.runtime.interceptors._base import ExecuteJobInput, Interceptor, JobInterceptor

__all__ = ["StructuredLogging"]


class _LogJob(JobInterceptor):
    def __init__(self, next: JobInterceptor, logger: Any) -> None:
        super().__init__(next)
        # Resolve structlog's lazy proxy once: unresolved, every event would build a new bound logger.
        self._logger = logger.bind()

    async def execute_job(self, input: ExecuteJobInput) -> Any:
        job = input.job
        with structlog.contextvars.bound_contextvars(
            job_key=job.key,
            task_type=job.type,
            process_instance_key=job.process_instance_key,
            bpmn_process_id=job.bpmn_process_id,
            element_id=job.element_id,
            element_instance_key=job.element_instance_key,
            retries=job.retries,
        ):
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
            self._logger.info("job.completed", duration_s=_since(started))
            return result


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 6)


class StructuredLogging(Interceptor):
    """Bind job key, type, process instance key, bpmnProcessId, element id and retries; log the outcome."""

    def __init__(self, logger: Any = None) -> None:
        self._logger = logger if logger is not None else structlog.get_logger("workers.job")

    def intercept_job(self, next: JobInterceptor) -> JobInterceptor:
        return _LogJob(next, self._logger)
