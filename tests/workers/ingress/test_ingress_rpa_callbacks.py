"""POST /webhooks/rpa: the OpenRPA emulator's signed callbacks become rpa.bot-finished messages."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from ingress_support import RecordingPublisher, asgi_client, ingress_settings, is_problem, serving
from pydantic import SecretStr

from sandbox import Sandbox, run_sandbox
from sandbox.openrpa import OpenRPAEmulator, callback_signature
from workers.ingress import create_app


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with run_sandbox(["openrpa"], webhook_retry_delays=(timedelta(milliseconds=20),)) as running:
        yield running


async def _push(sandbox: Sandbox, item: dict[str, object]) -> dict[str, object]:
    environment = sandbox.environment()
    async with httpx.AsyncClient(
        base_url=environment["OPENRPA_BASE_URL"],
        headers={"Authorization": f"Bearer {environment['OPENRPA_TOKEN']}"},
    ) as openrpa:
        pushed = await openrpa.post("/api/workitems", json=item)
    assert pushed.status_code == 201
    document: dict[str, object] = pushed.json()
    return document


async def test_a_finished_workitem_calls_back_and_is_published(sandbox: Sandbox) -> None:
    secret = sandbox.credentials["openrpa"]["callback_secret"]
    publisher = RecordingPublisher()
    settings = ingress_settings(openrpa_callback_secret=SecretStr(secret))
    async with serving(create_app(settings, publisher)) as ingress_url:
        item = await _push(
            sandbox,
            {
                "wiq": "invoice-entry",
                "name": "Invoice 42",
                "payload": {"invoiceId": 42},
                "callbackUrl": f"{ingress_url}/webhooks/rpa",
                "correlationId": "approval-7",
            },
        )
        await publisher.wait_for(1)
    [message] = publisher.messages
    assert message.name == "rpa.bot-finished" and message.correlation_key == "approval-7"
    assert message.message_id == f"rpa:{item['_id']}:successful"
    assert message.variables["rpaCorrelationId"] == "approval-7"
    assert message.variables["rpaWorkitemId"] == item["_id"] and message.variables["rpaState"] == "successful"
    assert message.variables["rpaResult"]["invoiceId"] == 42 and message.variables["rpaError"] is None


async def test_a_failed_workitem_carries_its_error(sandbox: Sandbox) -> None:
    emulator = sandbox.emulator("openrpa", OpenRPAEmulator)
    emulator.queue("crm-sync").robot.outcome = "business_error"
    publisher = RecordingPublisher()
    settings = ingress_settings(openrpa_callback_secret=SecretStr(emulator.callback_secret))
    async with serving(create_app(settings, publisher)) as ingress_url:
        await _push(
            sandbox,
            {"wiq": "crm-sync", "name": "Sync", "payload": {}, "callbackUrl": f"{ingress_url}/webhooks/rpa",
             "correlationId": "run-9"},
        )  # fmt: skip
        await publisher.wait_for(1)
    variables = publisher.messages[0].variables
    assert variables["rpaState"] == "failed" and variables["rpaError"] == "The robot failed"


async def test_callbacks_signed_with_another_secret_are_refused_on_every_retry(sandbox: Sandbox) -> None:
    publisher = RecordingPublisher()
    async with serving(create_app(ingress_settings(), publisher)) as ingress_url:
        await _push(
            sandbox,
            {"wiq": "invoice-entry", "name": "x", "payload": {}, "callbackUrl": f"{ingress_url}/webhooks/rpa",
             "correlationId": "run-1"},
        )  # fmt: skip
        for _ in range(500):
            if any(delivery.finished for delivery in sandbox.webhooks.for_source("openrpa")):
                break
            await asyncio.sleep(0.02)
    [delivery] = sandbox.webhooks.for_source("openrpa")
    assert [attempt.status for attempt in delivery.attempts] == [401, 401]
    assert publisher.messages == []


async def test_a_callback_without_correlation_id_is_ignored_and_bad_ones_refused() -> None:
    settings = ingress_settings()
    secret = settings.openrpa_callback_secret
    assert secret is not None
    publisher = RecordingPublisher()

    def signed(document: object) -> tuple[bytes, dict[str, str]]:
        body = json.dumps(document).encode()
        return body, {"X-OpenRPA-Signature": callback_signature(secret.get_secret_value(), body)}

    async with asgi_client(create_app(settings, publisher)) as http:
        body, headers = signed({"workitemId": "w1", "state": "successful", "correlationId": None})
        ignored = await http.post("/webhooks/rpa", content=body, headers=headers)
        body, headers = signed({"state": "successful", "correlationId": "c"})
        invalid = await http.post("/webhooks/rpa", content=body, headers=headers)
        unsigned = await http.post("/webhooks/rpa", content=body)
    assert ignored.status_code == 200 and ignored.json()["status"] == "ignored"
    assert is_problem(invalid, 422, "invalid-payload") and "workitemId" in invalid.json()["detail"]
    assert is_problem(unsigned, 401, "missing-signature")
    assert publisher.messages == []
