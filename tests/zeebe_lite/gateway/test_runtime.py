"""The runtime: engine + gateway started together, resources deployed at start, the REST API hook."""

from __future__ import annotations

import importlib.machinery
import sys
import types
from pathlib import Path

import pytest
from pyzeebe import ZeebeClient, create_insecure_channel

from zeebe_lite.engine import AsyncEngine
from zeebe_lite.gateway import GatewaySettings, ZeebeLiteServer, resource_files, rest_available

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "gateway"


class FakeRest:
    """Stands in for the REST API server."""

    def __init__(self, engine: AsyncEngine, host: str, port: int) -> None:
        self.engine = engine
        self.address = (host, port)
        self.stopped = False

    async def stop(self) -> None:
        self.stopped = True


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


async def test_rest_hook_is_started_and_stopped_with_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[FakeRest] = []

    async def start_rest_server(engine: AsyncEngine, host: str, port: int) -> FakeRest:
        rest = FakeRest(engine, host, port)
        started.append(rest)
        return rest

    module = types.ModuleType("zeebe_lite.rest")
    module.__spec__ = importlib.machinery.ModuleSpec("zeebe_lite.rest", None)
    module.start_rest_server = start_rest_server  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "zeebe_lite.rest", module)
    assert rest_available()
    server = await ZeebeLiteServer.start(None, GatewaySettings(port=0), rest_port=8089)
    [rest] = started
    assert rest.engine is server.engine and rest.address == ("127.0.0.1", 8089)
    await server.stop()
    assert rest.stopped
