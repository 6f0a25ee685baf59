"""rpa.trigger-bot end to end: handler -> real client -> HTTP -> OpenRPA/OpenFlow emulator on 127.0.0.1."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox import Sandbox
from sandbox.openrpa import OpenRPAEmulator
from workers.integrations.rpa import rpa
from workers.testing import JobEnvironment

JOB: dict[str, Any] = {
    "bpmn_process_id": "invoice-entry",
    "process_instance_key": 61,
    "element_instance_key": 62,
}
CANARY = "openflow-canary-7d2e0c4b91"


def workitems(sandbox: Sandbox) -> list[dict[str, Any]]:
    return list(sandbox.state("openrpa")["state"]["workitems"])


async def test_a_workitem_is_queued_with_the_callback_and_correlation_id(
    start_sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sandbox: Sandbox = await start_sandbox("openrpa")
    sandbox.emulator("openrpa", OpenRPAEmulator).queue("invoice-entry").robot.outcome = "manual"
    monkeypatch.setenv("OPENRPA_CALLBACK_URL", "http://127.0.0.1:9/webhooks/rpa")
    variables = {"rpaQueue": "invoice-entry", "rpaPayload": {"invoiceId": "INV-7"}, "rpaPriority": 1}
    outcome = await JobEnvironment().run(rpa, "rpa.trigger-bot", variables=variables, **JOB)
    assert outcome.kind == "completed", outcome.message
    assert outcome.variables["rpaCorrelationId"] == "invoice-entry/61/62/rpa.trigger-bot"
    [item] = workitems(sandbox)
    assert item["_id"] == outcome.variables["rpaWorkitemId"]
    assert item["correlationId"] == "invoice-entry/61/62/rpa.trigger-bot"
    assert item["callbackUrl"] == "http://127.0.0.1:9/webhooks/rpa"
    assert item["payload"] == {"invoiceId": "INV-7"} and item["priority"] == 1 and item["name"] == "task"


async def test_a_redelivered_job_does_not_queue_a_second_item(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("openrpa")
    sandbox.emulator("openrpa", OpenRPAEmulator).queue("crm-sync").robot.outcome = "manual"
    env = JobEnvironment()
    variables = {"rpaQueue": "crm-sync", "rpaCorrelationId": "bot-run-1"}
    first = await env.run(rpa, "rpa.trigger-bot", variables=variables, **JOB)
    again = await env.run(rpa, "rpa.trigger-bot", variables=variables, **JOB)
    assert first.kind == again.kind == "completed"
    assert again.variables == first.variables and first.variables["rpaCorrelationId"] == "bot-run-1"
    assert len(workitems(sandbox)) == 1


async def test_an_unknown_queue_is_an_incident(start_sandbox: Any) -> None:
    await start_sandbox("openrpa")
    outcome = await JobEnvironment().run(rpa, "rpa.trigger-bot", variables={"rpaQueue": "no-such-queue"})
    assert outcome.is_incident
    assert "OpenRPA workitems.push answered HTTP 404: Work item queue no-such-queue not found" in (
        outcome.message or ""
    )


async def test_the_token_never_reaches_messages_or_logs(
    start_sandbox: Any, monkeypatch: pytest.MonkeyPatch, captured_logs: Any
) -> None:
    await start_sandbox("openrpa")
    monkeypatch.setenv("OPENRPA_TOKEN", CANARY)
    outcome = await JobEnvironment().run(rpa, "rpa.trigger-bot", variables={"rpaQueue": "crm-sync"})
    assert outcome.is_incident and "HTTP 401" in (outcome.message or "")
    assert CANARY not in (outcome.message or "") and CANARY not in captured_logs.text()
