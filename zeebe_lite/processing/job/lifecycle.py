"""Job commands driven by the clock and by operators: time-out, back-off end, retries and timeout updates."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import JobIntent, Record, RejectionType, ValueType
from zeebe_lite.state.job import JobLifecycle

__all__ = ["recur_after_backoff", "time_out_job", "update_job_retries", "update_job_timeout"]


def _not_found(command: Record[Any], pctx: ProcessingContext, verb: str) -> None:
    pctx.writers.reject(
        command,
        RejectionType.NOT_FOUND,
        f"Expected to {verb} job with key '{command.key}', but no such job was found",
    )


def time_out_job(command: Record[Any], pctx: ProcessingContext) -> None:
    """JOB TIMED_OUT for an activated job past its deadline: it becomes activatable again (retries unchanged)."""
    job = pctx.state.jobs.get(command.key)
    if job is None or job.lifecycle is not JobLifecycle.ACTIVATED or job.record.deadline > pctx.now:
        pctx.writers.reject(command, RejectionType.INVALID_STATE, f"Job '{command.key}' has not timed out")
        return
    event = pctx.writers.event(job.key, ValueType.JOB, JobIntent.TIMED_OUT, job.record)
    pctx.writers.respond(event)


def recur_after_backoff(command: Record[Any], pctx: ProcessingContext) -> None:
    """JOB RECURRED_AFTER_BACKOFF for a failed job whose retry back-off has elapsed."""
    job = pctx.state.jobs.get(command.key)
    if (
        job is None
        or job.lifecycle is not JobLifecycle.FAILED
        or job.record.retries <= 0
        or job.record.recurring_time > pctx.now
    ):
        pctx.writers.reject(
            command, RejectionType.INVALID_STATE, f"Job '{command.key}' is not waiting for a back-off"
        )
        return
    event = pctx.writers.event(job.key, ValueType.JOB, JobIntent.RECURRED_AFTER_BACKOFF, job.record)
    pctx.writers.respond(event)


def update_job_retries(command: Record[Any], pctx: ProcessingContext) -> None:
    """JOB RETRIES_UPDATED (retries must be positive); a failed job still needs its incident resolved."""
    retries = command.value.retries
    if retries < 1:
        pctx.writers.reject(
            command,
            RejectionType.INVALID_ARGUMENT,
            f"Expected to update retries for job with key '{command.key}' with a positive amount of retries, "
            f"but the amount given was '{retries}'",
        )
        return
    job = pctx.state.jobs.get(command.key)
    if job is None:
        _not_found(command, pctx, "update retries of")
        return
    event = pctx.writers.event(
        job.key, ValueType.JOB, JobIntent.RETRIES_UPDATED, replace(job.record, retries=retries)
    )
    pctx.writers.respond(event)


def update_job_timeout(command: Record[Any], pctx: ProcessingContext) -> None:
    """JOB TIMEOUT_UPDATED: the deadline of an activated job becomes now + timeout."""
    job = pctx.state.jobs.get(command.key)
    if job is None:
        _not_found(command, pctx, "update the timeout of")
        return
    if job.lifecycle is not JobLifecycle.ACTIVATED:
        pctx.writers.reject(
            command,
            RejectionType.INVALID_STATE,
            f"Expected to update the timeout of job with key '{command.key}', but it is not active",
        )
        return
    timeout = command.value.timeout
    updated = replace(job.record, deadline=pctx.now + timeout, timeout=timeout)
    event = pctx.writers.event(job.key, ValueType.JOB, JobIntent.TIMEOUT_UPDATED, updated)
    pctx.writers.respond(event)
