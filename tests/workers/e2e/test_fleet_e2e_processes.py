"""The fleet against a zeebe_lite *subprocess* (``python -m zeebe_lite serve``): gateway restarts, readiness,
graceful shutdown of a ``fleet run`` process on SIGTERM, and secrets kept out of the output."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from fleet_e2e_support import (
    MODEL,
    POSTGRES_URL,
    PROCESS_ID,
    EffectLedger,
    FleetProcess,
    HttpRequest,
    LocalHttpServer,
    ZeebeLiteProcess,
    eventually,
    eventually_async,
    fleet_settings,
    postgres_schema,
    readiness,
    running,
    subprocess_environment,
)
from pyzeebe import ZeebeClient, create_insecure_channel

from workers.runtime import Integration, WorkerApp
from zeebe_lite.records import JobIntent, ValueType
from zeebe_lite.testing import free_port


async def _deploy_and_start(address: str, variables: list[dict[str, Any]]) -> list[int]:
    channel = create_insecure_channel(grpc_address=address)
    try:
        client = ZeebeClient(channel)
        await client.deploy_resource(str(MODEL))
        keys = []
        for values in variables:
            created = await client.run_process(PROCESS_ID, {"retries": 3, **values})
            keys.append(created.process_instance_key)
        return keys
    finally:
        await channel.close()


async def test_the_worker_rides_out_a_gateway_restart_and_readiness_follows_the_gateway(
    tmp_path: Path,
) -> None:
    server = ZeebeLiteProcess(tmp_path / "engine")
    await server.start()
    crm = Integration("crm", group="crm")
    calls: list[str] = []
    entered, release = asyncio.Event(), asyncio.Event()

    @crm.task("e2e.restart", timeout=timedelta(seconds=3), deadline_margin=timedelta(milliseconds=100))
    async def restart(name: str, hold: bool) -> dict[str, str]:
        calls.append(name)
        if hold:
            entered.set()
            await release.wait()
        return {"handled": name}

    app = WorkerApp(fleet_settings(server.address, tmp_path), [crm])
    try:
        async with running(app):
            assert app.health is not None
            port = app.health.port
            [before] = await _deploy_and_start(
                server.address, [{"jobType": "e2e.restart", "name": "before", "hold": False}]
            )
            await server.assert_that(before).is_completed()
            assert (await readiness(port))[0] == 200

            [held] = await _deploy_and_start(
                server.address, [{"jobType": "e2e.restart", "name": "held", "hold": True}]
            )
            await asyncio.wait_for(entered.wait(), 15)
            await server.stop()

            async def not_ready() -> bool:
                status, body = await readiness(port)
                return (
                    status == 503
                    and body["checks"]["gateway"] != "ok"
                    and body["checks"]["idempotency_store"] == "ok"
                )

            await eventually_async(not_ready, what="/readyz reporting the gateway down")
            release.set()  # the result is recorded, but CompleteJob cannot reach the gateway
            await asyncio.sleep(0.5)

            await server.start()  # same data directory, same port
            await eventually_async(lambda: _ready(port), within=30, what="/readyz ready again")
            # The held job times out on the engine and comes back; the recorded result is replayed.
            await server.assert_that(held, timeout=30).is_completed()
            await server.assert_that(held).has_variable("handled", "held")
            [after] = await _deploy_and_start(
                server.address, [{"jobType": "e2e.restart", "name": "after", "hold": False}]
            )
            await server.assert_that(after).is_completed()
            assert app.supervisor is not None and not app.supervisor.stopping
    finally:
        await server.stop()
    assert sorted(calls) == ["after", "before", "held"], "the held job's handler ran once"
    assert len(server.records().of_type(ValueType.JOB).with_intent(JobIntent.TIMED_OUT)) == 1
    assert (
        app.metrics.registry.get_sample_value("fleet_idempotency_replays_total", {"task_type": "e2e.restart"})
        == 1
    )


async def _ready(port: int) -> bool:
    try:
        return (await readiness(port))[0] == 200
    except OSError:
        return False


def _fleet_environment(
    server: ZeebeLiteProcess, tmp_path: Path, effects_url: str, **extra: str
) -> dict[str, str]:
    settings = {
        "ZEEBE_ADDRESS": server.address,
        "FLEET_CHANNEL": "insecure",
        "FLEET_HEALTH_HOST": "127.0.0.1",
        "FLEET_HEALTH_PORT": str(free_port()),
        "FLEET_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite3'}",
        "FLEET_REQUEST_TIMEOUT": "1",
        "FLEET_RECONNECT_BACKOFF_MAX": "0.5",
        "FLEET_LOG_FORMAT": "json",
        "E2E_EFFECT_URL": effects_url,
    }
    return subprocess_environment(**{**settings, **extra})


def _events(output: str) -> list[dict[str, Any]]:
    events = []
    for line in output.splitlines():
        if line.startswith("{"):
            events.append(json.loads(line))
    return events


async def test_sigterm_drains_jobs_in_flight_and_the_unfinished_ones_are_redelivered(tmp_path: Path) -> None:
    server = ZeebeLiteProcess(tmp_path / "engine")
    await server.start()
    ledger = EffectLedger()
    try:
        async with LocalHttpServer(ledger) as effects:
            short = [{"jobType": "e2e.slow", "seconds": 1.0} for _ in range(3)]
            long = [{"jobType": "e2e.slow", "seconds": 60.0} for _ in range(2)]
            keys = await _deploy_and_start(server.address, short + long)
            environment = _fleet_environment(server, tmp_path, effects.url, FLEET_SHUTDOWN_GRACE="2")
            first = FleetProcess(
                tmp_path / "first.log", environment, "--integrations", "fleet_e2e_integrations:SLOW"
            )
            try:
                await eventually(lambda: len(ledger.attempts) == 5, within=30, what="all five jobs in flight")
                first.terminate()
                assert await first.exit_code(within=30) == 0, first.output()
            finally:
                first.kill()
            output = first.output()
            events = [event["event"] for event in _events(output)]
            assert "fleet.shutting_down" in events and events[-1] == "fleet.stopped", output
            [incomplete] = [event for event in _events(output) if event["event"] == "worker.drain_incomplete"]
            assert incomplete["jobs_in_flight"] == 2
            for key in keys[:3]:
                await server.assert_that(key).is_completed()
                await server.assert_that(key).has_variable("sleptBy", first.process.pid)
            for key in keys[3:]:
                await server.assert_that(key).is_waiting_at("work")

            second = FleetProcess(
                tmp_path / "second.log",
                {**environment, "E2E_FAST": "1"},
                "--integrations",
                "fleet_e2e_integrations:SLOW",
            )
            try:
                for key in keys[3:]:
                    await server.assert_that(key, timeout=30).is_completed()
                    await server.assert_that(key).has_variable("sleptBy", second.process.pid)
                second.terminate()
                assert await second.exit_code(within=30) == 0, second.output()
            finally:
                second.kill()
    finally:
        await server.stop()
    assert len(ledger.attempts) == 5
    assert sorted(ledger.attempts.values()) == [1, 1, 1, 2, 2], "only the abandoned jobs were started again"
    assert len(server.records().of_type(ValueType.JOB).with_intent(JobIntent.TIMED_OUT)) == 2


CANARIES = {
    "ZEEBE_CLIENT_SECRET": "canary-zeebe-secret-8d1f3c",
    "HUBSPOT_TOKEN": "canary-hubspot-token-5b2e9a",
    "db_password": "canary-db-password-1c7d4e",
}


def _assert_no_canary(text: str, where: str) -> None:
    for name, canary in CANARIES.items():
        assert canary not in text, f"{name} leaked into {where}"


async def test_secrets_never_appear_in_the_output_or_error_messages_of_a_fleet_run(tmp_path: Path) -> None:
    server = ZeebeLiteProcess(tmp_path / "engine")
    await server.start()

    def hubspot_rejects(request: HttpRequest) -> tuple[int, dict[str, Any]]:
        if request.path.startswith("/token"):
            return 401, {"error": "invalid_client", "error_description": "Bad client credentials"}
        return 401, {
            "status": "error",
            "message": "Authentication credentials not found.",
            "category": "INVALID_AUTHENTICATION",
        }

    try:
        with postgres_schema() as schema:
            async with LocalHttpServer(hubspot_rejects) as external:
                [instance] = await _deploy_and_start(
                    server.address, [{"jobType": "hubspot.upsert-contact", "email": "ada@example.test"}]
                )
                database_url = POSTGRES_URL.replace("postgres@", f"postgres:{CANARIES['db_password']}@")
                base = _fleet_environment(
                    server,
                    tmp_path,
                    external.url,
                    ZEEBE_CLIENT_ID="fleet",
                    ZEEBE_CLIENT_SECRET=CANARIES["ZEEBE_CLIENT_SECRET"],
                    HUBSPOT_TOKEN=CANARIES["HUBSPOT_TOKEN"],
                    HUBSPOT_BASE_URL=external.url,
                    FLEET_DATABASE_URL=database_url,
                    FLEET_IDEMPOTENCY_SCHEMA=schema,
                    FLEET_LOG_LEVEL="DEBUG",
                )
                outputs: dict[str, str] = {}
                # 1. Insecure channel (the secret is set but unused): HubSpot rejects the token -> an incident.
                worker = FleetProcess(tmp_path / "insecure.log", base, "--group", "crm")
                try:
                    await server.assert_that(instance, timeout=30).has_incident("JOB_NO_RETRIES")
                    worker.terminate()
                    assert await worker.exit_code(within=30) == 0
                finally:
                    worker.kill()
                outputs["insecure run"] = worker.output()
                # 2. OAuth channel (TLS to a plaintext gateway, a token endpoint that rejects the client): it
                #    fails to connect and keeps retrying.
                oauth = {
                    **base,
                    "FLEET_CHANNEL": "oauth",
                    "ZEEBE_AUTHORIZATION_SERVER_URL": external.url + "/token",
                }
                worker = FleetProcess(tmp_path / "oauth.log", oauth, "--group", "crm")
                try:
                    await eventually(
                        lambda: "gateway.poll_failed" in worker.output(), within=30, what="a failed poll"
                    )
                    worker.terminate()
                    assert await worker.exit_code(within=30) == 0
                finally:
                    worker.kill()
                outputs["oauth run"] = worker.output()
                # 3. An invalid setting: the settings error lists problems, never values.
                invalid = FleetProcess(
                    tmp_path / "invalid.log", {**base, "FLEET_MAX_RUNNING_JOBS": "0"}, "--group", "crm"
                )
                assert await invalid.exit_code(within=30) == 2
                outputs["settings error"] = invalid.output()
    finally:
        await server.stop()
    assert "FLEET_MAX_RUNNING_JOBS" in outputs["settings error"]
    assert "job.failed" in outputs["insecure run"], outputs["insecure run"]
    for where, text in outputs.items():
        _assert_no_canary(text, where)
    for record in server.records().of_type(ValueType.JOB):
        _assert_no_canary(record.value.error_message, "a job's error message")
    for record in server.records().of_type(ValueType.INCIDENT):
        _assert_no_canary(record.value.error_message, "an incident message")
    requests_with_token = [
        r for r in external.requests if r.headers.get("authorization", "").endswith(CANARIES["HUBSPOT_TOKEN"])
    ]
    assert requests_with_token, "the HubSpot token was really used"
