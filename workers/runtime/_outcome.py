"""Turn a failed job into the right engine command: ThrowError, FailJob with back-off, or an incident."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Protocol

import structlog
from pyzeebe import Job, JobController
from pyzeebe.errors import JobAlreadyDeactivatedError, JobNotFoundError, ZeebeError

from workers.runtime._backoff import ExponentialBackoff
from workers.runtime._classify import classify
from workers.runtime._errors import BpmnError, PermanentError, TransientError
from workers.runtime._options import TaskOptions

__all__ = ["FailJobCommand", "OutcomeHandler"]

_MAX_MESSAGE = 4000
_log = structlog.get_logger("workers.outcome")


class FailJobCommand(Protocol):
    """The one gateway command pyzeebe's ``JobController`` cannot send: FailJob with explicit retries."""

    async def fail_job(
        self, job_key: int, retries: int, message: str, retry_back_off_ms: int, variables: Mapping[str, Any]
    ) -> object:
        """Send FailJob."""
        ...


def _clip(message: str) -> str:
    return message if len(message) <= _MAX_MESSAGE else message[: _MAX_MESSAGE - 1] + "…"


class OutcomeHandler:
    """A pyzeebe ``ExceptionHandler`` for one task type.

    - business outcome (:class:`BpmnError`, pyzeebe ``BusinessError``): ThrowError with the error code;
    - permanent failure: FailJob with retries 0 (an incident whose message says what to fix);
    - anything else is transient: FailJob with retries - 1 and an exponential, jittered ``retryBackOff``
      (never 0), at least the ``Retry-After`` the failing service asked for.
    """

    def __init__(
        self, *, commands: FailJobCommand, backoff: ExponentialBackoff, options: TaskOptions
    ) -> None:
        self._commands = commands
        self._backoff = backoff
        self._options = options

    def retry_backoff(self, job: Job, retry_after: timedelta | None) -> timedelta:
        """The back-off for the next attempt of ``job``."""
        attempt = max(self._options.initial_retries - job.retries, 0)
        delay = self._backoff.delay(attempt)
        if retry_after is not None and retry_after > delay:
            delay = retry_after
        return max(delay, timedelta(milliseconds=1))

    async def __call__(self, error: Exception, job: Job, controller: JobController) -> None:
        outcome = classify(error)
        try:
            if isinstance(outcome, BpmnError):
                await controller.set_error_status(
                    _clip(outcome.message), error_code=outcome.code, variables=dict(outcome.variables)
                )
            elif isinstance(outcome, PermanentError):
                await self._commands.fail_job(
                    job_key=job.key,
                    retries=0,
                    message=_clip(outcome.message),
                    retry_back_off_ms=0,
                    variables={},
                )
            else:
                retry_after = outcome.retry_after if isinstance(outcome, TransientError) else None
                delay = self.retry_backoff(job, retry_after)
                message = outcome.message
                if job.retries - 1 <= 0:
                    message += " (no retries left: fix the cause, then resolve the incident)"
                await controller.set_failure_status(
                    _clip(message), retry_back_off_ms=max(int(delay.total_seconds() * 1000), 1)
                )
        except (JobNotFoundError, JobAlreadyDeactivatedError) as gone:
            # The job timed out or was cancelled meanwhile; the engine already moved on.
            _log.info("job.no_longer_active", job_key=job.key, reason=str(gone))
        except ZeebeError as undelivered:
            # The engine will hand the job out again after its timeout; the idempotency store covers the rerun.
            _log.warning(
                "job.outcome_not_delivered", job_key=job.key, task_type=job.type, error=str(undelivered)
            )
