"""``python -m zeebe_lite serve`` as a real process: serving pyzeebe, clean stops, and surviving kill -9."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pyzeebe import ZeebeClient, create_insecure_channel
from pyzeebe.grpc_internals.zeebe_adapter import ZeebeAdapter

from zeebe_lite.testing import free_port

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "gateway"
READY = "Zeebe gateway listening on"


class ServerProcess:
    """A ``zeebe_lite serve`` subprocess."""

    def __init__(self, process: asyncio.subprocess.Process, address: str) -> None:
        self.process = process
        self.address = address

    async def stop(self, signum: signal.Signals) -> tuple[int, str]:
        """Send ``signum`` and wait for the exit; returns (exit code, rest of stdout)."""
        self.process.send_signal(signum)
        out, _ = await asyncio.wait_for(self.process.communicate(), 15)
        assert self.process.returncode is not None
        return self.process.returncode, out.decode()


async def start_server(*arguments: str) -> ServerProcess:
    """Start ``python -m zeebe_lite serve`` on a free port and wait until it announces its address."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "zeebe_lite",
        "serve",
        "--port",
        str(port),
        *arguments,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    line = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
    if READY not in line:
        assert process.stderr is not None
        error = (await process.stderr.read()).decode()
        pytest.fail(f"server did not start: {line!r} {error}")
    assert f"127.0.0.1:{port}" in line
    return ServerProcess(process, f"127.0.0.1:{port}")


@contextlib.asynccontextmanager
async def connected(server: ServerProcess) -> AsyncIterator[tuple[ZeebeClient, ZeebeAdapter]]:
    """A pyzeebe client and adapter on the server."""
    channel = create_insecure_channel(grpc_address=server.address)
    try:
        yield ZeebeClient(channel), ZeebeAdapter(channel)
    finally:
        await channel.close()


async def read_status(data_dir: Path) -> dict[str, object]:
    """``python -m zeebe_lite status --data DIR --json``."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "zeebe_lite",
        "status",
        "--data",
        str(data_dir),
        "--json",
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0
    status: dict[str, object] = json.loads(out)
    return status


async def test_acknowledged_work_survives_kill_9_and_completes_after_restart(tmp_path: Path) -> None:
    data = tmp_path / "data"
    deploy = ["--deploy", str(FIXTURES / "single-task.bpmn"), str(FIXTURES / "payment.bpmn")]
    server = await start_server("--data", str(data), *deploy)
    async with connected(server) as (client, adapter):
        created = [
            (await client.run_process("single-task", {"jobType": "durable", "n": n})).process_instance_key
            for n in range(3)
        ]
        [activated] = [
            job async for job in adapter.activate_jobs("durable", "before-crash", 600_000, 1, [], -1)
        ]
        for order in ("order-a", "order-b"):
            await client.publish_message(
                "payment-received", order, {"paidFor": order}, time_to_live_in_milliseconds=3_600_000
            )
    server.process.kill()
    await server.process.wait()

    status = await read_status(data)
    instances = status["processInstances"]
    assert isinstance(instances, list)
    assert sorted(instance["processInstanceKey"] for instance in instances) == sorted(created)
    states = sorted(job["state"] for instance in instances for job in instance["jobs"])
    assert states == ["ACTIVATABLE", "ACTIVATABLE", "ACTIVATED"]

    server = await start_server("--data", str(data), *deploy)
    async with connected(server) as (client, adapter):
        redeployed = await client.deploy_resource(FIXTURES / "single-task.bpmn")
        assert redeployed.deployments[0].version == 1
        await adapter.complete_job(activated.key, {"done": "before"})
        remaining = [
            job async for job in adapter.activate_jobs("durable", "after-restart", 60_000, 10, [], -1)
        ]
        assert sorted(job.process_instance_key for job in remaining) == sorted(
            key for key in created if key != activated.process_instance_key
        )
        for job in remaining:
            await adapter.complete_job(job.key, {"done": "after"})
        payments = [
            (await client.run_process("payment", {"orderId": order})).process_instance_key
            for order in ("order-a", "order-b")
        ]
        charges = [
            job async for job in adapter.activate_jobs("charge-card", "after-restart", 60_000, 10, [], 5_000)
        ]
        assert sorted(job.process_instance_key for job in charges) == sorted(payments)
        assert {job.variables["paidFor"] for job in charges} == {"order-a", "order-b"}
        for job in charges:
            await adapter.complete_job(job.key, {})
    code, out = await server.stop(signal.SIGTERM)
    assert code == 0
    assert "stopped" in out

    final = await read_status(data)
    assert final["processInstances"] == []


async def test_sigint_stops_an_in_memory_server_cleanly() -> None:
    server = await start_server("--in-memory", "--deploy", str(FIXTURES / "instant.bpmn"))
    async with connected(server) as (client, _):
        assert (await client.topology()).cluster_size == 1
        result = await client.run_process_with_result("instant", {"a": 1}, timeout=5_000)
        assert result.variables == {"a": 1}
    code, out = await server.stop(signal.SIGINT)
    assert code == 0
    assert "stopping" in out


async def test_an_undeployable_resource_stops_the_start_with_a_message(tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "zeebe_lite",
        "serve",
        "--port",
        str(free_port()),
        "--data",
        str(tmp_path / "data"),
        "--deploy",
        str(FIXTURES),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 1
    message = err.decode()
    assert "task-without-type" in message
    assert "Traceback" not in message


async def test_a_busy_port_is_reported_without_a_traceback() -> None:
    server = await start_server("--in-memory")
    port = server.address.rsplit(":", 1)[1]
    try:
        second = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "zeebe_lite",
            "serve",
            "--in-memory",
            "--port",
            port,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        _, err = await asyncio.wait_for(second.communicate(), 30)
        assert second.returncode == 1
        assert f"could not listen on 127.0.0.1:{port}" in err.decode()
        assert "Traceback" not in err.decode()
    finally:
        code, _ = await server.stop(signal.SIGTERM)
    assert code == 0
