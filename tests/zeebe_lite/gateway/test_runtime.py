"""The runtime: engine + gateway + REST API started together, resources deployed at start."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from pyzeebe import ZeebeClient, create_insecure_channel

from zeebe_lite.gateway import GatewaySettings, ZeebeLiteServer, resource_files

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "gateway"


def test_resource_files_expand_directories_and_reject_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "a.bpmn").write_text("x")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "b.dmn").write_text("y")
    (tmp_path / "notes.txt").write_text("z")
    assert resource_files([tmp_path]) == [tmp_path / "a.bpmn", tmp_path / "nested" / "b.dmn"]
    with pytest.raises(FileNotFoundError):
        resource_files([tmp_path / "missing.bpmn"])


async def test_server_deploys_at_start_and_keeps_versions_on_restart(tmp_path: Path) -> None:
    settings = GatewaySettings(port=0)
    async with await ZeebeLiteServer.start(tmp_path, settings, deploy=[FIXTURES / "instant.bpmn"]) as server:
        first = server.engine.state.deployments.latest_process("instant")
    async with await ZeebeLiteServer.start(tmp_path, settings, deploy=[FIXTURES / "instant.bpmn"]) as server:
        again = server.engine.state.deployments.latest_process("instant")
        channel = create_insecure_channel(grpc_address=server.address)
        try:
            result = await ZeebeClient(channel).run_process_with_result("instant", {"x": 1}, timeout=5_000)
        finally:
            await channel.close()
    assert first is not None and again is not None
    assert (again.record.version, again.key) == (first.record.version, first.key)
    assert result.variables == {"x": 1}


async def test_rest_api_is_served_beside_the_gateway_and_stopped_with_it(tmp_path: Path) -> None:
    server = await ZeebeLiteServer.start(tmp_path, GatewaySettings(port=0), rest_port=0)
    assert server.rest is not None
    base_url = server.rest.base_url
    async with httpx.AsyncClient(base_url=base_url) as client:
        topology = (await client.get("/topology")).json()
    await server.stop()
    assert topology["brokers"][0]["port"] == server.gateway.port
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient(base_url=base_url) as client:
            await client.get("/topology")
