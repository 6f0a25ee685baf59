"""ApiClient behaviour on single requests, against an in-process transport (no network)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest
from pydantic import BaseModel, SecretStr

from workers import HttpRetryPolicy
from workers.integrations._http import (
    ApiClient,
    ApiConfig,
    ApiPermanentError,
    ApiTransientError,
    BearerAuth,
    ErrorDetail,
    Replay,
    Tuning,
)
from workers.runtime import ExponentialBackoff

CANARY = "canary-secret-7f3a9c"


class Sleeps:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def make_client(
    handler: Callable[[httpx.Request], httpx.Response], sleeps: Sleeps, **config: object
) -> ApiClient:
    return ApiClient(
        ApiConfig(
            api="Example",
            base_url="http://127.0.0.1:9",
            auth=BearerAuth(SecretStr(CANARY)),
            secrets=(CANARY,),
            policy=HttpRetryPolicy(
                max_attempts=4,
                backoff=ExponentialBackoff(initial=timedelta(milliseconds=100), maximum=timedelta(seconds=1)),
            ),
            **config,  # type: ignore[arg-type]
        ),
        tuning=Tuning(sleep=sleeps, transport=httpx.MockTransport(handler)),
    )


def answers(
    *responses: httpx.Response | Exception,
) -> tuple[Callable[[httpx.Request], httpx.Response], list[httpx.Request]]:
    seen: list[httpx.Request] = []
    queue = list(responses)

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return handle, seen


async def test_a_429_is_retried_after_at_least_retry_after_then_succeeds() -> None:
    handler, seen = answers(
        httpx.Response(429, headers={"Retry-After": "3"}), httpx.Response(200, json={"ok": 1})
    )
    sleeps = Sleeps()
    async with make_client(handler, sleeps) as client:
        response = await client.request("things.read", "GET", "/things", replay=Replay.UNSAFE)
    assert response.json() == {"ok": 1}
    assert len(seen) == 2
    assert sleeps.waits == [3.0]
    assert seen[0].headers["Authorization"] == f"Bearer {CANARY}"


async def test_a_wait_longer_than_the_in_process_limit_goes_to_the_engine_as_retry_after() -> None:
    handler, seen = answers(httpx.Response(429, headers={"Retry-After": "120"}))
    sleeps = Sleeps()
    async with make_client(handler, sleeps) as client:
        with pytest.raises(ApiTransientError) as raised:
            await client.request("things.read", "GET", "/things", replay=Replay.SAFE)
    assert len(seen) == 1 and sleeps.waits == []
    assert raised.value.retry_after == timedelta(seconds=120)
    assert raised.value.failure.status == 429


async def test_5xx_is_retried_for_safe_requests_until_attempts_run_out() -> None:
    handler, seen = answers(*(httpx.Response(503, json={"message": "down"}) for _ in range(4)))
    sleeps = Sleeps()
    async with make_client(handler, sleeps) as client:
        with pytest.raises(ApiTransientError, match="answered HTTP 503: down"):
            await client.request("things.read", "GET", "/things", replay=Replay.SAFE)
    assert len(seen) == 4 and len(sleeps.waits) == 3


async def test_unsafe_requests_are_not_repeated_after_an_ambiguous_failure() -> None:
    handler, seen = answers(httpx.Response(500), httpx.Response(200))
    async with make_client(handler, Sleeps()) as client:
        with pytest.raises(ApiTransientError, match="may have been carried out") as raised:
            await client.request("rows.append", "POST", "/rows", replay=Replay.UNSAFE, json={})
    assert len(seen) == 1
    assert raised.value.may_have_acted


async def test_unsafe_requests_are_repeated_when_the_connection_never_opened() -> None:
    handler, seen = answers(httpx.ConnectError("refused"), httpx.Response(201, json={}))
    async with make_client(handler, Sleeps()) as client:
        response = await client.request("rows.append", "POST", "/rows", replay=Replay.UNSAFE, json={})
    assert response.status_code == 201 and len(seen) == 2


async def test_read_timeouts_are_transient_and_retried_for_safe_requests() -> None:
    handler, seen = answers(httpx.ReadTimeout("slow"), httpx.Response(200, json={}))
    async with make_client(handler, Sleeps()) as client:
        await client.request("things.read", "GET", "/things", replay=Replay.SAFE)
    assert len(seen) == 2


async def test_4xx_is_permanent_at_once_with_the_api_message_and_never_the_secret() -> None:
    body = {"message": f"bad field; you sent Authorization: Bearer {CANARY} and key {CANARY}"}
    handler, seen = answers(httpx.Response(400, json=body))
    async with make_client(handler, Sleeps()) as client:
        with pytest.raises(ApiPermanentError) as raised:
            await client.request("things.create", "POST", "/things", replay=Replay.SAFE, json={})
    assert len(seen) == 1
    assert "bad field" in str(raised.value) and "resolve the incident" in str(raised.value)
    assert CANARY not in str(raised.value) and CANARY not in raised.value.message


async def test_the_error_reader_can_overrule_the_status() -> None:
    def read_error(response: httpx.Response) -> ErrorDetail:
        return ErrorDetail(message="quota gone", code="insufficient_quota", retryable=False)

    handler, seen = answers(httpx.Response(429, headers={"Retry-After": "1"}))
    async with make_client(handler, Sleeps(), read_error=read_error) as client:
        with pytest.raises(ApiPermanentError) as raised:
            await client.request("things.create", "POST", "/things", replay=Replay.SAFE)
    assert len(seen) == 1 and raised.value.failure.code == "insufficient_quota"


async def test_an_unexpected_success_body_is_a_permanent_contract_error() -> None:
    class Thing(BaseModel):
        id: str

    handler, _ = answers(httpx.Response(200, content=json.dumps({"name": "x"}).encode()))
    async with make_client(handler, Sleeps()) as client:
        response = await client.request("things.read", "GET", "/things/1", replay=Replay.SAFE)
        with pytest.raises(ApiPermanentError, match="unexpected body"):
            client.parse("things.read", response, Thing)
