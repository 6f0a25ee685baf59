"""Metrics: outcomes counted by task type, handler time observed."""

from __future__ import annotations

import httpx

from workers import BpmnError, Integration
from workers.runtime import FleetMetrics
from workers.testing import JobEnvironment

crm = Integration("hubspot", group="crm")
calls: list[str] = []


def _http_error(status: int, headers: dict[str, str] | None = None, body: str = "") -> httpx.HTTPStatusError:
    request = httpx.Request("POST", "https://api.example.test/v3/contacts?token=secret")
    response = httpx.Response(status, headers=headers, text=body, request=request)
    return httpx.HTTPStatusError(f"status {status}", request=request, response=response)


@crm.task("crm.create-contact")
async def create_contact(email: str, leadScore: int = 0) -> dict[str, object]:
    calls.append(email)
    return {"contactId": f"c-{email}", "score": leadScore}


@crm.task("crm.contract-error")
async def contract_error() -> None:
    raise _http_error(422, body='{"message": "email is malformed"}')


@crm.task("crm.connection-lost")
async def connection_lost() -> None:
    raise httpx.ConnectError("connection refused")


@crm.task("crm.reject-payment")
async def reject_payment(amount: int) -> None:
    raise BpmnError("PAYMENT_REJECTED", f"amount {amount} over limit", {"rejectedAmount": amount})


async def test_metrics_count_outcomes_by_type() -> None:
    metrics = FleetMetrics()
    env = JobEnvironment(metrics=metrics)
    await env.run(crm, "crm.create-contact", variables={"email": "z@x.test"})
    await env.run(crm, "crm.contract-error")
    await env.run(crm, "crm.connection-lost")
    await env.run(crm, "crm.reject-payment", variables={"amount": 1})
    value = metrics.registry.get_sample_value
    assert value("fleet_jobs_completed_total", {"task_type": "crm.create-contact"}) == 1.0
    assert value("fleet_jobs_failed_total", {"task_type": "crm.contract-error", "kind": "permanent"}) == 1.0
    assert value("fleet_jobs_failed_total", {"task_type": "crm.connection-lost", "kind": "transient"}) == 1.0
    errored = {"task_type": "crm.reject-payment", "error_code": "PAYMENT_REJECTED"}
    assert value("fleet_jobs_errored_total", errored) == 1.0
    assert value("fleet_job_handler_duration_seconds_count", {"task_type": "crm.create-contact"}) == 1.0
