"""Flowable start-process end to end: handler -> real client -> HTTP -> Flowable emulator on 127.0.0.1."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from sandbox import Sandbox
from workers.integrations._http import Tuning, settings_from_environment
from workers.integrations.flowable import FlowableClient, FlowableSettings, flowable, flowable_clients
from workers.testing import JobEnvironment

CANARY = "flowable-canary-pass-93c1"
JOB: dict[str, Any] = {
    "bpmn_process_id": "lead-intake",
    "process_instance_key": 51,
    "element_instance_key": 52,
}


def instances(sandbox: Sandbox) -> list[dict[str, Any]]:
    return list(sandbox.state("flowable")["state"]["processInstances"])


async def test_starts_an_instance_with_typed_variables_and_the_job_key_as_business_key(
    start_sandbox: Any,
) -> None:
    sandbox: Sandbox = await start_sandbox("flowable")
    variables = {
        "flowableProcessKey": "leadIntake",
        "flowableVariables": {"email": "a@b.test", "score": 7, "lead": {"id": 1}},
    }
    outcome = await JobEnvironment().run(flowable, "flowable.start-process", variables=variables, **JOB)
    assert outcome.kind == "completed", outcome.message
    assert outcome.variables["flowableProcessInstanceStarted"] is True
    [started] = instances(sandbox)
    assert started["id"] == outcome.variables["flowableProcessInstanceId"]
    assert started["businessKey"] == "lead-intake/51/52/flowable.start-process"
    assert "a@b.test" in str(started) and "score" in str(started)


async def test_a_rerun_finds_the_instance_it_started(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("flowable")
    variables = {"flowableProcessKey": "leadIntake", "businessKey": "hubspot-12345"}
    first = await JobEnvironment().run(flowable, "flowable.start-process", variables=variables)
    # Another worker without the first one's idempotency store: Flowable's business key still deduplicates.
    second = await JobEnvironment().run(flowable, "flowable.start-process", variables=variables)
    assert first.variables["flowableProcessInstanceStarted"] is True
    assert second.variables == {**first.variables, "flowableProcessInstanceStarted": False}
    assert len(instances(sandbox)) == 1


async def test_an_unknown_definition_is_an_incident_with_flowables_reason(start_sandbox: Any) -> None:
    await start_sandbox("flowable")
    outcome = await JobEnvironment().run(
        flowable, "flowable.start-process", variables={"flowableProcessKey": "nope"}
    )
    assert outcome.is_incident
    assert (
        outcome.message is not None
        and "Flowable process-instances.create answered HTTP 400" in outcome.message
    )
    assert "nope" in outcome.message


class LoseFirstAnswerToPost(httpx.AsyncBaseTransport):
    """Delivers every request to the emulator, but replaces the answer to the first POST by a 502."""

    def __init__(self) -> None:
        self._network = httpx.AsyncHTTPTransport()
        self.lost = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._network.handle_async_request(request)
        if request.method == "POST" and not self.lost:
            self.lost += 1
            await response.aread()
            return httpx.Response(502, json={"message": "Bad gateway", "exception": "proxy lost the answer"})
        return response

    async def aclose(self) -> None:
        await self._network.aclose()


async def test_a_start_whose_answer_was_lost_is_not_repeated_and_the_retry_finds_it(
    start_sandbox: Any,
) -> None:
    sandbox: Sandbox = await start_sandbox("flowable")
    lossy = LoseFirstAnswerToPost()
    flowable_clients.provide(
        FlowableClient(settings_from_environment(FlowableSettings), tuning=Tuning(transport=lossy))
    )
    variables = {"flowableProcessKey": "leadIntake"}
    env = JobEnvironment()
    failed = await env.run(flowable, "flowable.start-process", variables=variables, retries=3, **JOB)
    assert failed.kind == "failed" and failed.retries == 2
    assert "may have been carried out" in (failed.message or "")
    retried = await env.run(flowable, "flowable.start-process", variables=variables, retries=2, **JOB)
    assert retried.kind == "completed" and retried.variables["flowableProcessInstanceStarted"] is False
    assert [instance["id"] for instance in instances(sandbox)] == [
        retried.variables["flowableProcessInstanceId"]
    ]


async def test_wrong_credentials_are_an_incident_without_the_password(
    start_sandbox: Any, monkeypatch: pytest.MonkeyPatch, captured_logs: Any
) -> None:
    await start_sandbox("flowable")
    monkeypatch.setenv("FLOWABLE_PASSWORD", CANARY)
    outcome = await JobEnvironment().run(
        flowable, "flowable.start-process", variables={"flowableProcessKey": "leadIntake"}
    )
    assert outcome.is_incident and "HTTP 401" in (outcome.message or "")
    assert CANARY not in (outcome.message or "") and CANARY not in captured_logs.text()
