"""Jobs over REST: activation (also long polling), completion, failure, BPMN error, retries update."""

from __future__ import annotations

import asyncio
from typing import Any

from rest_env import RestEnv


async def _approved_expense(rest: RestEnv, amount: int = 100) -> str:
    created = await rest.http.post(
        "/process-instances",
        json={"processDefinitionId": "expense-approval", "variables": {"amount": amount}},
    )
    instance: str = created.json()["processInstanceKey"]
    tasks = await rest.http.post("/user-tasks/search", json={"filter": {"processInstanceKey": instance}})
    task_key = tasks.json()["items"][0]["userTaskKey"]
    await rest.http.post(f"/user-tasks/{task_key}/completion", json={"variables": {"approved": True}})
    return instance


async def _activate(rest: RestEnv, **extra: Any) -> list[dict[str, Any]]:
    body = {"type": "expense.pay", "timeout": 30000, "maxJobsToActivate": 5, "worker": "rest-test", **extra}
    response = await rest.http.post("/jobs/activation", json=body)
    assert response.status_code == 200, response.text
    jobs: list[dict[str, Any]] = response.json()["jobs"]
    return jobs


async def test_activate_and_complete(rest: RestEnv) -> None:
    await rest.deploy("expense-approval.bpmn")
    instance = await _approved_expense(rest)
    jobs = await _activate(rest, fetchVariable=["amount"])
    assert len(jobs) == 1
    job = jobs[0]
    assert job["type"] == "expense.pay"
    assert job["processInstanceKey"] == instance
    assert job["elementId"] == "pay-expense"
    assert job["worker"] == "rest-test"
    assert job["retries"] == 1
    assert job["variables"] == {"amount": 100}
    assert job["deadline"] == rest.clock.millis() + 30000
    assert job["kind"] == "BPMN_ELEMENT"
    completed = await rest.http.post(f"/jobs/{job['jobKey']}/completion", json={"variables": {"paid": True}})
    assert completed.status_code == 204
    assert (await rest.http.get(f"/process-instances/{instance}")).json()["state"] == "COMPLETED"
    again = await rest.http.post(f"/jobs/{job['jobKey']}/completion")
    assert again.status_code == 404


async def test_long_poll_returns_a_job_created_while_waiting(rest: RestEnv) -> None:
    await rest.deploy("expense-approval.bpmn")
    waiting = asyncio.ensure_future(_activate(rest, requestTimeout=5000))
    await asyncio.sleep(0.2)
    assert not waiting.done()
    await _approved_expense(rest)
    jobs = await asyncio.wait_for(waiting, 5)
    assert [job["type"] for job in jobs] == ["expense.pay"]
    assert await _activate(rest, requestTimeout=-1) == []


async def test_failure_incident_retries_update_and_resolution_all_over_rest(rest: RestEnv) -> None:
    await rest.deploy("expense-approval.bpmn")
    instance = await _approved_expense(rest)
    job_key = (await _activate(rest))[0]["jobKey"]
    failed = await rest.http.post(
        f"/jobs/{job_key}/failure", json={"retries": 0, "errorMessage": "bank down"}
    )
    assert failed.status_code == 204
    incidents = await rest.http.post("/incidents/search", json={"filter": {"jobKey": job_key}})
    incident = incidents.json()["items"][0]
    assert incident["errorMessage"] == "bank down"
    updated = await rest.http.patch(f"/jobs/{job_key}", json={"changeset": {"retries": 3}})
    assert updated.status_code == 204
    resolved = await rest.http.post(f"/incidents/{incident['incidentKey']}/resolution")
    assert resolved.status_code == 204
    retried = await _activate(rest)
    assert [(job["jobKey"], job["retries"]) for job in retried] == [(job_key, 3)]
    assert (await rest.http.get(f"/process-instances/{instance}")).json()["hasIncident"] is False


async def test_uncaught_bpmn_error_raises_an_incident(rest: RestEnv) -> None:
    await rest.deploy("expense-approval.bpmn")
    await _approved_expense(rest)
    job_key = (await _activate(rest))[0]["jobKey"]
    thrown = await rest.http.post(
        f"/jobs/{job_key}/error", json={"errorCode": "IBAN_INVALID", "errorMessage": "bad"}
    )
    assert thrown.status_code == 204
    incidents = await rest.http.post(
        "/incidents/search", json={"filter": {"errorType": "UNHANDLED_ERROR_EVENT"}}
    )
    assert incidents.json()["page"]["totalItems"] == 1


async def test_job_request_errors(rest: RestEnv) -> None:
    missing = await rest.http.post("/jobs/activation", json={"type": "x", "timeout": 1000})
    assert missing.status_code == 400
    assert "maxJobsToActivate" in missing.json()["detail"]
    no_code = await rest.http.post("/jobs/1/error", json={"errorMessage": "x"})
    assert no_code.status_code == 400
    assert "errorCode" in no_code.json()["detail"]
    empty_change = await rest.http.patch("/jobs/1", json={"changeset": {}})
    assert empty_change.status_code == 400
    unknown = await rest.http.patch("/jobs/1", json={"changeset": {"retries": 2}})
    assert unknown.status_code == 404
    assert unknown.json()["title"] == "NOT_FOUND"
