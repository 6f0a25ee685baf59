"""Failures become the right engine command: ThrowError, FailJob with back-off, or an incident."""

from __future__ import annotations

from datetime import timedelta

import httpx
from pyzeebe.errors import BusinessError

from workers import BpmnError, Integration, PermanentError
from workers.testing import JobEnvironment

crm = Integration("hubspot", group="crm")


def _http_error(status: int, headers: dict[str, str] | None = None, body: str = "") -> httpx.HTTPStatusError:
    request = httpx.Request("POST", "https://api.example.test/v3/contacts?token=secret")
    response = httpx.Response(status, headers=headers, text=body, request=request)
    return httpx.HTTPStatusError(f"status {status}", request=request, response=response)


@crm.task("crm.reject-payment")
async def reject_payment(amount: int) -> None:
    raise BpmnError("PAYMENT_REJECTED", f"amount {amount} over limit", {"rejectedAmount": amount})


@crm.task("crm.pyzeebe-business-error")
async def pyzeebe_business_error() -> None:
    raise BusinessError("CONTACT_HAS_NO_MANYCHAT_ID")


@crm.task("crm.rate-limited")
async def rate_limited() -> None:
    raise _http_error(429, {"Retry-After": "120"})


@crm.task("crm.contract-error")
async def contract_error() -> None:
    raise _http_error(422, body='{"message": "email is malformed"}')


@crm.task("crm.connection-lost")
async def connection_lost() -> None:
    raise httpx.ConnectError("connection refused")


async def test_bpmn_error_becomes_throw_error_with_code_and_variables() -> None:
    outcome = await JobEnvironment().run(crm, "crm.reject-payment", variables={"amount": 900})
    assert outcome.kind == "error_thrown"
    assert outcome.error_code == "PAYMENT_REJECTED"
    assert outcome.message == "amount 900 over limit"
    assert outcome.variables == {"rejectedAmount": 900}


async def test_pyzeebe_business_error_is_a_business_outcome_too() -> None:
    outcome = await JobEnvironment().run(crm, "crm.pyzeebe-business-error")
    assert outcome.kind == "error_thrown"
    assert outcome.error_code == "CONTACT_HAS_NO_MANYCHAT_ID"


async def test_rate_limit_fails_with_one_retry_less_and_honours_retry_after() -> None:
    outcome = await JobEnvironment().run(crm, "crm.rate-limited", retries=3)
    assert outcome.kind == "failed"
    assert outcome.retries == 2
    assert outcome.retry_back_off is not None and outcome.retry_back_off >= timedelta(seconds=120)
    assert outcome.message is not None and "429" in outcome.message
    assert "secret" not in outcome.message


async def test_connection_error_is_transient_with_a_non_zero_backoff() -> None:
    outcome = await JobEnvironment().run(crm, "crm.connection-lost", retries=2)
    assert outcome.kind == "failed" and outcome.retries == 1
    assert outcome.retry_back_off is not None and outcome.retry_back_off > timedelta(0)
    assert not outcome.is_incident


async def test_last_transient_failure_says_what_to_do() -> None:
    outcome = await JobEnvironment().run(crm, "crm.connection-lost", retries=1)
    assert outcome.retries == 0 and outcome.is_incident
    assert outcome.message is not None and "resolve the incident" in outcome.message


async def test_contract_error_raises_an_incident_that_says_what_to_fix() -> None:
    outcome = await JobEnvironment().run(crm, "crm.contract-error", retries=3)
    assert outcome.kind == "failed"
    assert outcome.retries == 0 and outcome.is_incident
    assert outcome.message is not None
    assert "422" in outcome.message and "email is malformed" in outcome.message and "Fix" in outcome.message


async def test_permanent_error_raised_directly() -> None:
    async def broken() -> None:
        raise PermanentError("Template id missing: set header templateId on the task")

    outcome = await JobEnvironment().run(broken, "crm.broken")
    assert outcome.is_incident and outcome.message == "Template id missing: set header templateId on the task"
