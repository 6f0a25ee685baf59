"""The REST server's life cycle: a durable engine read through its own connection, stop releases the port."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import httpx

from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import AsyncEngine
from zeebe_lite.rest import RestSettings, start_rest_server
from zeebe_lite.rest.keys import parse_key
from zeebe_lite.rest.problems import ApiProblem

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "rest"


async def test_durable_engine_is_searched_through_a_read_only_connection(tmp_path: Path) -> None:
    log_file = tmp_path / "engine.db"
    engine = await AsyncEngine.open(log_file, clock=ManualClock())
    server = await start_rest_server(engine, "127.0.0.1", 0, settings=RestSettings(log_file=log_file))
    try:
        await engine.deploy({"quick-check.bpmn": (FIXTURES / "quick-check.bpmn").read_bytes()})
        async with httpx.AsyncClient(base_url=server.base_url) as http:
            created = await http.post(
                "/process-instances", json={"processDefinitionId": "quick-check", "variables": {"amount": 3}}
            )
            key = created.json()["processInstanceKey"]
            instance = await http.get(f"/process-instances/{key}")
            assert instance.json()["state"] == "COMPLETED"
            score = await http.post("/variables/search", json={"filter": {"name": "score"}})
            assert [item["value"] for item in score.json()["items"]] == ["6"]
    finally:
        await server.stop()
        await engine.close()


async def test_stop_releases_the_port() -> None:
    engine = await AsyncEngine.open(None, clock=ManualClock())
    server = await start_rest_server(engine, "127.0.0.1", 0)
    port = server.port
    assert server.base_url == f"http://127.0.0.1:{port}/v2"
    await server.stop()
    await engine.close()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))


def test_keys_must_be_digits() -> None:
    assert parse_key("2251799813685249", "userTaskKey") == 2251799813685249
    for bad in ("", "-1", "12a", "1.5"):
        try:
            parse_key(bad, "userTaskKey")
        except ApiProblem as problem:
            assert problem.status == 400
            assert "userTaskKey" in problem.detail
        else:
            raise AssertionError(f"{bad!r} was accepted")


async def test_stop_answers_waiting_requests() -> None:
    engine = await AsyncEngine.open(None, clock=ManualClock())
    await engine.deploy({"order-paid.bpmn": (FIXTURES / "order-paid.bpmn").read_bytes()})
    server = await start_rest_server(engine, "127.0.0.1", 0)
    async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as http:
        poll = asyncio.ensure_future(
            http.post(
                "/jobs/activation",
                json={
                    "type": "never.created",
                    "timeout": 1000,
                    "maxJobsToActivate": 1,
                    "requestTimeout": 60000,
                },
            )
        )
        awaiting = asyncio.ensure_future(
            http.post(
                "/process-instances",
                json={"processDefinitionId": "order-paid", "awaitCompletion": True, "requestTimeout": 60000},
            )
        )
        for _ in range(100):
            if next(engine.state.element_instances.process_instance_keys(), None) is not None:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.1)
        await server.stop()
        polled, awaited = await poll, await awaiting
    await engine.close()
    assert (polled.status_code, polled.json()) == (200, {"jobs": []})
    assert awaited.status_code == 503
    assert awaited.json()["title"] == "SERVICE_UNAVAILABLE"
