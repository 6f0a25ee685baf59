"""request_with_retries: transient failures retried within the deadline, Retry-After honoured."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from workers.runtime import (
    ExponentialBackoff,
    HttpRetryPolicy,
    PermanentError,
    TransientError,
    classify,
    request_with_retries,
)
from workers.testing import JobEnvironment

URL = "https://api.example.test/v1/things"
FAST = HttpRetryPolicy(
    max_attempts=4,
    backoff=ExponentialBackoff(initial=timedelta(milliseconds=10), maximum=timedelta(milliseconds=40)),
)


def _client(
    *responses: Callable[[httpx.Request], httpx.Response],
) -> tuple[httpx.AsyncClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return responses[min(len(seen), len(responses)) - 1](request)

    return httpx.AsyncClient(transport=httpx.MockTransport(handle)), seen


def status(code: int, headers: dict[str, str] | None = None) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(code, headers=headers, json={"status": code})


class Sleeps(list[float]):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


async def test_transient_statuses_are_retried_until_success() -> None:
    client, seen = _client(status(503), status(502), status(200))
    sleeps = Sleeps()
    response = await request_with_retries(client, "POST", URL, json={"a": 1}, policy=FAST, sleep=sleeps)
    assert response.status_code == 200
    assert len(seen) == 3 and len(sleeps) == 2
    assert all(0 < delay <= 0.04 for delay in sleeps)
    assert seen[0].content == b'{"a":1}'


async def test_retry_after_sets_the_minimal_wait() -> None:
    client, _ = _client(status(429, {"Retry-After": "3"}), status(200))
    sleeps = Sleeps()
    await request_with_retries(client, "GET", URL, policy=FAST, sleep=sleeps)
    assert sleeps == [3.0]


async def test_contract_errors_are_not_retried() -> None:
    client, seen = _client(status(422))
    with pytest.raises(httpx.HTTPStatusError) as caught:
        await request_with_retries(client, "POST", URL, policy=FAST, sleep=Sleeps())
    assert len(seen) == 1
    assert isinstance(classify(caught.value), PermanentError)


async def test_gives_up_after_max_attempts_with_a_transient_error() -> None:
    client, seen = _client(status(500))
    with pytest.raises(httpx.HTTPStatusError) as caught:
        await request_with_retries(client, "GET", URL, policy=FAST, sleep=Sleeps())
    assert len(seen) == 4
    assert isinstance(classify(caught.value), TransientError)


async def test_stops_when_the_wait_would_pass_the_deadline() -> None:
    client, seen = _client(status(429, {"Retry-After": "120"}), status(200))
    deadline = datetime.now(UTC) + timedelta(seconds=30)
    with pytest.raises(httpx.HTTPStatusError) as caught:
        await request_with_retries(client, "GET", URL, policy=FAST, deadline=deadline, sleep=Sleeps())
    assert len(seen) == 1
    outcome = classify(caught.value)
    assert isinstance(outcome, TransientError) and outcome.retry_after == timedelta(seconds=120)


async def test_connection_errors_are_retried_then_raised() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client, seen = _client(refuse)
    with pytest.raises(httpx.ConnectError):
        await request_with_retries(client, "GET", URL, policy=FAST, sleep=Sleeps())
    assert len(seen) == 4


async def test_inside_a_job_the_deadline_comes_from_the_job_and_retry_after_reaches_failjob() -> None:
    client, seen = _client(status(503, {"Retry-After": "90"}))

    async def fetch() -> dict[str, object]:
        response = await request_with_retries(client, "GET", URL, policy=FAST)
        return {"status": response.status_code}

    outcome = await JobEnvironment().run(fetch, "svc.fetch", timeout=timedelta(seconds=20))
    assert len(seen) == 1
    assert outcome.kind == "failed" and outcome.retries == 2
    assert outcome.retry_back_off is not None and outcome.retry_back_off >= timedelta(seconds=90)
