"""One pooled ``httpx.AsyncClient`` per external API, with retries that respect the job's deadline.

Every integration client sends its requests through :meth:`ApiClient.request`:

- timeouts are explicit (connect, read, write, pool) and the whole call never outlives the job's deadline;
- 429, 408/425, 5xx, timeouts and connection errors are retried in process with exponential, jittered
  back-off, waiting at least what the server asks for (``Retry-After``, ``retry-after-ms`` or the API's
  rate-limit reset headers); a wait longer than the job can afford ends the call with a
  :class:`ApiTransientError` whose ``retry_after`` becomes the job's retry back-off;
- a request that is not safe to repeat (:attr:`Replay.UNSAFE`) is retried only when the server certainly did
  not act on it (429, connection never established): a timeout or 5xx after it was sent is reported, not
  repeated, so a row is not appended or a message sent twice by this process;
- any other error answer becomes :class:`ApiPermanentError` (an incident) with the API's own explanation;
- secrets never reach a message or a log line (:class:`Redactor`).
"""

from __future__ import annotations

import asyncio
import enum
import json
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx
import pydantic
import structlog
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, stop_any
from tenacity.stop import stop_base

from workers import HttpRetryPolicy, current_job_context
from workers.integrations._http._errors import ApiFailure, ApiPermanentError, ApiTransientError, ErrorDetail
from workers.integrations._http._rate_limit import server_delay
from workers.integrations._http._redact import Redactor
from workers.runtime import ExponentialBackoff

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_TIMEOUT",
    "ApiClient",
    "ApiConfig",
    "Replay",
    "Tuning",
    "json_or_none",
    "read_generic_error",
]

M = TypeVar("M", bound=pydantic.BaseModel)
Sleep = Callable[[float], Awaitable[None]]
ErrorReader = Callable[[httpx.Response], ErrorDetail]

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)
"""Connect quickly or fail; give the server 30 s to answer."""
DEFAULT_LIMITS = httpx.Limits(max_connections=32, max_keepalive_connections=16, keepalive_expiry=30.0)
"""As many connections as one worker runs jobs of a task type at once (``max_running_jobs``)."""

_BODY_EXCERPT = 300
_log = structlog.get_logger("workers.integrations.http")


class Replay(enum.Enum):
    """Whether repeating a request could repeat its effect."""

    SAFE = "safe"
    """Reads, upserts, requests carrying an idempotency key: retry every transient failure."""
    UNSAFE = "unsafe"
    """Appends, sends: retry only when the server certainly did not act on the request."""


def _excerpt(response: httpx.Response) -> str:
    try:
        text = response.text
    except (UnicodeDecodeError, httpx.ResponseNotRead):
        return ""
    return " ".join(text.split())[:_BODY_EXCERPT]


def read_generic_error(response: httpx.Response) -> ErrorDetail:
    """Best effort for APIs without a documented error body: a ``message`` field or the start of the body."""
    try:
        body = response.json()
    except (ValueError, UnicodeDecodeError):
        return ErrorDetail(message=_excerpt(response) or response.reason_phrase)
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return ErrorDetail(message=error["message"])
        if isinstance(body.get("message"), str):
            return ErrorDetail(message=body["message"])
    return ErrorDetail(message=_excerpt(response) or response.reason_phrase)


@dataclass(frozen=True)
class ApiConfig:
    """How to reach one API.

    Attributes:
        api: the API's name in messages and logs (``HubSpot``).
        base_url: scheme, host and path prefix; only this differs between the real API and an emulator.
        auth: credentials added to every request.
        secrets: values that must never appear in a message or log line (tokens, keys, passwords).
        read_error: turns an error answer into an :class:`ErrorDetail` the way this API writes them.
        reset_headers: rate-limit headers holding a duration to wait when ``Retry-After`` is missing.
        max_in_process_wait: longer waits are left to the engine (job retry back-off) instead of sleeping.
    """

    api: str
    base_url: str
    auth: httpx.Auth | None = None
    secrets: Sequence[str] = ()
    read_error: ErrorReader = read_generic_error
    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)
    limits: httpx.Limits = field(default_factory=lambda: DEFAULT_LIMITS)
    policy: HttpRetryPolicy = field(
        default_factory=lambda: HttpRetryPolicy(
            max_attempts=4,
            backoff=ExponentialBackoff(initial=timedelta(milliseconds=250), maximum=timedelta(seconds=8)),
            deadline_margin=timedelta(seconds=2),
        )
    )
    reset_headers: Sequence[str] = ()
    max_in_process_wait: timedelta = timedelta(seconds=30)
    headers: Mapping[str, str] = field(default_factory=dict)


def _may_have_acted(status: int) -> bool:
    # 408/425/429: the server says it did not process the request.
    return status not in (408, 425, 429)


def _is_transient_status(status: int) -> bool:
    return status in (408, 425, 429) or status >= 500


class _StopAtDeadlineOrLongWait(stop_base):
    def __init__(self, deadline: datetime | None, longest_wait: timedelta) -> None:
        self._deadline = deadline
        self._longest_wait = longest_wait.total_seconds()

    def __call__(self, retry_state: RetryCallState) -> bool:
        upcoming = retry_state.upcoming_sleep or 0.0
        if upcoming > self._longest_wait:
            return True
        if self._deadline is None:
            return False
        return upcoming >= (self._deadline - datetime.now(UTC)).total_seconds()


@dataclass(frozen=True)
class Tuning:
    """Adjustments of a client for one environment (tests, a slow network) without touching its contract.

    Attributes:
        timeout: replaces the API's timeouts.
        policy: replaces the in-process retry policy.
        sleep: how to wait between attempts (tests pass one that advances a fake clock).
        transport: the httpx transport (tests may route requests elsewhere).
    """

    timeout: httpx.Timeout | None = None
    policy: HttpRetryPolicy | None = None
    sleep: Sleep | None = None
    transport: httpx.AsyncBaseTransport | None = None

    def apply(self, config: ApiConfig) -> ApiConfig:
        """``config`` with this tuning's timeout and policy."""
        changes: dict[str, Any] = {}
        if self.timeout is not None:
            changes["timeout"] = self.timeout
        if self.policy is not None:
            changes["policy"] = self.policy
        return replace(config, **changes)


class ApiClient:
    """A pooled HTTP client for one API; use as an async context manager or call :meth:`aclose`."""

    def __init__(
        self,
        config: ApiConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
        tuning: Tuning | None = None,
    ) -> None:
        if tuning is not None:
            config = tuning.apply(config)
            transport = tuning.transport or transport
            sleep = tuning.sleep or sleep
        self.config = config
        self.redact = Redactor(config.secrets)
        self._sleep = sleep
        self._http = httpx.AsyncClient(
            base_url=config.base_url,
            auth=config.auth,
            timeout=config.timeout,
            limits=config.limits,
            headers=dict(config.headers),
            transport=transport,
            follow_redirects=False,
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the pooled connections."""
        await self._http.aclose()

    @property
    def is_closed(self) -> bool:
        """Whether :meth:`aclose` ran."""
        return self._http.is_closed

    def _failure(self, operation: str, status: int | None, code: str | None) -> ApiFailure:
        return ApiFailure(api=self.config.api, operation=operation, status=status, code=code)

    def _deadline(self) -> datetime | None:
        context = current_job_context()
        return context.deadline - self.config.policy.deadline_margin if context else None

    def _error_from_response(self, operation: str, response: httpx.Response) -> Exception:
        detail = self.config.read_error(response)
        status = response.status_code
        code = f" {detail.code}" if detail.code else ""
        described = self.redact(
            f"{self.config.api} {operation} answered HTTP {status}{code}: {detail.message}"
        )
        failure = self._failure(operation, status, detail.code)
        retryable = detail.retryable if detail.retryable is not None else _is_transient_status(status)
        if not retryable:
            return ApiPermanentError(
                f"{described}. Fix the request data or the {self.config.api} configuration, "
                "then resolve the incident.",
                failure=failure,
            )
        headers_delay = server_delay(response.headers, reset_headers=self.config.reset_headers)
        delays = [delay for delay in (headers_delay, detail.retry_after) if delay is not None]
        return ApiTransientError(
            described,
            failure=failure,
            may_have_acted=_may_have_acted(status) and not detail.not_applied,
            retry_after=max(delays) if delays else None,
        )

    def _error_from_transport(self, operation: str, error: Exception) -> ApiTransientError:
        unsent = isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
        kind = (
            "timed out" if isinstance(error, httpx.TimeoutException | TimeoutError) else "lost the connection"
        )
        detail = f"{type(error).__name__}: {error}".rstrip(": ")
        return ApiTransientError(
            self.redact(f"{self.config.api} {operation} {kind} ({detail})"),
            failure=self._failure(operation, None, None),
            may_have_acted=not unsent,
        )

    async def request(
        self,
        operation: str,
        method: str,
        url: str,
        *,
        replay: Replay,
        expected: Collection[int] = (),
        **request: Any,
    ) -> httpx.Response:
        """Send the request and return its successful (2xx, or listed in ``expected``) response.

        ``operation`` names the call in messages (``contacts.batchUpsert``); ``request`` goes to
        ``httpx.AsyncClient.request`` (``json=``, ``data=``, ``params=``, ``headers=``).

        Raises:
            ApiPermanentError: the API rejected the request for good.
            ApiTransientError: it kept failing transiently within the attempts and the job's deadline.
        """
        deadline = self._deadline()
        policy = self.config.policy

        async def attempt() -> httpx.Response:
            left = None if deadline is None else (deadline - datetime.now(UTC)).total_seconds()
            if left is not None and left <= 0:
                raise ApiTransientError(
                    f"{self.config.api} {operation}: no time left before the job's deadline",
                    failure=self._failure(operation, None, None),
                    may_have_acted=False,
                )
            try:
                async with asyncio.timeout(left):
                    response = await self._http.request(method, url, **request)
            except (httpx.TransportError, TimeoutError) as error:
                raise self._error_from_transport(operation, error) from None
            if response.is_success or response.status_code in expected:
                return response
            raise self._error_from_response(operation, response)

        def should_retry(error: BaseException) -> bool:
            return isinstance(error, ApiTransientError) and (
                replay is Replay.SAFE or not error.may_have_acted
            )

        def wait(state: RetryCallState) -> float:
            delay = policy.backoff.delay(state.attempt_number - 1)
            error = state.outcome.exception() if state.outcome else None
            if isinstance(error, ApiTransientError) and error.retry_after is not None:
                delay = max(delay, error.retry_after)
            return delay.total_seconds()

        def log_retry(state: RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome else None
            if isinstance(error, ApiTransientError):
                _log.warning(
                    "api.retrying",
                    api=self.config.api,
                    operation=operation,
                    status=error.failure.status,
                    attempt=state.attempt_number,
                    wait_s=round(state.upcoming_sleep, 3),
                    reason=error.message,
                )

        retrying = AsyncRetrying(
            stop=stop_any(
                stop_after_attempt(policy.max_attempts),
                _StopAtDeadlineOrLongWait(deadline, self.config.max_in_process_wait),
            ),
            wait=wait,
            retry=retry_if_exception(should_retry),
            before_sleep=log_retry,
            reraise=True,
            sleep=self._sleep,
        )
        try:
            response: httpx.Response = await retrying(attempt)
        except ApiTransientError as error:
            if replay is Replay.UNSAFE and error.may_have_acted:
                error.message += (
                    "; the request may have been carried out, so it was not repeated here"
                    " (a job retry repeats it)"
                )
                error.args = (error.message,)
            raise
        return response

    def parse(self, operation: str, response: httpx.Response, model: type[M]) -> M:
        """Validate a success body against ``model``; a mismatch is a contract break (permanent)."""
        try:
            return model.model_validate_json(response.content)
        except pydantic.ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(part) for part in detail['loc']) or '(root)'}: {detail['msg']}"
                for detail in error.errors(include_input=False, include_url=False)
            )
            raise ApiPermanentError(
                self.redact(
                    f"{self.config.api} {operation} answered with an unexpected body ({problems}). "
                    "The API contract changed or the base URL points elsewhere: fix the integration, then "
                    "resolve the incident."
                ),
                failure=self._failure(operation, response.status_code, None),
            ) from None


def json_or_none(response: httpx.Response) -> Any:
    """The JSON body, or ``None`` when the body is not JSON."""
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None
