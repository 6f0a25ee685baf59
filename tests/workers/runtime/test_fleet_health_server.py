"""The health server over real HTTP on 127.0.0.1: /healthz, /readyz, /metrics."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from pyzeebe import create_insecure_channel
from pyzeebe.grpc_internals.zeebe_adapter import ZeebeAdapter

from workers.runtime import FleetMetrics, SqliteIdempotencyStore
from workers.runtime._health import HealthServer, ReadinessCheck


async def _serving(
    checks: dict[str, ReadinessCheck], alive: bool = True, metrics: FleetMetrics | None = None
) -> HealthServer:
    server = HealthServer(
        host="127.0.0.1",
        port=0,
        registry=(metrics or FleetMetrics()).registry,
        alive=lambda: alive,
        readiness_checks=checks,
    )
    await server.start()
    return server


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


async def _ok() -> None:
    return None


async def test_healthz_reports_liveness(client: httpx.AsyncClient) -> None:
    live, dead = await _serving({}), await _serving({}, alive=False)
    try:
        response = await client.get(f"http://127.0.0.1:{live.port}/healthz")
        assert response.status_code == 200 and response.json() == {"status": "ok"}
        response = await client.get(f"http://127.0.0.1:{dead.port}/healthz")
        assert response.status_code == 503
    finally:
        await live.close()
        await dead.close()


async def test_readyz_is_ready_when_the_store_and_gateway_checks_pass(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    store = SqliteIdempotencyStore(tmp_path / "ready.sqlite3")
    server = await _serving({"gateway": _ok, "idempotency_store": store.ping})
    try:
        response = await client.get(f"http://127.0.0.1:{server.port}/readyz")
        assert response.status_code == 200
        assert response.json() == {"ready": True, "checks": {"gateway": "ok", "idempotency_store": "ok"}}
    finally:
        await server.close()
        await store.close()


async def test_readyz_fails_when_the_gateway_is_unreachable(client: httpx.AsyncClient) -> None:
    channel = create_insecure_channel(grpc_address="127.0.0.1:9")  # nothing listens on the discard port
    adapter = ZeebeAdapter(channel, max_connection_retries=-1)

    async def gateway() -> None:
        await adapter.topology()

    server = await _serving({"gateway": gateway, "idempotency_store": _ok})
    try:
        response = await client.get(f"http://127.0.0.1:{server.port}/readyz")
        assert response.status_code == 503
        body = response.json()
        assert body["ready"] is False and body["checks"]["idempotency_store"] == "ok"
        assert body["checks"]["gateway"] != "ok"
    finally:
        await server.close()
        await channel.close()


async def test_a_hanging_check_times_out(client: httpx.AsyncClient) -> None:
    async def hang() -> None:
        await asyncio.sleep(60)

    server = HealthServer(
        host="127.0.0.1",
        port=0,
        registry=FleetMetrics().registry,
        alive=lambda: True,
        readiness_checks={"slow": hang},
        check_timeout=timedelta(milliseconds=50),
    )
    await server.start()
    try:
        response = await client.get(f"http://127.0.0.1:{server.port}/readyz")
        assert response.status_code == 503 and "timed out" in response.json()["checks"]["slow"]
    finally:
        await server.close()


async def test_metrics_are_exposed_in_prometheus_format(client: httpx.AsyncClient) -> None:
    metrics = FleetMetrics()
    metrics.jobs_completed.labels("crm.create-contact").inc(3)
    metrics.jobs_capacity.labels("crm.create-contact").set(8)
    server = await _serving({}, metrics=metrics)
    try:
        response = await client.get(f"http://127.0.0.1:{server.port}/metrics")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/plain")
        assert 'fleet_jobs_completed_total{task_type="crm.create-contact"} 3.0' in response.text
        assert 'fleet_jobs_capacity{task_type="crm.create-contact"} 8.0' in response.text
    finally:
        await server.close()


async def test_unknown_paths_and_methods(client: httpx.AsyncClient) -> None:
    server = await _serving({})
    try:
        assert (await client.get(f"http://127.0.0.1:{server.port}/nope")).status_code == 404
        assert (await client.post(f"http://127.0.0.1:{server.port}/healthz")).status_code == 405
    finally:
        await server.close()
