"""Mock job workers for tests (Camunda Process Test's ``mockJobWorker(type).thenComplete(...)``).

A mock answers every job of its type the same way, inside the engine (no gRPC worker needed)::

    env.mock_job_worker("charge-card").then_complete({"charged": True})
    env.mock_job_worker("check-stock").then_throw_error("OUT_OF_STOCK", variables={"item": "x"})
    env.mock_job_worker("flaky").then_fail("broken", retries=0)
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from zeebe_lite.engine import AsyncEngine, CommandRejectedError, EngineFailedError
from zeebe_lite.processing.commands import ActivatedJob

__all__ = ["JobMock", "MockJobWorker"]

_JOB_TIMEOUT = dt.timedelta(minutes=5)
_POLL = dt.timedelta(seconds=1)
_MOCK_WORKER = "zeebe-lite-mock"


@dataclass(frozen=True, slots=True)
class JobMock:
    """How a mock answers: complete with variables, throw a BPMN error, or fail."""

    outcome: str
    variables: Mapping[str, Any] = field(default_factory=dict)
    error_code: str = ""
    error_message: str = ""
    retries: int = 0


class MockJobWorker:
    """Handles the jobs of one type in the background once told how (``then_*``); stop with :meth:`stop`."""

    def __init__(self, engine: AsyncEngine, job_type: str) -> None:
        """A mock for ``job_type``; it starts working at the first ``then_*`` call."""
        self._engine = engine
        self._job_type = job_type
        self._task: asyncio.Task[None] | None = None
        self.handled: list[ActivatedJob] = []

    @property
    def job_type(self) -> str:
        """The job type it handles."""
        return self._job_type

    def then_complete(self, variables: Mapping[str, Any] | None = None) -> MockJobWorker:
        """Complete every job with ``variables``."""
        return self._start(JobMock("complete", dict(variables or {})))

    def then_throw_error(
        self, error_code: str, error_message: str = "", variables: Mapping[str, Any] | None = None
    ) -> MockJobWorker:
        """Throw a BPMN error with ``error_code`` for every job."""
        return self._start(JobMock("throw_error", dict(variables or {}), error_code, error_message))

    def then_fail(self, error_message: str, retries: int = 0) -> MockJobWorker:
        """Fail every job, leaving ``retries`` retries (0 raises an incident)."""
        return self._start(JobMock("fail", {}, "", error_message, retries))

    def _start(self, mock: JobMock) -> MockJobWorker:
        if self._task is not None:
            raise RuntimeError(f"the mock for '{self._job_type}' already has a behaviour")
        self._task = asyncio.get_running_loop().create_task(self._work(mock))
        return self

    async def _work(self, mock: JobMock) -> None:
        engine = self._engine
        while True:
            try:
                jobs = await engine.activate_jobs(
                    self._job_type, _MOCK_WORKER, _JOB_TIMEOUT, 32, request_timeout=_POLL
                )
                for job in jobs:
                    # Recorded before answering: a test that sees the answer's effect must find the job here.
                    self.handled.append(job)
                    await self._answer(job, mock)
            except (CommandRejectedError, EngineFailedError):
                await asyncio.sleep(_POLL.total_seconds() / 10)

    async def _answer(self, job: ActivatedJob, mock: JobMock) -> None:
        engine = self._engine
        if mock.outcome == "complete":
            await engine.complete_job(job.key, mock.variables)
        elif mock.outcome == "throw_error":
            await engine.throw_error(job.key, mock.error_code, mock.error_message, mock.variables)
        else:
            await engine.fail_job(job.key, mock.retries, mock.error_message)

    async def stop(self) -> None:
        """Stop handling jobs."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
