import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from webhook_receiver import Receiver

from sandbox import Sandbox, run_sandbox
from sandbox.openrpa import OpenRPAEmulator


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with run_sandbox(["openrpa"], webhook_retry_delays=(timedelta(milliseconds=20),)) as running:
        yield running


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    environment = sandbox.environment()
    async with httpx.AsyncClient(
        base_url=environment["OPENRPA_BASE_URL"],
        headers={"Authorization": f"Bearer {environment['OPENRPA_TOKEN']}"},
    ) as http:
        yield http


def workitem(receiver: Receiver, **extra: object) -> dict[str, object]:
    return {
        "wiq": "invoice-entry",
        "name": "Invoice 42",
        "payload": {"invoiceId": 42},
        "callbackUrl": receiver.url,
        "correlationId": "run-42",
        **extra,
    }


async def test_the_robot_finishes_and_calls_back_signed(
    sandbox: Sandbox, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    pushed = await client.post("/api/workitems", json=workitem(receiver))
    assert pushed.status_code == 201
    item = pushed.json()
    assert item["state"] == "new" and item["wiq"] == "invoice-entry" and item["priority"] == 2
    (callback,) = await receiver.wait_for(1)
    secret = sandbox.credentials["openrpa"]["callback_secret"]
    expected = "sha256=" + hmac.new(secret.encode(), callback.body, hashlib.sha256).hexdigest()
    assert callback.headers["x-openrpa-signature"] == expected
    result = json.loads(callback.body)
    assert result["state"] == "successful" and result["correlationId"] == "run-42"
    assert result["payload"] == {"invoiceId": 42, "botStatus": "done"}
    assert (await client.get(f"/api/workitems/{item['_id']}")).json()["state"] == "successful"


async def test_application_errors_are_retried_then_fail(
    sandbox: Sandbox, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    queue = sandbox.emulator("openrpa", OpenRPAEmulator).queue("invoice-entry")
    queue.max_retries, queue.retry_delay = 2, timedelta(milliseconds=10)
    queue.robot.outcome, queue.robot.duration = "application_error", timedelta(milliseconds=5)
    await client.post("/api/workitems", json=workitem(receiver))
    (callback,) = await receiver.wait_for(1)
    result = json.loads(callback.body)
    assert result["state"] == "failed" and result["errortype"] == "application" and result["retries"] == 2


async def test_business_errors_fail_at_once(
    sandbox: Sandbox, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    admin = sandbox.origins["openrpa"]
    configured = await client.put(
        f"{admin}/__sandbox/openrpa/queues/invoice-entry",
        json={"robot": {"outcome": "business_error", "errormessage": "Vendor unknown", "duration_ms": 5}},
    )
    assert configured.json()["robot"]["outcome"] == "business_error"
    await client.post("/api/workitems", json=workitem(receiver))
    (callback,) = await receiver.wait_for(1)
    result = json.loads(callback.body)
    assert (result["state"], result["errortype"], result["errormessage"], result["retries"]) == (
        "failed",
        "business",
        "Vendor unknown",
        0,
    )


async def test_manual_mode_waits_for_the_admin_to_finish(
    sandbox: Sandbox, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    sandbox.emulator("openrpa", OpenRPAEmulator).queue("invoice-entry").robot.outcome = "manual"
    item = (await client.post("/api/workitems", json=workitem(receiver))).json()
    admin = sandbox.origins["openrpa"]
    finished = await client.post(
        f"{admin}/__sandbox/openrpa/workitems/{item['_id']}/complete",
        json={"state": "successful", "payload": {"total": "99.00"}},
    )
    assert finished.status_code == 200
    (callback,) = await receiver.wait_for(1)
    assert json.loads(callback.body)["payload"] == {"invoiceId": 42, "total": "99.00"}
    again = await client.post(f"{admin}/__sandbox/openrpa/workitems/{item['_id']}/complete", json={})
    assert again.status_code == 409


async def test_pushes_are_validated(sandbox: Sandbox, client: httpx.AsyncClient, receiver: Receiver) -> None:
    async with httpx.AsyncClient(base_url=sandbox.base_urls["openrpa"]) as anonymous:
        assert (await anonymous.post("/api/workitems", json=workitem(receiver))).status_code == 401
    unknown = await client.post("/api/workitems", json=workitem(receiver, wiq="nope"))
    assert unknown.status_code == 404 and "nope" in unknown.json()["message"]
    assert (await client.post("/api/workitems", json=workitem(receiver, payload=[1]))).status_code == 400
    assert (
        await client.post("/api/workitems", json=workitem(receiver, callbackUrl="ftp://x"))
    ).status_code == 400


async def test_unknown_queue_settings_are_refused(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    admin = sandbox.origins["openrpa"]
    refused = await client.put(f"{admin}/__sandbox/openrpa/queues/invoice-entry", json={"outcome": "manual"})
    assert refused.status_code == 400
    assert "unknown queue settings outcome" in refused.json()["error"]
    queue = await client.put(f"{admin}/__sandbox/openrpa/queues/invoice-entry", json={})
    assert queue.json()["robot"]["outcome"] == "success"
