"""End-to-end engine throughput: pyzeebe client and worker against ``python -m zeebe_lite serve`` (durable).

Method
------
* The server is ``python -m zeebe_lite serve --data <tmp> --port <free> --deploy one_task.bpmn`` in its own
  process (durable record log, fsync'd group commits; no REST API).
* This process runs one pyzeebe ``ZeebeClient`` and one ``ZeebeWorker`` (long polling, a trivial handler) on
  one channel. ``CONCURRENCY`` producers each loop: start an instance, wait until it is done, start the next,
  so at most ``CONCURRENCY`` instances are in flight.
* Every ``SAMPLE_EVERY``-th start is ``run_process_with_result``: its start-to-completion latency (create call
  to the answer the gateway sends when the instance completed) gives p50/p99. The other starts are
  ``run_process``; the producer takes the instance as done when the worker's handler for it ran (the job's
  completion is then in flight; completed-instance rates equal handler rates in steady state).
* After a warm-up, instances done within the measuring window are counted: process instances per second.
  The server's CPU time over the window (from ``/proc``) divided by the instances gives its cost per instance;
  this process's CPU time the same for the client and worker side. On a loaded machine, PI/s and latency move
  with the load; the CPU figures much less.
* Ceiling, measured in the same run: a bare grpc.aio server (:mod:`benchmarks._noop_gateway`) answering
  Topology, called with the same concurrency over the same stubs; the ratio PI/s / calls/s is comparable
  across machines and load.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from pyzeebe import ZeebeClient, ZeebeWorker, create_insecure_channel
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from benchmarks._processes import free_port, python_subprocess
from benchmarks._processes import one_task_bpmn as shared_one_task_bpmn

__all__ = [
    "CONCURRENCY",
    "TARGET_PI_PER_SECOND",
    "CallRate",
    "EngineThroughput",
    "measure_engine",
    "measure_noop_ceiling",
    "one_task_bpmn",
    "run",
]

PROCESS_ID = "bench-one-task"
JOB_TYPE = "bench-task"
CONCURRENCY = 64
SAMPLE_EVERY = 8
TARGET_PI_PER_SECOND = 400.0
_WARM_UP = timedelta(seconds=2)


def one_task_bpmn() -> str:
    """start -> one service task (job type ``bench-task``) -> end."""
    return shared_one_task_bpmn(PROCESS_ID, JOB_TYPE)


@dataclass(frozen=True, slots=True)
class EngineThroughput:
    """Completed process instances per second, sampled start-to-completion latency, server CPU per instance."""

    instances_per_second: float
    instances: int
    p50: timedelta
    p99: timedelta
    latency_samples: int
    server_cpu_per_instance: timedelta
    client_cpu_per_instance: timedelta


@dataclass(frozen=True, slots=True)
class CallRate:
    """Unary calls per second against the no-op server."""

    calls_per_second: float
    calls: int


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15 of stat(5); index 11 and 12 after the command name.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile(sorted_values: Sequence[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


async def _drive_engine(
    address: str, server_pid: int, duration: timedelta, concurrency: int
) -> EngineThroughput:
    channel = create_insecure_channel(grpc_address=address)
    client = ZeebeClient(channel)
    worker = ZeebeWorker(channel, name="bench-worker", poll_retry_delay=1)
    handled: dict[int, asyncio.Future[None]] = {}

    async def handle(n: int) -> dict[str, Any]:
        waiter = handled.pop(n, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)
        return {}

    register = worker.task(JOB_TYPE, max_jobs_to_activate=concurrency, max_running_jobs=concurrency * 2)
    register(handle)  # type: ignore[arg-type]  # pyzeebe's ParamSpec overloads do not resolve under mypy

    loop = asyncio.get_running_loop()
    counter = itertools.count()
    done_at: list[float] = []
    latencies: list[tuple[float, float]] = []
    stop_at = loop.time() + _WARM_UP.total_seconds() + duration.total_seconds()

    async def produce() -> None:
        while loop.time() < stop_at:
            n = next(counter)
            started = loop.time()
            if n % SAMPLE_EVERY == 0:
                await client.run_process_with_result(PROCESS_ID, {"n": n}, timeout=30_000)
                finished = loop.time()
                latencies.append((finished, finished - started))
            else:
                waiter = loop.create_future()
                handled[n] = waiter
                await client.run_process(PROCESS_ID, {"n": n})
                await asyncio.wait_for(waiter, 30)
                finished = loop.time()
            done_at.append(finished)

    work = asyncio.create_task(worker.work())
    try:
        await asyncio.sleep(0.2)
        window_start = loop.time() + _WARM_UP.total_seconds()
        cpu_start: float | None = None
        client_cpu = [0.0, 0.0]

        async def mark_window() -> None:
            nonlocal cpu_start
            await asyncio.sleep(max(0.0, window_start - loop.time()))
            cpu_start = _cpu_seconds(server_pid)
            client_cpu[0] = time.process_time()

        marker = asyncio.create_task(mark_window())
        await asyncio.gather(*(produce() for _ in range(concurrency)))
        await marker
        window_end = stop_at
        cpu_used = _cpu_seconds(server_pid) - (cpu_start or 0.0)
        client_cpu[1] = time.process_time()
    finally:
        await worker.stop()
        work.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await work
        await channel.close()
    counted = sum(1 for t in done_at if window_start <= t <= window_end)
    window = window_end - window_start
    sampled = sorted(latency for t, latency in latencies if t >= window_start)
    return EngineThroughput(
        instances_per_second=counted / window,
        instances=counted,
        p50=timedelta(seconds=_percentile(sampled, 0.50)),
        p99=timedelta(seconds=_percentile(sampled, 0.99)),
        latency_samples=len(sampled),
        server_cpu_per_instance=timedelta(seconds=cpu_used / max(counted, 1)),
        client_cpu_per_instance=timedelta(seconds=(client_cpu[1] - client_cpu[0]) / max(counted, 1)),
    )


async def _drive_noop(address: str, duration: timedelta, concurrency: int) -> CallRate:
    channel = create_insecure_channel(grpc_address=address)
    stub = GatewayStub(channel)
    loop = asyncio.get_running_loop()
    window_start = loop.time() + _WARM_UP.total_seconds() / 2
    stop_at = window_start + duration.total_seconds()
    done_at: list[float] = []

    async def call() -> None:
        request = pb.TopologyRequest()
        while loop.time() < stop_at:
            await stub.Topology(request)
            done_at.append(loop.time())

    try:
        await asyncio.gather(*(call() for _ in range(concurrency)))
    finally:
        await channel.close()
    counted = sum(1 for t in done_at if window_start <= t <= stop_at)
    return CallRate(calls_per_second=counted / duration.total_seconds(), calls=counted)


def measure_engine(duration: timedelta, concurrency: int = CONCURRENCY) -> EngineThroughput:
    """Start a durable server in a subprocess, drive it for ``duration`` after a warm-up, stop it."""
    with tempfile.TemporaryDirectory(prefix="zeebe-lite-bench-") as tmp:
        model = Path(tmp) / "one_task.bpmn"
        model.write_text(one_task_bpmn(), encoding="utf-8")
        port = free_port()
        arguments = [
            "-m",
            "zeebe_lite",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--data",
            str(Path(tmp) / "data"),
            "--deploy",
            str(model),
        ]
        with python_subprocess(arguments, "listening") as server:
            return asyncio.run(_drive_engine(f"127.0.0.1:{port}", server.pid, duration, concurrency))


def measure_noop_ceiling(duration: timedelta, concurrency: int = CONCURRENCY) -> CallRate:
    """No-op Topology calls per second against a bare grpc.aio server in a subprocess."""
    port = free_port()
    with python_subprocess(["-m", "benchmarks._noop_gateway", "--port", str(port)], "listening"):
        return asyncio.run(_drive_noop(f"127.0.0.1:{port}", duration, concurrency))


def run(duration: timedelta) -> tuple[EngineThroughput, CallRate]:
    """The engine measurement and its no-op gRPC ceiling, back to back."""
    return measure_engine(duration), measure_noop_ceiling(duration)


def table(engine: EngineThroughput, ceiling: CallRate, duration: timedelta) -> str:
    """A Markdown table of one run."""
    verdict = "met" if engine.instances_per_second >= TARGET_PI_PER_SECOND else "MISSED"
    ms = timedelta(milliseconds=1)
    return "\n".join(
        [
            f"One-service-task process, pyzeebe client + worker in one process, `zeebe_lite serve` (durable) in "
            f"another; {CONCURRENCY} instances in flight, {duration.total_seconds():g} s after a "
            f"{_WARM_UP.total_seconds():g} s warm-up; latency from every {SAMPLE_EVERY}th instance "
            "(`run_process_with_result`, create call to completion). Method: `benchmarks/engine.py`. "
            f"Load average (1 min) when it finished: {os.getloadavg()[0]:.1f}.",
            "",
            "| benchmark | PI/s | p50 ms | p99 ms | server CPU ms/PI | client CPU ms/PI | target | ceiling: no-op gRPC calls/s "
            "| PI per no-op call |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| one-task instance, end to end | {engine.instances_per_second:,.0f} | {engine.p50 / ms:.1f} | "
            f"{engine.p99 / ms:.1f} | {engine.server_cpu_per_instance / ms:.2f} | "
            f"{engine.client_cpu_per_instance / ms:.2f} | "
            f"{TARGET_PI_PER_SECOND:,.0f} {verdict} | {ceiling.calls_per_second:,.0f} | "
            f"{engine.instances_per_second / ceiling.calls_per_second:.3f} |",
        ]
    )


def main() -> None:
    """Run once and print the table (``python -m benchmarks.engine [seconds]``)."""
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    duration = timedelta(seconds=seconds)
    engine, ceiling = run(duration)
    print(table(engine, ceiling, duration))


if __name__ == "__main__":
    main()
