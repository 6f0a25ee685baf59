"""CRASH TEST (about 50-70 s per store backend on 2 cores): workers SIGKILLed in the middle of a side effect.

Two ``fleet run`` processes compete for the same jobs of a zeebe_lite subprocess and share one idempotency
store (a SQLite file, or a schema on the local PostgreSQL). Each job makes an external call (an HTTP service
that, like Stripe, applies a request once per ``Idempotency-Key``), then does a little more work before the
runtime records the outcome and sends CompleteJob. The test SIGKILLs the calling worker 0-150 ms after the
service answered, so kills land before the outcome is recorded, between the record and CompleteJob, or just
after; a killed worker is started again. The jobs come back after their 2 s timeout.

Proven: no instance is lost, every effect happened exactly once, and every instance carries the answer of
the first call (replayed from the store, or re-served by the service under the same, stable key).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import time
from pathlib import Path

import pytest
from fleet_e2e_support import (
    MODEL,
    POSTGRES_URL,
    PROCESS_ID,
    EffectLedger,
    FleetProcess,
    LocalHttpServer,
    ZeebeLiteProcess,
    postgres_schema,
    subprocess_environment,
)
from pyzeebe import ZeebeClient, create_insecure_channel

from zeebe_lite.records import ProcessInstanceIntent, ValueType
from zeebe_lite.testing import free_port, root_variables

INSTANCES = 20
KILLS = 10
HANG_GUARD = 180.0
"""Only against a hang: a restarted worker needs 1-8 s to start on a loaded 2-core machine."""


def _store_environment(backend: str, tmp_path: Path, schema: str | None) -> dict[str, str]:
    if backend == "sqlite":
        return {"FLEET_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite3'}"}
    assert schema is not None
    return {"FLEET_DATABASE_URL": POSTGRES_URL, "FLEET_IDEMPOTENCY_SCHEMA": schema}


def _completed(server: ZeebeLiteProcess, keys: list[int]) -> set[int]:
    records = server.records().of_type(ValueType.PROCESS_INSTANCE).events()
    ended = records.with_intent(ProcessInstanceIntent.ELEMENT_COMPLETED)
    return {record.key for record in ended if record.key in keys}


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_sigkilled_workers_leave_every_side_effect_done_exactly_once(
    backend: str, tmp_path: Path
) -> None:
    with postgres_schema() if backend == "postgres" else _no_schema() as schema:
        await _crash_run(backend, tmp_path, schema)


class _no_schema:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *_: object) -> None:
        return None


async def _crash_run(backend: str, tmp_path: Path, schema: str | None) -> None:
    server = ZeebeLiteProcess(tmp_path / "engine")
    await server.start()
    ledger = EffectLedger()
    chooser = random.Random(4)
    loop = asyncio.get_running_loop()
    kills: list[int] = []

    def kill_soon(pid: int) -> None:
        if len(kills) < KILLS and pid not in kills:
            kills.append(pid)
            loop.call_later(chooser.uniform(0, 0.15), os.kill, pid, signal.SIGKILL)

    ledger.on_effect = kill_soon
    workers: list[FleetProcess] = []
    try:
        async with LocalHttpServer(ledger) as service:
            environment = subprocess_environment(
                ZEEBE_ADDRESS=server.address,
                FLEET_CHANNEL="insecure",
                FLEET_HEALTH_HOST="127.0.0.1",
                FLEET_REQUEST_TIMEOUT="0.5",
                FLEET_MAX_RUNNING_JOBS="3",
                FLEET_MAX_JOBS_TO_ACTIVATE="3",
                FLEET_RETRY_BACKOFF_INITIAL="0.2",
                FLEET_RETRY_BACKOFF_MAX="1",
                FLEET_RECONNECT_BACKOFF_MAX="0.5",
                FLEET_LOG_FORMAT="json",
                E2E_EFFECT_URL=service.url,
                **_store_environment(backend, tmp_path, schema),
            )

            def start_worker() -> FleetProcess:
                worker = FleetProcess(
                    tmp_path / f"worker-{len(workers)}.log",
                    {
                        **environment,
                        "FLEET_HEALTH_PORT": str(free_port()),
                        "FLEET_WORKER_NAME": f"w{len(workers)}",
                    },
                    "--integrations",
                    "fleet_e2e_integrations:CRASH",
                )
                workers.append(worker)
                return worker

            alive = [start_worker(), start_worker()]
            channel = create_insecure_channel(grpc_address=server.address)
            try:
                client = ZeebeClient(channel)
                await client.deploy_resource(str(MODEL))
                keys = [
                    (
                        await client.run_process(
                            PROCESS_ID, {"jobType": "e2e.crash-effect", "retries": 50, "n": n}
                        )
                    ).process_instance_key
                    for n in range(INSTANCES)
                ]
            finally:
                await channel.close()

            started = time.monotonic()
            while len(_completed(server, keys)) < INSTANCES:
                assert time.monotonic() - started < HANG_GUARD, (
                    f"{len(_completed(server, keys))}/{INSTANCES} completed after {HANG_GUARD} s, {len(kills)} kills"
                )
                for index, worker in enumerate(alive):
                    if worker.process.poll() is not None:
                        assert worker.process.returncode == -signal.SIGKILL, worker.output()
                        alive[index] = start_worker()
                await asyncio.sleep(0.1)
            for worker in alive:
                # A worker restarted moments ago may still be importing: SIGTERM would kill it before the
                # runtime's handler exists. The graceful stop is what is checked here.
                await worker.started(within=HANG_GUARD)
                worker.terminate()
            for worker in alive:
                assert await worker.exit_code(within=30) == 0, worker.output()
    finally:
        for worker in workers:
            worker.kill()
        await server.stop()

    assert len(kills) == KILLS
    assert len(ledger.applied) == INSTANCES
    assert set(ledger.applied.values()) == {1}, "every effect happened exactly once"
    records = server.records()
    answers = sorted(root_variables(records, key)["effectId"] for key in keys)
    assert answers == sorted(ledger.answers.values()), "each instance got the answer of its first call"
    replays = sum(
        1
        for worker in workers
        for line in worker.output().splitlines()
        if line.startswith("{") and json.loads(line).get("event") == "idempotency.replayed"
    )
    repeated_calls = sum(ledger.attempts.values()) - INSTANCES
    print(
        f"[{backend}] {KILLS} kills, {len(workers)} worker processes, {repeated_calls} repeated external calls "
        f"absorbed by the key, {replays} outcomes replayed from the store, {time.monotonic() - started:.1f} s"
    )
