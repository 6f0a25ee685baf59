"""Deadline: the handler is cancelled at the job's deadline minus the margin."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from workers import current_job_context, task_options
from workers.testing import JobEnvironment


async def test_deadline_cancels_a_handler_that_outlives_the_job() -> None:
    cancelled = asyncio.Event()

    @task_options(deadline_margin=timedelta(seconds=1))
    async def slow() -> None:
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    outcome = await JobEnvironment().run(slow, "crm.slow", timeout=timedelta(milliseconds=1300))
    assert outcome.kind == "failed" and outcome.retries == 2
    assert outcome.message is not None and "did not finish" in outcome.message
    assert cancelled.is_set()


async def test_job_already_past_its_deadline_is_not_started() -> None:
    started: list[bool] = []

    async def late() -> None:
        started.append(True)

    outcome = await JobEnvironment().run(late, "crm.late", timeout=timedelta(seconds=-1))
    assert outcome.kind == "failed" and started == []


async def test_deadlines_of_a_time_controlled_engine_are_measured_on_its_clock() -> None:
    engine_now = datetime(2020, 1, 1, tzinfo=UTC)
    seen: list[timedelta] = []

    async def report() -> None:
        context = current_job_context()
        assert context is not None
        seen.append(context.remaining())

    env = JobEnvironment(engine_clock=lambda: engine_now)
    job = env.make_job("crm.report", timeout=timedelta(seconds=30))
    assert job.deadline == int((engine_now + timedelta(seconds=30)).timestamp() * 1000)
    outcome = await env.run(report, "crm.report", job=job)
    assert outcome.kind == "completed"
    assert timedelta(seconds=25) < seen[0] <= timedelta(seconds=30)
