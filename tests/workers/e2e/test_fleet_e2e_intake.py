"""Job intake against zeebe_lite over gRPC: streaming push with polling back-fill, and the in-flight cap."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from fleet_e2e_support import (
    PROCESS_ID,
    RpcCounts,
    eventually,
    fleet_settings,
    running,
    spying_channel_factory,
)

from workers.runtime import Integration, WorkerApp
from zeebe_lite.testing import ZeebeTestEnvironment

TIMEOUT = timedelta(seconds=60)


class Concurrency:
    """Tracks how many handler calls run at once."""

    def __init__(self) -> None:
        self.current = 0
        self.peak = 0
        self.done = 0

    async def hold(self, seconds: float) -> None:
        self.current += 1
        self.peak = max(self.peak, self.current)
        try:
            await asyncio.sleep(seconds)
        finally:
            self.current -= 1
            self.done += 1


async def _start_many(engine: ZeebeTestEnvironment, job_type: str, count: int) -> list[int]:
    created = await asyncio.gather(
        *(engine.client.run_process(PROCESS_ID, {"jobType": job_type, "retries": 3}) for _ in range(count))
    )
    return [instance.process_instance_key for instance in created]


async def test_streaming_pushes_new_jobs_and_polling_back_fills_the_existing_ones(
    engine: ZeebeTestEnvironment, tmp_path: Path
) -> None:
    crm = Integration("crm", group="crm")
    handled: list[int] = []

    @crm.task("e2e.streamed", timeout=TIMEOUT)
    async def streamed(n: int) -> None:
        handled.append(n)

    before = [
        (await engine.client.run_process(PROCESS_ID, {"jobType": "e2e.streamed", "retries": 3, "n": n}))
        for n in range(3)
    ]
    counts = RpcCounts()
    app = WorkerApp(
        # The back-fill poll waits request_timeout after an empty poll: only the stream can deliver meanwhile.
        fleet_settings(engine.address, tmp_path, stream_enabled=True, request_timeout=timedelta(seconds=60)),
        [crm],
        channel_factory=spying_channel_factory(counts),
        engine_clock=engine.now,
    )
    async with running(app):
        for instance in before:
            await engine.assert_that(instance.process_instance_key).is_completed()
        assert counts.jobs["ActivateJobs"] == 3
        await eventually(lambda: counts.calls["StreamActivatedJobs"] >= 1, what="a stream opened")
        after = [
            (await engine.client.run_process(PROCESS_ID, {"jobType": "e2e.streamed", "retries": 3, "n": n}))
            for n in range(3, 6)
        ]
        for instance in after:
            await engine.assert_that(instance.process_instance_key).is_completed()
    assert sorted(handled) == list(range(6))
    assert counts.jobs["ActivateJobs"] == 3, "the back-fill poll only found the jobs created before the start"
    assert counts.jobs["StreamActivatedJobs"] == 3, "the jobs created later were pushed"


@pytest.mark.parametrize("stream_enabled", [False, True], ids=["polling", "streaming"])
async def test_never_more_jobs_in_flight_than_max_running_jobs_under_load(
    engine: ZeebeTestEnvironment, tmp_path: Path, stream_enabled: bool
) -> None:
    crm = Integration("crm", group="crm")
    concurrency = Concurrency()

    @crm.task("e2e.busy", timeout=TIMEOUT, idempotent=False)
    async def busy() -> None:
        await concurrency.hold(0.03)

    counts = RpcCounts()
    app = WorkerApp(
        fleet_settings(
            engine.address,
            tmp_path,
            stream_enabled=stream_enabled,
            max_running_jobs=4,
            max_jobs_to_activate=3,
            request_timeout=timedelta(milliseconds=200),
        ),
        [crm],
        channel_factory=spying_channel_factory(counts),
        engine_clock=engine.now,
    )
    async with running(app):
        first = await _start_many(engine, "e2e.busy", 30)
        # More jobs arrive while the worker is saturated (pushed to the stream when it is on).
        second = await _start_many(engine, "e2e.busy", 30)
        for key in first + second:
            await engine.assert_that(key, timeout=timedelta(seconds=30)).is_completed()
    assert concurrency.done == 60
    assert concurrency.peak == 4
    delivered_by = "StreamActivatedJobs" if stream_enabled else "ActivateJobs"
    assert counts.jobs[delivered_by] > 0
