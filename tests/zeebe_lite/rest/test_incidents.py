"""Incidents over REST: search (filter, sort, page), get, resolve after the job's retries were raised."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rest_env import RestEnv


async def _failed_payment(rest: RestEnv, amount: int) -> tuple[str, int]:
    """An expense approved through REST whose payment job failed without retries: (instance key, job key)."""
    response = await rest.http.post(
        "/process-instances",
        json={"processDefinitionId": "expense-approval", "variables": {"amount": amount}},
    )
    instance: str = response.json()["processInstanceKey"]
    tasks = await rest.http.post("/user-tasks/search", json={"filter": {"processInstanceKey": instance}})
    task_key = tasks.json()["items"][0]["userTaskKey"]
    await rest.http.post(f"/user-tasks/{task_key}/completion", json={"variables": {"approved": True}})
    jobs = await rest.engine.activate_jobs("expense.pay", "test", dt.timedelta(seconds=30), 1)
    assert len(jobs) == 1
    await rest.engine.fail_job(jobs[0].key, retries=0, error_message=f"bank refused {amount}")
    return instance, jobs[0].key


async def _search(rest: RestEnv, body: dict[str, Any]) -> dict[str, Any]:
    response = await rest.http.post("/incidents/search", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_incident_is_found_and_resolved_after_retries_are_raised(rest: RestEnv) -> None:
    await rest.deploy("expense-approval.bpmn")
    instance, job_key = await _failed_payment(rest, 120)
    found = await _search(rest, {"filter": {"processInstanceKey": instance}})
    assert found["page"]["totalItems"] == 1
    incident = found["items"][0]
    assert incident["errorType"] == "JOB_NO_RETRIES"
    assert incident["errorMessage"] == "bank refused 120"
    assert incident["state"] == "ACTIVE"
    assert incident["elementId"] == "pay-expense"
    assert incident["jobKey"] == str(job_key)
    assert incident["processDefinitionId"] == "expense-approval"
    assert (await rest.http.get(f"/process-instances/{instance}")).json()["hasIncident"] is True
    got = await rest.http.get(f"/incidents/{incident['incidentKey']}")
    assert got.json() == incident

    await rest.engine.update_job_retries(job_key, 2)
    resolved = await rest.http.post(f"/incidents/{incident['incidentKey']}/resolution")
    assert resolved.status_code == 204
    after = (await rest.http.get(f"/incidents/{incident['incidentKey']}")).json()
    assert after["state"] == "RESOLVED"
    assert (await rest.http.get(f"/process-instances/{instance}")).json()["hasIncident"] is False
    jobs = await rest.engine.activate_jobs("expense.pay", "test", dt.timedelta(seconds=30), 1)
    assert [job.key for job in jobs] == [job_key]
    await rest.engine.complete_job(job_key)
    assert (await rest.http.get(f"/process-instances/{instance}")).json()["state"] == "COMPLETED"


async def test_resolving_twice_or_an_unknown_incident_is_not_found(rest: RestEnv) -> None:
    await rest.deploy("expense-approval.bpmn")
    _, job_key = await _failed_payment(rest, 10)
    incident_key = (await _search(rest, {}))["items"][0]["incidentKey"]
    await rest.engine.update_job_retries(job_key, 1)
    assert (await rest.http.post(f"/incidents/{incident_key}/resolution", json={})).status_code == 204
    again = await rest.http.post(f"/incidents/{incident_key}/resolution")
    assert again.status_code == 404
    assert again.json()["title"] == "NOT_FOUND"
    assert (await rest.http.get("/incidents/424242")).status_code == 404


async def test_incident_search_filter_sort_page(rest: RestEnv) -> None:
    await rest.deploy("expense-approval.bpmn")
    instances = []
    for amount in (10, 20, 30):
        instance, _ = await _failed_payment(rest, amount)
        instances.append(instance)
        rest.clock.advance(dt.timedelta(minutes=1))
    by_message = await _search(rest, {"filter": {"errorMessage": {"$like": "*refused 2?"}}})
    assert [item["processInstanceKey"] for item in by_message["items"]] == [instances[1]]
    newest = await _search(
        rest,
        {
            "filter": {"state": "ACTIVE", "errorType": "JOB_NO_RETRIES"},
            "sort": [{"field": "creationTime", "order": "DESC"}],
            "page": {"limit": 2},
        },
    )
    assert [item["processInstanceKey"] for item in newest["items"]] == [instances[2], instances[1]]
    assert newest["page"]["totalItems"] == 3
    by_instance = await rest.http.post(f"/process-instances/{instances[0]}/incidents/search", json={})
    assert [item["errorMessage"] for item in by_instance.json()["items"]] == ["bank refused 10"]
    since = await _search(rest, {"filter": {"creationTime": {"$gt": "2025-01-01T00:00:30Z"}}})
    assert since["page"]["totalItems"] == 2
