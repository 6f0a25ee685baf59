"""The Zeebe worker fleet: pyzeebe routers per integration, run by one runtime (``fleet run``)."""

from workers.runtime import (
    BpmnError,
    PermanentError,
    TaskOptions,
    TransientError,
    current_job_context,
    task_options,
)

__all__ = [
    "BpmnError",
    "PermanentError",
    "TaskOptions",
    "TransientError",
    "current_job_context",
    "task_options",
]
