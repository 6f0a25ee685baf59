"""Deadline: the handler is cancelled at the job's deadline minus the margin."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from workers import task_options
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
