"""OpenAI tasks end to end: handler -> real client -> HTTP -> OpenAI emulator on 127.0.0.1."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from sandbox import Sandbox
from sandbox.openai import OpenAIEmulator, ScriptedReply
from workers.integrations._http import Tuning, settings_from_environment
from workers.integrations.openai import OpenAIClient, OpenAISettings, openai, openai_clients
from workers.testing import JobEnvironment

PAYMENT = {"id": "pi_123", "amount": 990000, "currency": "eur", "receiptEmail": "x@example.com"}
TICKET = {
    "ticketSubject": "Invoice wrong",
    "ticketBody": "My invoice shows the wrong VAT number.",
    "ticketCategories": ["billing", "shipping", "technical"],
}
CANARY = "sk-proj-canary-5d1c0e9f2b7a4c3d"


def model_of(sandbox: Sandbox) -> OpenAIEmulator:
    return sandbox.emulator("openai", OpenAIEmulator)


def completions(sandbox: Sandbox) -> list[int | None]:
    return [
        record.status for record in sandbox.host("openai").requests if record.path == "/v1/chat/completions"
    ]


async def test_payment_analysis_comes_back_as_typed_variables(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("openai")
    verdict = {
        "riskLevel": "high",
        "likelyFraud": True,
        "recommendedAction": "review",
        "summary": "Unusual amount.",
    }
    model_of(sandbox).script(ScriptedReply(content=verdict))
    outcome = await JobEnvironment().run(openai, "openai.analyze-payment", variables={"payment": PAYMENT})
    assert outcome.kind == "completed", outcome.message
    assert outcome.variables == {"paymentAnalysis": verdict, "aiModel": "gpt-4o-mini"}
    request = model_of(sandbox).calls[-1]
    assert "json_schema" in str(request)


async def test_an_unscripted_answer_still_follows_the_strict_schema(start_sandbox: Any) -> None:
    await start_sandbox("openai")
    outcome = await JobEnvironment().run(openai, "openai.analyze-payment", variables={"payment": PAYMENT})
    assert outcome.kind == "completed", outcome.message
    analysis = outcome.variables["paymentAnalysis"]
    assert analysis["riskLevel"] in ("low", "medium", "high")
    assert analysis["recommendedAction"] in ("approve", "review", "reject")


async def test_ticket_category_is_one_of_the_allowed(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("openai")
    model_of(sandbox).script(
        ScriptedReply(content={"category": "billing", "priority": "high", "summary": "VAT."})
    )
    outcome = await JobEnvironment().run(openai, "openai.categorize-ticket", variables=TICKET)
    assert outcome.kind == "completed", outcome.message
    assert outcome.variables["ticketCategory"] == "billing"
    assert outcome.variables["ticketPriority"] == "high"
    unscripted = await JobEnvironment().run(openai, "openai.categorize-ticket", variables=TICKET)
    assert unscripted.variables["ticketCategory"] in TICKET["ticketCategories"]


async def test_a_refusal_is_the_bpmn_error_ai_refused(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("openai")
    model_of(sandbox).script(ScriptedReply(refusal="I can't help with that."))
    outcome = await JobEnvironment().run(openai, "openai.categorize-ticket", variables=TICKET)
    assert outcome.kind == "error_thrown" and outcome.error_code == "AI_REFUSED"
    assert "I can't help with that." in (outcome.message or "")


async def test_a_cut_off_answer_is_transient(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("openai")
    model_of(sandbox).script(ScriptedReply(content='{"category": "bil', finish_reason="length"))
    outcome = await JobEnvironment().run(openai, "openai.categorize-ticket", variables=TICKET, retries=3)
    assert outcome.kind == "failed" and outcome.retries == 2
    assert "cut off" in (outcome.message or "")


async def test_exhausted_quota_is_an_incident_without_retrying(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("openai")
    model_of(sandbox).quota_exhausted = True
    outcome = await JobEnvironment().run(openai, "openai.analyze-payment", variables={"payment": PAYMENT})
    assert outcome.is_incident
    assert outcome.message is not None and "HTTP 429 insufficient_quota" in outcome.message
    assert completions(sandbox) == [429]


async def test_rate_limits_are_waited_out_and_retried(start_sandbox: Any, clock_sleep: Any) -> None:
    sandbox: Sandbox = await start_sandbox("openai")
    sleep = clock_sleep(sandbox)
    openai_clients.provide(
        OpenAIClient(settings_from_environment(OpenAISettings), tuning=Tuning(sleep=sleep))
    )
    sandbox.host("openai").limiter.configure("requests", 1, timedelta(seconds=5))
    env = JobEnvironment()
    await env.run(openai, "openai.analyze-payment", variables={"payment": PAYMENT})
    outcome = await env.run(
        openai, "openai.analyze-payment", variables={"payment": {**PAYMENT, "id": "pi_2"}}
    )
    assert outcome.kind == "completed", outcome.message
    assert completions(sandbox) == [200, 429, 200]
    assert sleep.waits and sleep.waits[0] >= 4.0  # retry-after-ms of the 5 s window


async def test_the_api_key_never_reaches_messages_or_logs(
    start_sandbox: Any, monkeypatch: pytest.MonkeyPatch, captured_logs: Any
) -> None:
    await start_sandbox("openai")
    monkeypatch.setenv("OPENAI_API_KEY", CANARY)
    outcome = await JobEnvironment().run(openai, "openai.analyze-payment", variables={"payment": PAYMENT})
    assert outcome.is_incident and "HTTP 401" in (outcome.message or "")
    assert CANARY not in (outcome.message or "") and CANARY not in captured_logs.text()
