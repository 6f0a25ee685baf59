"""Structured logging: every log line of a job carries its identity."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import httpx
import pytest

from workers import Integration
from workers.runtime import FleetMetrics, FleetSettings, default_interceptors
from workers.testing import JobEnvironment

crm = Integration("hubspot", group="crm")


def _http_error(status: int, headers: dict[str, str] | None = None, body: str = "") -> httpx.HTTPStatusError:
    request = httpx.Request("POST", "https://api.example.test/v3/contacts?token=secret")
    response = httpx.Response(status, headers=headers, text=body, request=request)
    return httpx.HTTPStatusError(f"status {status}", request=request, response=response)


@crm.task("crm.contract-error")
async def contract_error() -> None:
    raise _http_error(422, body='{"message": "email is malformed"}')


async def test_logs_are_bound_to_the_job(captured_logs: list[MutableMapping[str, Any]]) -> None:
    env = JobEnvironment()
    job = env.make_job(
        "crm.contract-error", bpmn_process_id="lead-intake", element_id="CreateContact", retries=4
    )
    await env.run(crm, "crm.contract-error", job=job)
    failed = [entry for entry in captured_logs if entry["event"] == "job.failed"]
    assert len(failed) == 1
    entry = failed[0]
    assert entry["job_key"] == job.key
    assert entry["task_type"] == "crm.contract-error"
    assert entry["process_instance_key"] == job.process_instance_key
    assert entry["bpmn_process_id"] == "lead-intake"
    assert entry["element_id"] == "CreateContact"
    assert entry["retries"] == 4
    assert entry["kind"] == "permanent"


@crm.task("crm.noop")
async def noop() -> dict[str, str]:
    return {}


async def test_successful_jobs_are_logged_at_debug_unless_completions_are_asked_for(
    captured_logs: list[MutableMapping[str, Any]],
) -> None:
    quiet = JobEnvironment()
    await quiet.run(crm, "crm.noop")
    loud_metrics = FleetMetrics()
    loud = JobEnvironment(
        metrics=loud_metrics,
        interceptors=default_interceptors(metrics=loud_metrics, store=quiet.store, log_job_completions=True),
    )
    job = loud.make_job("crm.noop")
    await loud.run(crm, "crm.noop", job=job)
    completed = [
        (entry["log_level"], entry["job_key"]) for entry in captured_logs if entry["event"] == "job.completed"
    ]
    assert [level for level, _ in completed] == ["debug", "info"]
    assert completed[1][1] == job.key


def test_log_job_completions_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLEET_LOG_JOB_COMPLETIONS", "true")
    assert FleetSettings().log_job_completions is True
    monkeypatch.delenv("FLEET_LOG_JOB_COMPLETIONS")
    assert FleetSettings().log_job_completions is False
