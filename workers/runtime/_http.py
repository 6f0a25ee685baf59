"""HTTP calls from inside a job: retry transient failures with tenacity, within the job's deadline.

Integrations call :func:`request_with_retries` with their ``httpx.AsyncClient``. Timeouts, connection errors,
429 and 5xx are retried with exponential back-off and jitter, waiting at least what ``Retry-After`` asks;
retrying stops before the next wait would pass the job's deadline. What is still failing then is raised as
``httpx.HTTPStatusError`` or the transport error, which the error mapping turns into a transient failure (with
the server's ``Retry-After`` as the job's minimal back-off); 4xx answers are raised at once and become
incidents.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, stop_any
from tenacity.stop import stop_base

from workers.runtime._backoff import ExponentialBackoff
from workers.runtime._classify import is_transient_status
from workers.runtime._context import current_job_context
from workers.runtime._retry_after import parse_retry_after

__all__ = ["HttpRetryPolicy", "request_with_retries"]

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class HttpRetryPolicy:
    """How hard to try one HTTP request inside a job.

    Attributes:
        max_attempts: attempts in total, the first one included.
        backoff: delay between attempts (at least the server's ``Retry-After``).
        deadline_margin: stop this long before the job's deadline, leaving time to report the outcome.
    """

    max_attempts: int = 4
    backoff: ExponentialBackoff = field(
        default_factory=lambda: ExponentialBackoff(
            initial=timedelta(milliseconds=200), maximum=timedelta(seconds=10)
        )
    )
    deadline_margin: timedelta = timedelta(seconds=2)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")


class _RetryableStatus(Exception):
    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response
        self.retry_after = parse_retry_after(response.headers.get("Retry-After"))


def _is_retryable(error: BaseException) -> bool:
    return isinstance(error, _RetryableStatus | httpx.TransportError | TimeoutError)


def _seconds_left(deadline: datetime | None) -> float | None:
    return None if deadline is None else (deadline - datetime.now(UTC)).total_seconds()


class _StopBeforeDeadline(stop_base):
    """Stop when the next wait would end at or after the deadline."""

    def __init__(self, deadline: datetime | None) -> None:
        self._deadline = deadline

    def __call__(self, retry_state: RetryCallState) -> bool:
        left = _seconds_left(self._deadline)
        return left is not None and (retry_state.upcoming_sleep or 0.0) >= left


async def request_with_retries(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    policy: HttpRetryPolicy | None = None,
    deadline: datetime | None = None,
    sleep: Sleep = asyncio.sleep,
    **request: Any,
) -> httpx.Response:
    """Send the request, retrying transient failures; return the successful (2xx/3xx) response.

    ``deadline`` defaults to the current job's deadline minus ``policy.deadline_margin`` (no limit outside a
    job). ``request`` goes to ``client.request`` (``json=``, ``headers=``, ``params=`` ...).

    Raises:
        httpx.HTTPStatusError: a 4xx answer (at once), or a retryable status still returned at the end.
        httpx.TransportError | TimeoutError: the connection kept failing.
    """
    policy = policy or HttpRetryPolicy()
    if deadline is None:
        context = current_job_context()
        deadline = context.deadline - policy.deadline_margin if context else None

    async def attempt() -> httpx.Response:
        left = _seconds_left(deadline)
        if left is not None and left <= 0:
            raise TimeoutError(f"no time left before the job's deadline for {method} {url}")
        async with asyncio.timeout(left):
            response = await client.request(method, url, **request)
        if is_transient_status(response.status_code):
            raise _RetryableStatus(response)
        return response

    def wait(state: RetryCallState) -> float:
        delay = policy.backoff.delay(state.attempt_number - 1)
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, _RetryableStatus) and error.retry_after is not None:
            delay = max(delay, error.retry_after)
        return delay.total_seconds()

    retrying = AsyncRetrying(
        stop=stop_any(stop_after_attempt(policy.max_attempts), _StopBeforeDeadline(deadline)),
        wait=wait,
        retry=retry_if_exception(_is_retryable),
        reraise=True,
        sleep=sleep,
    )
    try:
        response: httpx.Response = await retrying(attempt)
    except _RetryableStatus as still_failing:
        still_failing.response.raise_for_status()
        raise
    response.raise_for_status()
    return response
