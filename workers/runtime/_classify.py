"""Map any exception raised while handling a job onto the fleet's error taxonomy."""

from __future__ import annotations

import httpx
import pydantic
from pyzeebe.errors import BusinessError

from workers.runtime._errors import BpmnError, JobOutcomeError, PermanentError, TransientError
from workers.runtime._retry_after import parse_retry_after

__all__ = ["classify", "describe_validation_error", "is_transient_status"]

_BODY_EXCERPT = 300


def is_transient_status(status_code: int) -> bool:
    """HTTP statuses worth retrying: 408, 425, 429 and every 5xx."""
    return status_code in (408, 425, 429) or status_code >= 500


def describe_validation_error(error: pydantic.ValidationError) -> str:
    """One line per problem (location and reason), without the offending values: they may be personal data."""
    problems = []
    for detail in error.errors(include_input=False, include_url=False):
        location = ".".join(str(part) for part in detail["loc"]) or "(root)"
        problems.append(f"{location}: {detail['msg']}")
    return "; ".join(problems)


def _from_http_status(error: httpx.HTTPStatusError) -> JobOutcomeError:
    request, response = error.request, error.response
    target = f"{request.method} {request.url.copy_with(query=None, fragment=None)}"
    if is_transient_status(response.status_code):
        return TransientError(
            f"{target} answered {response.status_code}",
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
        )
    body = response.text[:_BODY_EXCERPT] if response.content else ""
    return PermanentError(
        f"{target} rejected the request with {response.status_code} {response.reason_phrase}: {body!r}. "
        "Fix the request data or the integration's contract, then resolve the incident."
    )


def classify(error: BaseException) -> JobOutcomeError:
    """Return the outcome ``error`` stands for.

    Business errors (ours and pyzeebe's ``BusinessError``) stay business errors; invalid data and HTTP 4xx are
    permanent; timeouts, connection problems, 429 and 5xx are transient; anything unexpected is treated as
    transient so the engine's retries (and finally an incident) apply.
    """
    if isinstance(error, JobOutcomeError):
        return error
    if isinstance(error, BusinessError):
        return BpmnError(error.error_code, str(error))
    if isinstance(error, pydantic.ValidationError):
        return PermanentError(f"Invalid data ({error.title}): {describe_validation_error(error)}")
    if isinstance(error, httpx.HTTPStatusError):
        return _from_http_status(error)
    if isinstance(error, httpx.TimeoutException | TimeoutError):
        return TransientError(f"Timed out: {type(error).__name__} {error}".rstrip())
    if isinstance(error, httpx.TransportError | ConnectionError | OSError):
        return TransientError(f"Connection problem: {type(error).__name__}: {error}")
    return TransientError(f"Unexpected {type(error).__name__}: {error}")
