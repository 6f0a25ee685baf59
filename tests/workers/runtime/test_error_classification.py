"""classify() maps exceptions onto the fleet's taxonomy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pydantic
import pytest
from pyzeebe.errors import BusinessError

from workers.runtime import BpmnError, PermanentError, TransientError, classify
from workers.runtime._retry_after import parse_retry_after


def _status_error(status: int, headers: dict[str, str] | None = None) -> httpx.HTTPStatusError:
    request = httpx.Request("GET", "https://svc.test/items/1?api_key=k")
    response = httpx.Response(status, headers=headers, text="nope", request=request)
    return httpx.HTTPStatusError("x", request=request, response=response)


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_retryable_statuses_are_transient(status: int) -> None:
    assert isinstance(classify(_status_error(status)), TransientError)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
def test_contract_statuses_are_permanent(status: int) -> None:
    outcome = classify(_status_error(status))
    assert isinstance(outcome, PermanentError)
    assert str(status) in outcome.message and "api_key" not in outcome.message


def test_retry_after_is_carried() -> None:
    outcome = classify(_status_error(503, {"Retry-After": "7"}))
    assert isinstance(outcome, TransientError) and outcome.retry_after == timedelta(seconds=7)


@pytest.mark.parametrize(
    "error",
    [TimeoutError(), ConnectionResetError(), httpx.ReadTimeout("t"), httpx.ConnectError("c"), KeyError("k")],
)
def test_timeouts_connection_errors_and_the_unexpected_are_transient(error: Exception) -> None:
    assert isinstance(classify(error), TransientError)


def test_business_errors_stay_business_errors() -> None:
    ours = BpmnError("X")
    assert classify(ours) is ours
    theirs = classify(BusinessError("Y"))
    assert isinstance(theirs, BpmnError) and theirs.code == "Y"


def test_validation_errors_are_permanent_and_hide_values() -> None:
    class Model(pydantic.BaseModel):
        age: int

    with pytest.raises(pydantic.ValidationError) as caught:
        Model.model_validate({"age": "secret-value"})
    outcome = classify(caught.value)
    assert isinstance(outcome, PermanentError)
    assert "age" in outcome.message and "secret-value" not in outcome.message


def test_retry_after_parsing() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("30", now=now) == timedelta(seconds=30)
    assert parse_retry_after("Thu, 01 Jan 2026 12:01:00 GMT", now=now) == timedelta(minutes=1)
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now=now) == timedelta(0)
    assert parse_retry_after("soon", now=now) is None
    assert parse_retry_after(None) is None
