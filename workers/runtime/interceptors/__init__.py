"""The interceptor chain around every handler; one module per policy."""

from __future__ import annotations

from collections.abc import Sequence

from workers.runtime._metrics import FleetMetrics
from workers.runtime.idempotency import IdempotencyStore
from workers.runtime.interceptors._base import (
    ExecuteJobInput,
    HandlerCall,
    Interceptor,
    JobInterceptor,
    build_chain,
)
from workers.runtime.interceptors.deadline import Deadline
from workers.runtime.interceptors.error_mapping import ErrorMapping
from workers.runtime.interceptors.idempotency import Idempotency
from workers.runtime.interceptors.logging import StructuredLogging
from workers.runtime.interceptors.metrics import Metrics
from workers.runtime.interceptors.validation import Validation

__all__ = [
    "Deadline",
    "ErrorMapping",
    "ExecuteJobInput",
    "HandlerCall",
    "Idempotency",
    "Interceptor",
    "JobInterceptor",
    "Metrics",
    "StructuredLogging",
    "Validation",
    "build_chain",
    "default_interceptors",
]


def default_interceptors(
    *, metrics: FleetMetrics, store: IdempotencyStore, log_job_completions: bool = False
) -> Sequence[Interceptor]:
    """The fleet's standard chain, outermost first (``log_job_completions``: an INFO line per successful job).

    Logging and metrics see the final, classified outcome; the deadline covers idempotency bookkeeping and
    the handler; validation runs inside the idempotency claim so a result is only recorded once its output is
    valid.
    """
    return [
        StructuredLogging(log_completions=log_job_completions),
        Metrics(metrics),
        ErrorMapping(),
        Deadline(),
        Idempotency(store, metrics=metrics),
        Validation(),
    ]
