from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest

from sandbox import Sandbox, run_sandbox
from sandbox._common import FaultInjector, FaultSettings


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with run_sandbox(["hubspot", "stripe"]) as running:
        yield running


def hubspot_client(sandbox: Sandbox) -> httpx.AsyncClient:
    environment = sandbox.environment()
    return httpx.AsyncClient(
        base_url=environment["HUBSPOT_BASE_URL"],
        headers={"Authorization": f"Bearer {environment['HUBSPOT_TOKEN']}"},
    )


async def test_injected_errors_use_the_apis_own_error_shape(sandbox: Sandbox) -> None:
    async with hubspot_client(sandbox) as client:
        changed = await client.put("/__sandbox/faults", json={"fail_next": 2, "error_status": 503})
        assert changed.json()["fail_next"] == 2
        for _ in range(2):
            failed = await client.get("/crm/v3/objects/contacts")
            assert failed.status_code == 503
            assert failed.json()["status"] == "error" and "correlationId" in failed.json()
        assert (await client.get("/crm/v3/objects/contacts")).status_code == 200
    environment = sandbox.environment()
    async with httpx.AsyncClient(base_url=environment["STRIPE_BASE_URL"]) as stripe:
        await stripe.put("/__sandbox/faults", json={"error_rate": 1.0})
        failed = await stripe.get("/v1/customers", auth=(environment["STRIPE_API_KEY"], ""))
        assert failed.status_code == 500
        assert failed.json()["error"]["type"] == "api_error"
    assert sandbox.state("stripe")["faults"]["injected"]["error"] == 1


async def test_connection_resets_drop_the_connection_without_an_answer(sandbox: Sandbox) -> None:
    async with hubspot_client(sandbox) as client:
        await client.put("/__sandbox/faults", json={"fail_next": 1, "fail_next_action": "reset"})
        with pytest.raises(httpx.TransportError):
            await client.get("/crm/v3/objects/contacts")
        assert (await client.get("/crm/v3/objects/contacts")).status_code == 200
    records = sandbox.host("hubspot").requests
    assert [record.fault for record in records] == ["reset", None]


async def test_latency_is_configurable_and_reset_clears_faults(sandbox: Sandbox) -> None:
    async with hubspot_client(sandbox) as client:
        answer = await client.put("/__sandbox/faults", json={"latency_ms": 5, "latency_jitter_ms": 1})
        assert answer.json()["latency_ms"] == 5
        assert (await client.get("/crm/v3/objects/contacts")).status_code == 200
        await client.post("/__sandbox/reset")
        assert (await client.get("/__sandbox/faults")).json()["latency_ms"] == 0


async def test_invalid_fault_settings_are_rejected(sandbox: Sandbox) -> None:
    async with hubspot_client(sandbox) as client:
        assert (await client.put("/__sandbox/faults", json={"error_rate": 2})).status_code == 400
        assert (await client.put("/__sandbox/faults", json={"bogus": 1})).status_code == 400
        assert (await client.put("/__sandbox/rate-limits", json={"bogus": None})).status_code == 400


async def test_rate_limits_switch_at_run_time(sandbox: Sandbox) -> None:
    async with hubspot_client(sandbox) as client:
        configured = await client.put("/__sandbox/rate-limits", json={"ten_secondly": {"limit": 2}})
        assert configured.json()["ten_secondly"] == {"limit": 2, "window_ms": 10000}
        statuses = [(await client.get("/crm/v3/objects/contacts")).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        await client.put("/__sandbox/rate-limits", json={"ten_secondly": None})
        assert (await client.get("/crm/v3/objects/contacts")).status_code == 200


async def test_the_clock_moves_rate_limit_windows(sandbox: Sandbox) -> None:
    async with hubspot_client(sandbox) as client:
        await client.put("/__sandbox/rate-limits", json={"ten_secondly": {"limit": 1}})
        assert (await client.get("/crm/v3/objects/contacts")).status_code == 200
        assert (await client.get("/crm/v3/objects/contacts")).status_code == 429
        advanced = await client.post("/__sandbox/clock", json={"advance_ms": 10_001})
        assert advanced.json()["offset_ms"] >= 10_001
        assert (await client.get("/crm/v3/objects/contacts")).status_code == 200


async def test_request_log_lists_api_requests_only(sandbox: Sandbox) -> None:
    async with hubspot_client(sandbox) as client:
        await client.get("/crm/v3/objects/contacts")
        await client.get("/__sandbox/state")
        log = (await client.get("/__sandbox/requests")).json()
    assert [(entry["method"], entry["path"], entry["status"]) for entry in log] == [
        ("GET", "/crm/v3/objects/contacts", 200)
    ]


def test_fault_decisions_follow_the_settings() -> None:
    injector = FaultInjector()
    injector.configure(FaultSettings(error_rate=0.5, reset_rate=0.5, seed=7))
    actions = {injector.decide().action for _ in range(50)}
    assert actions == {"error", "reset"}
    injector.configure(FaultSettings(latency=timedelta(milliseconds=10)))
    decision = injector.decide()
    assert decision.action == "none" and decision.delay == timedelta(milliseconds=10)
    with pytest.raises(ValueError):
        FaultSettings(error_rate=0.7, reset_rate=0.7)


async def test_faults_can_target_one_route(sandbox: Sandbox) -> None:
    async with hubspot_client(sandbox) as client:
        await client.put(
            "/__sandbox/faults",
            json={"error_rate": 1.0, "path_prefix": "/crm/v3/objects/contacts/search", "method": "post"},
        )
        assert (await client.get("/crm/v3/objects/contacts")).status_code == 200
        assert (await client.post("/crm/v3/objects/contacts/search", json={})).status_code == 500


async def test_injected_errors_can_carry_retry_after(sandbox: Sandbox) -> None:
    async with hubspot_client(sandbox) as client:
        await client.put("/__sandbox/faults", json={"fail_next": 1, "error_status": 503, "retry_after_s": 2})
        failed = await client.get("/crm/v3/objects/contacts")
    assert failed.status_code == 503 and failed.headers["Retry-After"] == "2"
