"""Prometheus metrics per task type: outcomes, handler duration, jobs in flight."""

from __future__ import annotations

import time
from typing import Any

from workers.runtime._classify import classify
from workers.runtime._errors import BpmnError, PermanentError
from workers.runtime._metrics import FleetMetrics
from workers.runtime.interceptors._base import ExecuteJobInput, Interceptor, JobInterceptor

__all__ = ["Metrics"]


class _MeasureJob(JobInterceptor):
    def __init__(self, next: JobInterceptor, metrics: FleetMetrics) -> None:
        super().__init__(next)
        self._metrics = metrics
        # Labelled children per task type, looked up once (labels() costs a lock and a dict per call).
        self._per_type: dict[str, tuple[Any, Any]] = {}

    def _children(self, task_type: str) -> tuple[Any, Any]:
        children = self._per_type.get(task_type)
        if children is None:
            children = (
                self._metrics.handler_duration.labels(task_type),
                self._metrics.jobs_completed.labels(task_type),
            )
            self._per_type[task_type] = children
        return children

    async def execute_job(self, input: ExecuteJobInput) -> Any:
        task_type = input.job.type
        metrics = self._metrics
        duration, completed = self._children(task_type)
        started = time.perf_counter()
        try:
            result = await self.next.execute_job(input)
        except Exception as error:
            outcome = classify(error)
            if isinstance(outcome, BpmnError):
                metrics.jobs_errored.labels(task_type, outcome.code).inc()
            else:
                kind = "permanent" if isinstance(outcome, PermanentError) else "transient"
                metrics.jobs_failed.labels(task_type, kind).inc()
            raise
        finally:
            duration.observe(time.perf_counter() - started)
        completed.inc()
        return result


class Metrics(Interceptor):
    """Count completed, failed (transient/permanent) and errored jobs and time every handler."""

    def __init__(self, metrics: FleetMetrics) -> None:
        self._metrics = metrics

    def intercept_job(self, next: JobInterceptor) -> JobInterceptor:
        return _MeasureJob(next, self._metrics)
