"""The stable idempotency key of a job."""

from __future__ import annotations

from pyzeebe import Job

__all__ = ["IDEMPOTENCY_KEY_VARIABLE", "idempotency_key_for"]

IDEMPOTENCY_KEY_VARIABLE = "idempotencyKey"
"""A model may set this variable (input mapping) to give a business key instead of the default one."""


def idempotency_key_for(job: Job) -> str:
    """``idempotencyKey`` when the model provides one, else ``<bpmnProcessId>/<pi>/<elementInstance>/<type>``.

    The default is stable across retries and timeouts of one task instance and differs for each
    multi-instance iteration and each loop re-entry (they get new element instance keys).
    """
    provided = job.variables.get(IDEMPOTENCY_KEY_VARIABLE)
    if isinstance(provided, str) and provided.strip():
        return provided
    return f"{job.bpmn_process_id}/{job.process_instance_key}/{job.element_instance_key}/{job.type}"
