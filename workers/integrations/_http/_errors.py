"""Failures of an external API call, already sorted into the fleet's error taxonomy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from workers import PermanentError, TransientError

__all__ = ["ApiFailure", "ApiPermanentError", "ApiTransientError", "ErrorDetail"]


@dataclass(frozen=True)
class ErrorDetail:
    """What an API's error body says, as one integration reads it.

    Attributes:
        message: the API's own explanation (already free of secrets is not assumed: the client redacts it).
        code: the API's error code or type (``VALIDATION_ERROR``, ``insufficient_quota``, ``3011`` ...).
        retryable: overrides the decision by HTTP status when the body says better (OpenAI's quota 429).
        retry_after: a wait the body asks for, in addition to the headers.
        not_applied: the body says the request was refused before it had any effect (a rate limit sent as
            HTTP 400), so even a non-idempotent request may be repeated.
    """

    message: str
    code: str | None = None
    retryable: bool | None = None
    retry_after: timedelta | None = None
    not_applied: bool = False


@dataclass(frozen=True)
class ApiFailure:
    """Where and how a call failed."""

    api: str
    operation: str
    status: int | None
    code: str | None


class ApiPermanentError(PermanentError):
    """The API refused the request and repeating it cannot help: an incident telling what to fix."""

    def __init__(self, message: str, *, failure: ApiFailure) -> None:
        super().__init__(message)
        self.failure = failure


class ApiTransientError(TransientError):
    """The call failed in a way that may pass: the engine retries the job after ``retry_after`` at least.

    ``may_have_acted`` is false only when the server certainly did not act on the request (rejected it with
    429, or the connection was never established), so repeating even a non-idempotent request is safe.
    """

    def __init__(
        self,
        message: str,
        *,
        failure: ApiFailure,
        may_have_acted: bool,
        retry_after: timedelta | None = None,
    ) -> None:
        super().__init__(message, retry_after=retry_after)
        self.failure = failure
        self.may_have_acted = may_have_acted
