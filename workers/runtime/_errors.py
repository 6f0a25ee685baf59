"""The fleet's error taxonomy: what a handler raises to say how a job should end."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

__all__ = ["BpmnError", "JobOutcomeError", "PermanentError", "TransientError"]


class JobOutcomeError(Exception):
    """Base of the errors that decide a job's outcome; carries the message operators will see."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BpmnError(JobOutcomeError):
    """A business outcome the model catches: the job ends with ThrowError and this error code.

    Codes are UPPER_SNAKE and specific (``PAYMENT_REJECTED``); ``variables`` are set in the task's scope.
    """

    def __init__(
        self, code: str, message: str | None = None, variables: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(message or f"Business error {code}")
        self.code = code
        self.variables: Mapping[str, Any] = dict(variables or {})


class TransientError(JobOutcomeError):
    """A failure that may pass by itself (timeout, 429, 5xx, lost connection): FailJob with retries - 1.

    ``retry_after`` is a lower bound for the retry back-off, e.g. from an HTTP ``Retry-After`` header.
    """

    def __init__(self, message: str, *, retry_after: timedelta | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentError(JobOutcomeError):
    """A failure no retry can fix (contract error, bad input): FailJob with retries 0, i.e. an incident.

    The message must tell the operator what to fix before resolving the incident.
    """
