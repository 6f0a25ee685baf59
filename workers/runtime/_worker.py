"""A pyzeebe ``ZeebeWorker`` with the fleet's intake (backpressure, back-off) and a bounded graceful stop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import anyio
import grpc
import structlog
from pyzeebe import Job, JobController, ZeebeWorker
from pyzeebe.worker.job_executor import JobExecutor, create_job_callback

from workers.runtime._intake import IntakeConfig, JobPolling, JobStreaming
from workers.runtime._metrics import FleetMetrics
from workers.runtime._slots import JobSlots

__all__ = ["FleetWorker"]

_log = structlog.get_logger("workers.worker")
_CANCEL_WAIT = timedelta(seconds=10)


class _TrackingJobExecutor(JobExecutor):
    """pyzeebe's executor, but it keeps the tasks of the jobs it runs so a stop can cancel them in time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.running: set[asyncio.Task[None]] = set()

    async def execute(self) -> None:
        while self.should_execute():
            job = await self.get_next_job()
            task = asyncio.create_task(self.execute_one_job(job, JobController(job, self.zeebe_adapter)))
            self.running.add(task)
            task.add_done_callback(self._finished_callback(job))

    def _finished_callback(self, job: Job) -> Callable[[asyncio.Task[None]], None]:
        # One callback per job (each one is a scheduled loop callback): forget the task, then pyzeebe's own.
        release = create_job_callback(self, job)

        def finished(task: asyncio.Task[None]) -> None:
            self.running.discard(task)
            release(task)

        return finished


class FleetWorker(ZeebeWorker):
    """Runs every registered task: intake (poll, optionally stream) feeding pyzeebe's ``JobExecutor``.

    The adapter never gives up on connection errors (``max_connection_retries=-1``). :meth:`stop` stops intake
    at once, waits for the jobs in flight up to a grace period, then ends :meth:`work`.
    """

    def __init__(
        self,
        grpc_channel: grpc.aio.Channel,
        *,
        intake: IntakeConfig,
        metrics: FleetMetrics,
    ) -> None:
        super().__init__(
            grpc_channel,
            name=intake.worker_name,
            max_connection_retries=-1,
            tenant_ids=list(intake.tenant_ids) or None,
            stream_enabled=intake.stream_enabled,
        )
        self._intake_config = intake
        self._metrics = metrics
        self.slots: dict[str, JobSlots] = {}
        self._queues: dict[str, asyncio.Queue[Job]] = {}
        self._intake_scope = anyio.CancelScope()
        self._executors: list[_TrackingJobExecutor] = []

    def _build(self) -> tuple[list[JobPolling | JobStreaming], list[JobExecutor]]:
        intakes: list[JobPolling | JobStreaming] = []
        executors: list[JobExecutor] = []
        for task in self.tasks:
            queue: asyncio.Queue[Job] = asyncio.Queue()
            slots = JobSlots(task.config.max_running_jobs)
            self.slots[task.type], self._queues[task.type] = slots, queue
            self._metrics.jobs_capacity.labels(task.type).set(slots.capacity)
            self._metrics.jobs_in_flight.labels(task.type).set_function(slots.count_active)
            # A stream keeps one slot reserved while idle; with a single slot, polling could never back-fill.
            streaming = self._stream_enabled and slots.capacity >= 2
            if self._stream_enabled and not streaming:
                _log.warning("worker.streaming_needs_two_slots", task_type=task.type)
            kinds: list[type[JobPolling | JobStreaming]] = (
                [JobPolling, JobStreaming] if streaming else [JobPolling]
            )
            for kind in kinds:
                intakes.append(
                    kind(
                        adapter=self.zeebe_adapter,
                        task=task,
                        queue=queue,
                        slots=slots,
                        config=replace(self._intake_config, stream_enabled=streaming),
                        metrics=self._metrics,
                    )
                )
            executor = _TrackingJobExecutor(task, queue, slots, self.zeebe_adapter)
            self._executors.append(executor)
            executors.append(executor)
        return intakes, executors

    async def work(self) -> None:
        """Run until :meth:`stop`; raises if intake fails for a reason back-off cannot fix."""
        intakes, executors = self._build()
        try:
            async with anyio.create_task_group() as group:
                group.start_soon(self._run_intake, intakes)
                for executor in executors:
                    group.start_soon(executor.execute)
                await self._stop_event.wait()
                group.cancel_scope.cancel()
        finally:
            self._abandon_queued_jobs()
            if self._stop_event.is_set():
                await self.cancel_running_jobs()

    async def _run_intake(self, intakes: list[JobPolling | JobStreaming]) -> None:
        with self._intake_scope:
            async with anyio.create_task_group() as group:
                for intake in intakes:
                    group.start_soon(intake.run)

    def _abandon_queued_jobs(self) -> None:
        # Jobs still queued when the executors stop were never started: the engine redelivers them on timeout.
        for task_type, queue in self._queues.items():
            while not queue.empty():
                job = queue.get_nowait()
                self.slots[task_type].remove(job)
                queue.task_done()

    async def cancel_running_jobs(self) -> None:
        """Cancel the jobs still running (after the grace period) and wait for their clean-up.

        Called while the idempotency store is still open, so their claims are released; the engine hands the
        jobs out again after their timeout.
        """
        running = {task for executor in self._executors for task in executor.running}
        if not running:
            return
        _log.warning("worker.cancelling_jobs", jobs=len(running))
        for task in running:
            task.cancel()
        await asyncio.wait(running, timeout=_CANCEL_WAIT.total_seconds())

    def stop_intake(self) -> None:
        """Stop activating jobs (pollers and streams are cancelled at once)."""
        self._intake_scope.cancel()

    @property
    def jobs_in_flight(self) -> int:
        """Jobs received and not finished, all task types together."""
        return sum(slots.count_active() for slots in self.slots.values())

    async def drain(self, grace: timedelta) -> int:
        """Wait up to ``grace`` for the jobs in flight; return how many were still running."""
        try:
            async with asyncio.timeout(grace.total_seconds()):
                for slots in self.slots.values():
                    await slots.wait_idle()
        except TimeoutError:
            _log.warning("worker.drain_incomplete", jobs_in_flight=self.jobs_in_flight)
        return self.jobs_in_flight

    async def stop(self, grace: timedelta = timedelta(seconds=30)) -> None:
        """Stop intake, drain jobs in flight for at most ``grace``, then end :meth:`work`."""
        self.stop_intake()
        await self.drain(grace)
        self._stop_event.set()
