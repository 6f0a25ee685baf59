"""The precondition shared by job commands: the job exists and is in a state that accepts the command."""

from __future__ import annotations

from typing import Any

from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import Record, RejectionType
from zeebe_lite.state.job import Job, JobLifecycle

__all__ = ["live_job"]

_ACCEPTING = (JobLifecycle.ACTIVATABLE, JobLifecycle.ACTIVATED)


def live_job(command: Record[Any], pctx: ProcessingContext, verb: str) -> Job | None:
    """The job of ``command`` when it is activatable or activated; otherwise reject and return None."""
    job = pctx.state.jobs.get(command.key)
    if job is None:
        pctx.writers.reject(
            command,
            RejectionType.NOT_FOUND,
            f"Expected to {verb} job with key '{command.key}', but no such job was found",
        )
        return None
    if job.lifecycle not in _ACCEPTING:
        pctx.writers.reject(
            command,
            RejectionType.INVALID_STATE,
            f"Expected to {verb} job with key '{command.key}', but it is in state '{job.lifecycle.value}'",
        )
        return None
    return job
