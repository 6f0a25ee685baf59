"""The Zeebe worker fleet: one pyzeebe router per integration, run by one runtime (``fleet run``).

An integration module declares its tasks::

    from workers import BpmnError, Integration, request_with_retries

    hubspot = Integration("hubspot", group="crm")

    @hubspot.task("hubspot.upsert-contact", timeout=timedelta(seconds=30), input_model=UpsertContact)
    async def upsert_contact(email: str, firstName: str) -> dict[str, str]:
        ...

Everything else (interceptors, error mapping, idempotency, intake, health) lives in :mod:`workers.runtime`;
:mod:`workers.testing` runs a handler against a synthetic job.
"""

from workers.runtime import (
    BpmnError,
    HttpRetryPolicy,
    Integration,
    JobContext,
    PermanentError,
    TaskOptions,
    TransientError,
    current_job_context,
    request_with_retries,
    task_options,
)

__all__ = [
    "BpmnError",
    "HttpRetryPolicy",
    "Integration",
    "JobContext",
    "PermanentError",
    "TaskOptions",
    "TransientError",
    "current_job_context",
    "request_with_retries",
    "task_options",
]
