"""Fleet runtime overhead: the same trivial handler bare on pyzeebe and inside the full fleet runtime.

Method
------
* A fresh server per round: ``python -m zeebe_lite serve --data <tmp> --port <free>`` in its own process, so
  the engine's growing log does not favour the variants measured first.
* Variants, all in this process against that server, each on its own job type and its own channel:
  ``pyzeebe`` (a bare ``ZeebeWorker`` with one ``@task``), ``fleet`` (``WorkerApp`` with every interceptor on:
  structured logging, metrics, error mapping, deadline, idempotency, validation; the task declared
  ``idempotent=False`` so the store is not touched; the default log level, INFO, where successful jobs log
  nothing and failures log a line each), the same with ``FLEET_LOG_JOB_COMPLETIONS`` (an INFO line per
  successful job), ``fleet + SQLite`` and ``fleet + PostgreSQL`` (the task idempotent: a claim and a record
  per job). Same limits everywhere: 32 jobs in flight, 32 per poll.
* pyzeebe gets its best setting: ``poll_retry_delay`` 10 ms instead of 5 s (it sleeps that long whenever all
  its slots are busy, which a backlog makes the common case; with the default it manages about 7 jobs/s).
* One round: start ``JOBS`` instances (the backlog), then start the worker and time until it has had
  ``JOBS`` CompleteJob calls answered (counted by a gRPC client interceptor, the same for every variant).
  Jobs per second = ``JOBS`` / that time; this process's CPU time over the round / ``JOBS`` is the worker's
  CPU per job.
* Paired rounds: each round warms up (a short bare pyzeebe drain), then runs every variant back to back, in
  an order rotated from round to round; each variant's ratio is taken against the bare pyzeebe run of the
  same round, so a slow phase of a noisy machine hits both sides of a ratio. ``ROUNDS`` rounds; every
  figure reported is the median over them.
* The fleet's JSON log lines are rendered as in production and written to ``/dev/null``.
* The ratio is fleet jobs/s divided by bare pyzeebe jobs/s (target >= 0.90 for the fleet without store); the
  store rows show what a claim plus a record per job cost. The engine shares the machine's cores with the
  worker, so a worker that needs more CPU also slows the engine: the ratio is the end-to-end effect.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import grpc
from pydantic import SecretStr
from pyzeebe import ZeebeClient, ZeebeWorker, create_insecure_channel

from benchmarks._processes import free_port, one_task_bpmn, python_subprocess
from workers.runtime import FleetSettings, Integration, WorkerApp, configure_logging

__all__ = ["JOBS", "POSTGRES_URL", "TARGET_RATIO", "FleetBenchRow", "run", "table"]

JOBS = 1500
ROUNDS = 9
TARGET_RATIO = 0.90
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
PROCESS_ID = "bench-fleet"
_IN_FLIGHT = 32
_BARE = "pyzeebe, bare"
_WARM_UP_JOBS = 200
_ROUND_TIMEOUT = timedelta(seconds=120)
_PYZEEBE_POLL_RETRY_DELAY = timedelta(milliseconds=10)
"""pyzeebe sleeps this long when all its slots are busy (its default, 5 s, stalls a backlog: about 7 jobs/s)."""


@dataclass(frozen=True, slots=True)
class FleetBenchRow:
    """One variant: medians over the rounds."""

    name: str
    jobs_per_second: float
    cpu_per_job: timedelta
    ratio: float
    """Median of the per-round ratios: jobs/s relative to bare pyzeebe in the same round."""
    ratio_range: tuple[float, float]
    """Lowest and highest per-round ratio."""


@contextlib.contextmanager
def _server(data_dir: Path) -> Iterator[str]:
    port = free_port()
    arguments = ["-m", "zeebe_lite", "serve", "--data", str(data_dir), "--port", str(port)]
    with python_subprocess(arguments, "listening"):
        yield f"127.0.0.1:{port}"


class _Completions(grpc.aio.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    """Counts answered CompleteJob calls; wakes the waiter when ``target`` is reached."""

    def __init__(self) -> None:
        self.count = 0
        self.target = 0
        self.reached = asyncio.Event()
        self.first_done: tuple[float, float] | None = None
        """(wall clock, process CPU) at the first answered CompleteJob: worker start-up is over."""

    async def intercept_unary_unary(self, continuation: Any, details: Any, request: Any) -> Any:
        call = await continuation(details, request)
        method = details.method.decode() if isinstance(details.method, bytes) else str(details.method)
        if method.endswith("/CompleteJob"):
            await call
            self.count += 1
            if self.first_done is None:
                self.first_done = (time.perf_counter(), time.process_time())
            if self.count >= self.target:
                self.reached.set()
        return call


def _channel(address: str, completions: _Completions) -> grpc.aio.Channel:
    return grpc.aio.insecure_channel(address, interceptors=[completions])


Runner = Callable[[str, str, _Completions], Coroutine[Any, Any, None]]
"""Runs a worker for a job type until cancelled."""


async def _bare_pyzeebe(address: str, job_type: str, completions: _Completions) -> None:
    worker = ZeebeWorker(
        _channel(address, completions),
        name="bench-bare",
        max_connection_retries=-1,
        poll_retry_delay=cast(int, _PYZEEBE_POLL_RETRY_DELAY.total_seconds()),
    )

    async def noop() -> dict[str, Any]:
        return {}

    register: Callable[[Any], Any] = worker.task(
        job_type,
        variables_to_fetch=[],
        timeout_ms=60_000,
        max_jobs_to_activate=_IN_FLIGHT,
        max_running_jobs=_IN_FLIGHT,
    )
    register(noop)
    try:
        await worker.work()
    finally:
        await worker.stop()


def _fleet(database_url: str | None, schema: str | None = None, *, log_completions: bool = False) -> Runner:
    async def run_fleet(address: str, job_type: str, completions: _Completions) -> None:
        integration = Integration("bench", group="bench")

        @integration.task(
            job_type,
            timeout=timedelta(seconds=60),
            idempotent=database_url is not None,
            max_jobs_to_activate=_IN_FLIGHT,
            max_running_jobs=_IN_FLIGHT,
        )
        async def noop() -> dict[str, Any]:
            return {}

        settings = FleetSettings.model_validate(
            {
                "zeebe_address": address,
                "health_host": "127.0.0.1",
                "health_port": 0,
                "worker_name": "bench-fleet",
                "database_url": SecretStr(database_url or "sqlite:///:memory:"),
                "idempotency_schema": schema,
                "request_timeout": timedelta(seconds=5),
                "log_job_completions": log_completions,
            }
        )
        app = WorkerApp(
            settings, [integration], channel_factory=lambda s: _channel(s.zeebe_address, completions)
        )
        running = asyncio.create_task(app.run())
        try:
            await running
        finally:
            await app.shutdown()
            with contextlib.suppress(asyncio.CancelledError):
                await running

    return run_fleet


async def _start_backlog(client: ZeebeClient, job_type: str, jobs: int) -> None:
    pending = [client.run_process(PROCESS_ID, {"jobType": job_type}) for _ in range(jobs)]
    for chunk in range(0, jobs, 64):
        await asyncio.gather(*pending[chunk : chunk + 64])


async def _round(
    address: str, client: ZeebeClient, runner: Runner, *, jobs: int = JOBS
) -> tuple[float, float]:
    job_type = f"bench.noop.{uuid.uuid4().hex[:8]}"
    await _start_backlog(client, job_type, jobs)
    completions = _Completions()
    completions.target = jobs
    worker = asyncio.create_task(runner(address, job_type, completions))
    try:
        async with asyncio.timeout(_ROUND_TIMEOUT.total_seconds()):
            await completions.reached.wait()
        ended, cpu_ended = time.perf_counter(), time.process_time()
    finally:
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker
    # Steady state: timed from the first completed job, so neither worker's start-up (channel, health server,
    # store) is counted; the remaining jobs - 1 jobs are the measured work.
    assert completions.first_done is not None
    started, cpu_started = completions.first_done
    measured = jobs - 1
    return measured / (ended - started), (cpu_ended - cpu_started) / measured


@contextlib.asynccontextmanager
async def _postgres_schema() -> AsyncIterator[str | None]:
    import psycopg
    from psycopg import sql

    schema = f"bench_fleet_{uuid.uuid4().hex[:8]}"
    try:
        connection = await psycopg.AsyncConnection.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.Error:
        yield None
        return
    try:
        yield schema
    finally:
        await connection.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
        await connection.close()


async def _measure(data_dir: Path) -> list[FleetBenchRow]:
    with open(os.devnull, "w") as sink:  # noqa: ASYNC230
        configure_logging("INFO", "json", stream=sink)
        model = data_dir / "bench-fleet.bpmn"
        model.write_text(one_task_bpmn(PROCESS_ID, "=jobType"), encoding="utf-8")
        async with _postgres_schema() as schema:
            variants: dict[str, Runner] = {
                _BARE: _bare_pyzeebe,
                "fleet runtime, no store": _fleet(None),
                "fleet runtime, no store, a log line per job": _fleet(None, log_completions=True),
                "fleet runtime + SQLite store": _fleet(f"sqlite:///{data_dir / 'store.sqlite3'}"),
            }
            if schema is not None:
                variants["fleet runtime + PostgreSQL store"] = _fleet(POSTGRES_URL, schema)
            rounds: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
            for number in range(ROUNDS):
                names = list(variants)
                order = names[number % len(names) :] + names[: number % len(names)]
                with _server(data_dir / f"engine-{number}") as address:
                    channel = create_insecure_channel(grpc_address=address)
                    client = ZeebeClient(channel)
                    await client.deploy_resource(str(model))
                    await _round(address, client, _bare_pyzeebe, jobs=_WARM_UP_JOBS)
                    for name in order:
                        rounds[name].append(await _round(address, client, variants[name]))
                    await channel.close()
    return _rows(rounds)


def _rows(rounds: dict[str, list[tuple[float, float]]]) -> list[FleetBenchRow]:
    """Medians per variant; ratios paired round by round with the bare pyzeebe round."""
    bare = [rate for rate, _ in rounds[_BARE]]
    rows = []
    for name, measured in rounds.items():
        ratios = [rate / bare_rate for (rate, _), bare_rate in zip(measured, bare, strict=True)]
        rows.append(
            FleetBenchRow(
                name,
                statistics.median(rate for rate, _ in measured),
                timedelta(seconds=statistics.median(cpu for _, cpu in measured)),
                statistics.median(ratios),
                (min(ratios), max(ratios)),
            )
        )
    return rows


def run() -> list[FleetBenchRow]:
    """Measure every variant against one ``zeebe_lite serve`` subprocess; bare pyzeebe first."""
    with tempfile.TemporaryDirectory(prefix="bench-fleet-") as folder:
        return asyncio.run(_measure(Path(folder)))


def table(rows: list[FleetBenchRow]) -> str:
    """The Markdown table of :func:`run`'s rows."""
    lines = [
        f"Each row: median of {ROUNDS} rounds, each draining a backlog of {JOBS} jobs (trivial handler, 32 in "
        "flight) from a `zeebe_lite serve` subprocess (a fresh one per round), timed from each worker's first "
        "completed job (start-up excluded). Every round runs all variants back to back, in rotated order; a "
        "ratio compares a variant with bare pyzeebe in the same round (median, and the lowest and highest round).",
        "",
        "| worker | jobs/s | ratio to bare pyzeebe | ratio range | target | worker CPU per job |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        target = ""
        if row.name == "fleet runtime, no store":
            target = f"{TARGET_RATIO:.2f} {'met' if row.ratio >= TARGET_RATIO else 'MISSED'}"
        lines.append(
            f"| {row.name} | {row.jobs_per_second:,.0f} | {row.ratio:.3f} | "
            f"{row.ratio_range[0]:.2f} to {row.ratio_range[1]:.2f} | {target} | "
            f"{row.cpu_per_job.total_seconds() * 1e6:,.0f} µs |"
        )
    if not any(row.name.endswith("PostgreSQL store") for row in rows):
        lines.append("")
        lines.append(f"PostgreSQL row missing: no server at {POSTGRES_URL}.")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(run()))
