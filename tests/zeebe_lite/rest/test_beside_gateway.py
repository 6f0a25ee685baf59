"""The REST API beside the gRPC gateway on one engine, started by ``ZeebeLiteServer.start(rest_port=...)``."""

from __future__ import annotations

from pathlib import Path

import httpx
from pyzeebe import ZeebeClient, create_insecure_channel
from rest_env import FIXTURES

from zeebe_lite.clock import ManualClock
from zeebe_lite.gateway.runtime import ZeebeLiteServer
from zeebe_lite.gateway.settings import GatewaySettings
from zeebe_lite.rest import RestServer


async def test_grpc_and_rest_share_the_engine(tmp_path: Path) -> None:
    settings = GatewaySettings(host="127.0.0.1", port=0)
    server = await ZeebeLiteServer.start(
        tmp_path, settings, clock=ManualClock(), deploy=[FIXTURES / "expense-approval.bpmn"], rest_port=0
    )
    try:
        rest = server.rest
        assert isinstance(rest, RestServer)
        channel = create_insecure_channel(grpc_address=server.address)
        grpc_client = ZeebeClient(channel)
        created = await grpc_client.run_process("expense-approval", {"amount": 5})
        async with httpx.AsyncClient(base_url=rest.base_url) as http:
            tasks = await http.post(
                "/user-tasks/search",
                json={"filter": {"processInstanceKey": str(created.process_instance_key)}},
            )
            [task] = tasks.json()["items"]
            completion = await http.post(
                f"/user-tasks/{task['userTaskKey']}/completion", json={"variables": {"approved": False}}
            )
            assert completion.status_code == 204
            instance = await http.get(f"/process-instances/{created.process_instance_key}")
            assert instance.json()["state"] == "COMPLETED"
        await channel.close()
    finally:
        await server.stop()
