"""The whole runtime (WorkerApp) against an in-process gateway double over real gRPC on 127.0.0.1.

The double (fleet_gateway_double.py) only hands out queued jobs and records commands; process semantics are tested
later against zeebe_lite's gateway.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
from fleet_gateway_double import FakeGateway, serve
from pydantic import SecretStr
from pyzeebe import create_insecure_channel

from workers import BpmnError, PermanentError
from workers.runtime import (
    ExecuteJobInput,
    FleetMetrics,
    FleetSettings,
    IdempotencyStore,
    Integration,
    Interceptor,
    JobInterceptor,
    default_interceptors,
)
from workers.runtime._app import WorkerApp


class Concurrency:
    def __init__(self) -> None:
        self.current = 0
        self.peak = 0

    async def hold(self, seconds: float) -> None:
        self.current += 1
        self.peak = max(self.peak, self.current)
        try:
            await asyncio.sleep(seconds)
        finally:
            self.current -= 1


@pytest.fixture
async def gateway() -> AsyncIterator[tuple[FakeGateway, str]]:
    servicer = FakeGateway()  # type: ignore[abstract]  # grpc's stub marks every RPC abstract
    server, address = await serve(servicer)
    yield servicer, address
    await server.stop(grace=None)


def _settings(address: str, tmp_path: Path, **overrides: Any) -> FleetSettings:
    values: dict[str, Any] = {
        "zeebe_address": address,
        "health_host": "127.0.0.1",
        "health_port": 0,
        "database_url": SecretStr(f"sqlite:///{tmp_path / 'fleet.sqlite3'}"),
        "request_timeout": timedelta(seconds=1),
        "reconnect_backoff_initial": timedelta(milliseconds=10),
        "reconnect_backoff_max": timedelta(milliseconds=50),
        "shutdown_grace": timedelta(seconds=5),
        "worker_name": "test-worker",
    }
    values.update(overrides)
    return FleetSettings.model_validate(values)


async def _until(condition: Callable[[], bool]) -> None:
    async with asyncio.timeout(15):
        while not condition():  # noqa: ASYNC110 - polls state of the test double
            await asyncio.sleep(0.01)


async def _start(app: WorkerApp) -> asyncio.Task[int]:
    running = asyncio.create_task(app.run())
    await asyncio.wait_for(app.started(), 10)
    return running


async def test_jobs_are_activated_handled_and_completed(
    gateway: tuple[FakeGateway, str], tmp_path: Path
) -> None:
    fake, address = gateway
    crm = Integration("hubspot", group="crm")

    @crm.task("crm.create-contact")
    async def create_contact(email: str) -> dict[str, str]:
        return {"contactId": f"c-{email}"}

    keys = fake.add_jobs("crm.create-contact", 5, {"email": "a@x.test", "unrelated": 1})
    app = WorkerApp(_settings(address, tmp_path), [crm])
    running = await _start(app)
    await _until(lambda: fake.finished == 5)
    assert fake.recorded.completed == {key: {"contactId": "c-a@x.test"} for key in keys}
    await app.shutdown()
    assert await asyncio.wait_for(running, 10) == 0
    value = app.metrics.registry.get_sample_value
    assert value("fleet_jobs_activated_total", {"task_type": "crm.create-contact"}) == 5.0
    assert value("fleet_jobs_completed_total", {"task_type": "crm.create-contact"}) == 5.0


@pytest.mark.parametrize("stream_enabled", [False, True])
async def test_never_more_jobs_in_flight_than_configured(
    gateway: tuple[FakeGateway, str], tmp_path: Path, stream_enabled: bool
) -> None:
    fake, address = gateway
    concurrency = Concurrency()
    crm = Integration("hubspot", group="crm")

    @crm.task("crm.slow", idempotent=False)
    async def slow() -> None:
        await concurrency.hold(0.05)

    fake.add_jobs("crm.slow", 12)
    fake.polls_return_jobs = not stream_enabled  # with streaming on, every job must come through the stream
    settings = _settings(address, tmp_path, max_running_jobs=2, stream_enabled=stream_enabled)
    app = WorkerApp(settings, [crm])
    running = await _start(app)
    await _until(lambda: fake.finished == 12)
    await app.shutdown()
    await asyncio.wait_for(running, 10)
    assert concurrency.peak == 2
    assert max(fake.requested_max_jobs) <= 2
    assert fake.pushed == (12 if stream_enabled else 0)


async def test_outcomes_reach_the_gateway(gateway: tuple[FakeGateway, str], tmp_path: Path) -> None:
    fake, address = gateway
    payments = Integration("stripe", group="payments")

    @payments.task("payments.charge")
    async def charge(amount: int) -> None:
        if amount > 100:
            raise BpmnError("PAYMENT_REJECTED", "too much")
        if amount < 0:
            raise PermanentError("amount must not be negative: fix the order data")
        raise ConnectionError("card processor unreachable")

    rejected = fake.add_jobs("payments.charge", 1, {"amount": 500})[0]
    invalid = fake.add_jobs("payments.charge", 1, {"amount": -1})[0]
    flaky = fake.add_jobs("payments.charge", 1, {"amount": 5}, retries=3)[0]
    app = WorkerApp(_settings(address, tmp_path), [payments])
    running = await _start(app)
    await _until(lambda: fake.finished == 3)
    await app.shutdown()
    await asyncio.wait_for(running, 10)
    assert fake.recorded.thrown[rejected].errorCode == "PAYMENT_REJECTED"
    assert fake.recorded.failed[invalid].retries == 0
    assert "fix the order data" in fake.recorded.failed[invalid].errorMessage
    assert fake.recorded.failed[flaky].retries == 2
    assert fake.recorded.failed[flaky].retryBackOff > 0


async def test_shutdown_drains_jobs_in_flight_and_stops_activating(
    gateway: tuple[FakeGateway, str], tmp_path: Path
) -> None:
    fake, address = gateway
    started, release = asyncio.Event(), asyncio.Event()
    crm = Integration("hubspot", group="crm")

    @crm.task("crm.wait")
    async def wait() -> dict[str, bool]:
        started.set()
        await release.wait()
        return {"finished": True}

    key = fake.add_jobs("crm.wait", 1)[0]
    app = WorkerApp(_settings(address, tmp_path), [crm])
    running = await _start(app)
    await asyncio.wait_for(started.wait(), 10)
    stopping = asyncio.create_task(app.shutdown())
    await asyncio.sleep(0.2)
    fake.add_jobs("crm.wait", 1)
    await asyncio.sleep(0.3)
    assert not running.done()
    release.set()
    assert await asyncio.wait_for(running, 10) == 0
    await stopping
    assert fake.recorded.completed == {key: {"finished": True}}
    assert len(fake.pending["crm.wait"]) == 1


async def test_grace_period_bounds_the_shutdown(gateway: tuple[FakeGateway, str], tmp_path: Path) -> None:
    fake, address = gateway
    started = asyncio.Event()
    crm = Integration("hubspot", group="crm")

    @crm.task("crm.stuck", timeout=timedelta(minutes=5))
    async def stuck() -> None:
        started.set()
        await asyncio.sleep(3600)

    fake.add_jobs("crm.stuck", 1)
    app = WorkerApp(_settings(address, tmp_path, shutdown_grace=timedelta(milliseconds=200)), [crm])
    running = await _start(app)
    await asyncio.wait_for(started.wait(), 10)
    await app.shutdown()
    assert await asyncio.wait_for(running, 10) == 0
    assert fake.finished == 0


async def test_gateway_errors_back_off_and_the_worker_recovers(
    gateway: tuple[FakeGateway, str], tmp_path: Path
) -> None:
    fake, address = gateway
    fake.activate_failures = [grpc.StatusCode.UNAVAILABLE] * 12 + [grpc.StatusCode.RESOURCE_EXHAUSTED] * 2
    crm = Integration("hubspot", group="crm")

    @crm.task("crm.ping", idempotent=False)
    async def ping() -> dict[str, str]:
        return {"pong": "yes"}

    fake.add_jobs("crm.ping", 3)
    app = WorkerApp(_settings(address, tmp_path), [crm])
    running = await _start(app)
    await _until(lambda: fake.finished == 3)
    await app.shutdown()
    await asyncio.wait_for(running, 10)
    assert fake.activate_calls > 14
    assert app.supervisor is not None and app.supervisor.restarts == 0


@pytest.mark.parametrize("status", [grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED])
async def test_unknown_or_auth_errors_rebuild_the_channel_and_continue(
    gateway: tuple[FakeGateway, str], tmp_path: Path, status: grpc.StatusCode
) -> None:
    fake, address = gateway
    fake.activate_failures = [status, status]
    channels: list[grpc.aio.Channel] = []

    def channel_factory(settings: FleetSettings) -> grpc.aio.Channel:
        channel = create_insecure_channel(grpc_address=settings.zeebe_address)
        channels.append(channel)
        return channel

    crm = Integration("hubspot", group="crm")

    @crm.task("crm.ping", idempotent=False)
    async def ping() -> None:
        return None

    fake.add_jobs("crm.ping", 2)
    app = WorkerApp(_settings(address, tmp_path), [crm], channel_factory=channel_factory)
    running = await _start(app)
    await _until(lambda: fake.finished == 2)
    await app.shutdown()
    assert await asyncio.wait_for(running, 10) == 0
    assert len(channels) == 3
    assert app.supervisor is not None and app.supervisor.restarts == 2


async def test_readiness_uses_topology_and_the_store(
    gateway: tuple[FakeGateway, str], tmp_path: Path
) -> None:
    _, address = gateway
    crm = Integration("hubspot", group="crm")

    @crm.task("crm.ping")
    async def ping() -> None:
        return None

    app = WorkerApp(_settings(address, tmp_path), [crm])
    running = await _start(app)
    assert app.health is not None
    async with httpx.AsyncClient() as client:
        url = f"http://127.0.0.1:{app.health.port}/readyz"
        await _until(lambda: app.supervisor is not None and app.supervisor.current is not None)
        response = await client.get(url)
        assert response.status_code == 200, response.text
        assert response.json()["checks"] == {"gateway": "ok", "idempotency_store": "ok"}
    await app.shutdown()
    await asyncio.wait_for(running, 10)


async def test_the_chain_can_be_extended(gateway: tuple[FakeGateway, str], tmp_path: Path) -> None:
    fake, address = gateway
    seen: list[int] = []

    class Audit(Interceptor):
        def intercept_job(self, next: JobInterceptor) -> JobInterceptor:
            class Link(JobInterceptor):
                async def execute_job(self, input: ExecuteJobInput) -> Any:
                    seen.append(input.job.key)
                    return await self.next.execute_job(input)

            return Link(next)

    def with_audit(*, metrics: FleetMetrics, store: IdempotencyStore) -> list[Interceptor]:
        return [Audit(), *default_interceptors(metrics=metrics, store=store)]

    crm = Integration("hubspot", group="crm")

    @crm.task("crm.audited")
    async def audited() -> dict[str, bool]:
        return {"ok": True}

    keys = fake.add_jobs("crm.audited", 2)
    app = WorkerApp(_settings(address, tmp_path), [crm], interceptors=with_audit)
    running = await _start(app)
    await _until(lambda: fake.finished == 2)
    await app.shutdown()
    await asyncio.wait_for(running, 10)
    assert sorted(seen) == keys


async def test_a_single_slot_task_polls_instead_of_streaming(
    gateway: tuple[FakeGateway, str], tmp_path: Path
) -> None:
    fake, address = gateway
    crm = Integration("hubspot", group="crm")

    @crm.task("crm.one-at-a-time", max_running_jobs=1)
    async def one() -> None:
        return None

    fake.add_jobs("crm.one-at-a-time", 3)
    app = WorkerApp(_settings(address, tmp_path, stream_enabled=True), [crm])
    running = await _start(app)
    await _until(lambda: fake.finished == 3)
    await app.shutdown()
    await asyncio.wait_for(running, 10)
    assert fake.stream_calls == 0 and fake.pushed == 0
