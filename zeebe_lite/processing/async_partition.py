"""The asyncio front of the engine: batched processing on the loop, group commits in a worker thread.

See :mod:`zeebe_lite.engine` for the API overview.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from zeebe_lite.clock import Clock
from zeebe_lite.log import PreparedBatch
from zeebe_lite.processing import commands as cmd
from zeebe_lite.processing.commands import ActivatedJob, CommandRejectedError, DecisionEvaluation
from zeebe_lite.processing.context import InstanceResult
from zeebe_lite.processing.partition import (
    Engine,
    EngineFailedError,
    activatable_job_types,
    activated_jobs,
    decision_evaluation,
)
from zeebe_lite.processing.scheduler import due_commands
from zeebe_lite.processing.stream_processor import BatchResult
from zeebe_lite.processing.writers import CommandResponse
from zeebe_lite.records import (
    NO_KEY,
    DeploymentRecord,
    ModificationActivateInstruction,
    ProcessInstanceCreationIntent,
    ProcessInstanceCreationRecord,
    ProcessInstanceMigrationMappingInstruction,
    ProcessInstanceMigrationRecord,
    ProcessInstanceModificationRecord,
    Record,
)
from zeebe_lite.state.views import StateView

__all__ = ["AsyncEngine"]

LOG = logging.getLogger(__name__)

_PendingCommit = tuple[BatchResult, PreparedBatch | None, int, list[asyncio.Future[CommandResponse]]]
"""A processed batch waiting for durability: result, encoded records, due-command count, client futures."""


class AsyncEngine:
    """The asyncio front of :class:`Engine`: batched processing on the loop, durable group commits in a thread.

    Create it with :meth:`open` inside a running event loop and :meth:`close` it when done.
    """

    def __init__(self, engine: Engine, *, max_batch: int = 256, snapshot_every: int = 200_000) -> None:
        """Wrap ``engine``; call :meth:`start` (``open`` does) before submitting.

        A state snapshot is stored whenever ``snapshot_every`` records were written since the last one.
        """
        self._engine = engine
        self._max_batch = max_batch
        self._snapshot_every = snapshot_every
        self._pending: list[tuple[Record[Any], asyncio.Future[CommandResponse]]] = []
        self._wakeup = asyncio.Event()
        self._commits: asyncio.Queue[_PendingCommit | None] = asyncio.Queue()
        self._job_waiters: dict[str, list[asyncio.Future[None]]] = {}
        self._results: dict[int, asyncio.Future[InstanceResult]] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._closed = False
        self._unsubscribe_clock: Any = None

    @classmethod
    async def open(
        cls,
        path: str | Path | None = None,
        *,
        clock: Clock | None = None,
        max_batch: int = 256,
        snapshot_every: int = 200_000,
        compact_log: bool = False,
    ) -> AsyncEngine:
        """Open (and replay) the engine in a worker thread, then start processing.

        ``compact_log`` deletes the records each snapshot covers (bounded disk use, no full history).
        """
        engine = await asyncio.to_thread(Engine.open, path, clock=clock, compact_log=compact_log)
        wrapper = cls(engine, max_batch=max_batch, snapshot_every=snapshot_every)
        wrapper.start()
        return wrapper

    @property
    def engine(self) -> Engine:
        """The synchronous engine (read its ``state`` for queries; do not submit to it directly)."""
        return self._engine

    @property
    def state(self) -> StateView:
        """The current state (read-only; includes effects of batches still being written)."""
        return self._engine.state

    @property
    def busy(self) -> bool:
        """True while commands wait to be processed, batches to be written, or clock work is due."""
        if self._pending or self._engine.has_unwritten:
            return True
        due = self._engine.next_due_time()
        return due is not None and due <= self._engine.clock.millis()

    def start(self) -> None:
        """Start the processing and commit tasks on the running loop."""
        loop = asyncio.get_running_loop()
        self._tasks = [loop.create_task(self._process_loop()), loop.create_task(self._commit_loop())]

        def wake() -> None:
            loop.call_soon_threadsafe(self._wakeup.set)

        self._unsubscribe_clock = self._engine.clock.on_change(wake)

    async def close(self) -> None:
        """Stop accepting commands, finish the in-flight batches, close the log."""
        if self._closed:
            return
        self._closed = True
        if self._unsubscribe_clock is not None:
            self._unsubscribe_clock()
        self._wakeup.set()
        if self._tasks:
            await self._tasks[0]
            await self._commits.put(None)
            await self._tasks[1]
        for _, future in self._pending:
            if not future.done():
                future.set_exception(EngineFailedError("engine closed"))
        for waiters in self._job_waiters.values():
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_result(None)
        for result_waiter in self._results.values():
            if not result_waiter.done():
                result_waiter.set_exception(EngineFailedError("engine closed"))
        await asyncio.to_thread(self._engine.close)

    # ------------------------------------------------------------------------------------------ core

    async def submit(self, command: Record[Any]) -> CommandResponse:
        """Queue a command; returns its answer once its records are durable."""
        if self._closed:
            raise EngineFailedError("engine closed")
        future: asyncio.Future[CommandResponse] = asyncio.get_running_loop().create_future()
        self._pending.append((command, future))
        self._wakeup.set()
        return await future

    async def _accepted(self, command: Record[Any]) -> CommandResponse:
        response = await self.submit(command)
        if response.rejection_type is not None:
            raise CommandRejectedError(
                response.rejection_type, response.rejection_reason, command.intent.value
            )
        return response

    async def _process_loop(self) -> None:
        engine = self._engine
        clock = engine.clock
        loop = asyncio.get_running_loop()
        while not (self._closed and not self._pending):
            if not self._pending:
                due_at = engine.next_due_time()
                alarm = None
                if due_at is not None:
                    alarm = loop.call_later(max(0.0, (due_at - clock.millis()) / 1000), self._wakeup.set)
                await self._wakeup.wait()
                if alarm is not None:
                    alarm.cancel()
            self._wakeup.clear()
            batch = self._pending[: self._max_batch]
            del self._pending[: self._max_batch]
            due = due_commands(engine.state, clock.millis())
            if not batch and not due:
                continue
            try:
                result = engine.process([*due, *(command for command, _ in batch)], set(self._results))
                prepared = engine.prepare(result.records) if result.records else None
            except Exception as error:
                if not isinstance(error, EngineFailedError):
                    LOG.exception("the engine failed; it rejects every further command")
                    engine.fail(error)
                for _, future in batch:
                    if not future.done():
                        future.set_exception(EngineFailedError("the engine failed"))
                continue
            loop = asyncio.get_running_loop()
            for (command, _), response in zip(batch, result.responses[len(due) :], strict=True):
                if (
                    command.intent is ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT
                    and response.record is not None
                ):
                    self._results.setdefault(response.record.key, loop.create_future())
            if self._job_waiters:
                self._notify_jobs(activatable_job_types(result.records))
            await self._commits.put((result, prepared, len(due), [future for _, future in batch]))
            await asyncio.sleep(0)

    async def _commit_loop(self) -> None:
        while True:
            item = await self._commits.get()
            if item is None:
                return
            batches = [item]
            while not self._commits.empty():
                extra = self._commits.get_nowait()
                if extra is None:
                    await self._commits.put(None)
                    break
                batches.append(extra)
            prepared = [batch for _, batch, _, _ in batches if batch is not None]
            try:
                if prepared:
                    await asyncio.to_thread(self._engine.write, prepared)
            except EngineFailedError as error:
                for _, _, _, futures in batches:
                    for future in futures:
                        if not future.done():
                            future.set_exception(error)
                continue
            if self._engine.records_since_snapshot >= self._snapshot_every:
                snapshot = self._engine.prepare_snapshot()
                if snapshot is not None:
                    await asyncio.to_thread(self._engine.store_snapshot, snapshot)
            for result, _, due_count, futures in batches:
                for future, response in zip(futures, result.responses[due_count:], strict=True):
                    if not future.done():
                        future.set_result(response)
                for instance_result in result.instance_results:
                    waiter = self._results.get(instance_result.process_instance_key)
                    if waiter is not None and not waiter.done():
                        waiter.set_result(instance_result)

    def _notify_jobs(self, job_types: set[str]) -> None:
        if not job_types or not self._job_waiters:
            return
        wake_all = "*" in job_types
        for job_type in list(self._job_waiters) if wake_all else job_types:
            for waiter in self._job_waiters.pop(job_type, ()):
                if not waiter.done():
                    waiter.set_result(None)

    # ------------------------------------------------------------------------------------------ API

    async def deploy(
        self, resources: Mapping[str, bytes | str] | Iterable[tuple[str, bytes | str]]
    ) -> DeploymentRecord:
        """Deploy BPMN/DMN resources atomically."""
        value: DeploymentRecord = (await self._accepted(cmd.deploy_command(resources))).value
        return value

    async def create_process_instance(
        self,
        *,
        bpmn_process_id: str = "",
        version: int = -1,
        process_definition_key: int = NO_KEY,
        variables: Mapping[str, Any] | None = None,
        start_element_ids: Iterable[str] = (),
    ) -> ProcessInstanceCreationRecord:
        """Start an instance at the none start event (or at ``start_element_ids``, nested elements too)."""
        command = cmd.create_instance_command(
            bpmn_process_id=bpmn_process_id,
            version=version,
            process_definition_key=process_definition_key,
            variables=variables,
            start_element_ids=start_element_ids,
        )
        value: ProcessInstanceCreationRecord = (await self._accepted(command)).value
        return value

    async def create_process_instance_with_result(
        self,
        *,
        bpmn_process_id: str = "",
        version: int = -1,
        process_definition_key: int = NO_KEY,
        variables: Mapping[str, Any] | None = None,
        request_timeout: dt.timedelta = dt.timedelta(seconds=10),
        fetch_variables: Iterable[str] = (),
        start_element_ids: Iterable[str] = (),
    ) -> tuple[ProcessInstanceCreationRecord, InstanceResult]:
        """Start an instance and wait until it completes; raises TimeoutError after ``request_timeout``.

        The result holds the root scope's variables (only ``fetch_variables`` when given); ``completed`` is
        False when the instance was canceled instead.
        """
        command = cmd.create_instance_command(
            bpmn_process_id=bpmn_process_id,
            version=version,
            process_definition_key=process_definition_key,
            variables=variables,
            await_result=True,
            start_element_ids=start_element_ids,
        )
        created: ProcessInstanceCreationRecord = (await self._accepted(command)).value
        key = created.process_instance_key
        waiter = self._results.setdefault(key, asyncio.get_running_loop().create_future())
        try:
            result = await asyncio.wait_for(asyncio.shield(waiter), request_timeout.total_seconds())
        finally:
            self._results.pop(key, None)
        names = tuple(fetch_variables)
        if names:
            result = InstanceResult(
                key,
                {name: result.variables[name] for name in names if name in result.variables},
                result.completed,
            )
        return created, result

    async def cancel_process_instance(self, process_instance_key: int) -> None:
        """Terminate a running instance."""
        await self._accepted(cmd.cancel_command(process_instance_key))

    async def modify_process_instance(
        self,
        process_instance_key: int,
        activate: Iterable[ModificationActivateInstruction] = (),
        terminate: Iterable[int] = (),
    ) -> ProcessInstanceModificationRecord:
        """Activate elements and terminate element instances of a live instance (all or nothing)."""
        response = await self._accepted(cmd.modify_command(process_instance_key, activate, terminate))
        value: ProcessInstanceModificationRecord = response.value
        return value

    async def migrate_process_instance(
        self,
        process_instance_key: int,
        target_process_definition_key: int,
        mapping_instructions: Iterable[ProcessInstanceMigrationMappingInstruction] = (),
    ) -> ProcessInstanceMigrationRecord:
        """Move a live instance to another process definition (every active element must be mapped)."""
        command = cmd.migrate_command(
            process_instance_key, target_process_definition_key, mapping_instructions
        )
        value: ProcessInstanceMigrationRecord = (await self._accepted(command)).value
        return value

    async def delete_resource(self, resource_key: int) -> None:
        """Delete a process definition (it drains) or a DMN resource (DRG)."""
        await self._accepted(cmd.delete_resource_command(resource_key))

    async def activate_jobs(
        self,
        job_type: str,
        worker: str,
        job_timeout: dt.timedelta,
        max_jobs: int,
        fetch_variables: Iterable[str] = (),
        *,
        request_timeout: dt.timedelta | None = None,
    ) -> list[ActivatedJob]:
        """Activate up to ``max_jobs`` jobs; with ``request_timeout`` wait (long poll) until at least one exists."""
        names = tuple(fetch_variables)
        command = cmd.activate_jobs_command(job_type, worker, job_timeout, max_jobs, names)
        loop = asyncio.get_running_loop()
        deadline = None if request_timeout is None else loop.time() + request_timeout.total_seconds()
        while True:
            jobs = activated_jobs(await self._accepted(command))
            if jobs or deadline is None:
                return jobs
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            if not await self._wait_for_type(job_type, remaining):
                return []

    async def wait_for_jobs(self, job_type: str, within: dt.timedelta) -> bool:
        """Wait until a job of the type may be activatable; False when none appeared ``within``."""
        return await self._wait_for_type(job_type, within.total_seconds())

    async def _wait_for_type(self, job_type: str, seconds: float) -> bool:
        if self._engine.state.jobs.has_activatable(job_type):
            return True
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._job_waiters.setdefault(job_type, []).append(waiter)
        try:
            await asyncio.wait_for(waiter, seconds)
        except TimeoutError:
            return False
        finally:
            waiters = self._job_waiters.get(job_type)
            if waiters is not None and waiter in waiters:
                waiters.remove(waiter)
                if not waiters:
                    del self._job_waiters[job_type]
        return True

    async def complete_job(self, key: int, variables: Mapping[str, Any] | None = None) -> None:
        """Complete a job."""
        await self._accepted(cmd.complete_job_command(key, variables))

    async def fail_job(
        self,
        key: int,
        retries: int,
        error_message: str = "",
        retry_backoff: dt.timedelta = dt.timedelta(0),
        variables: Mapping[str, Any] | None = None,
    ) -> None:
        """Fail a job, leaving ``retries`` retries (0 raises an incident)."""
        await self._accepted(cmd.fail_job_command(key, retries, error_message, retry_backoff, variables))

    async def throw_error(
        self, key: int, error_code: str, error_message: str = "", variables: Mapping[str, Any] | None = None
    ) -> None:
        """Throw a BPMN error from a job."""
        await self._accepted(cmd.throw_error_command(key, error_code, error_message, variables))

    async def update_job_retries(self, key: int, retries: int) -> None:
        """Give a job new retries."""
        await self._accepted(cmd.update_retries_command(key, retries))

    async def update_job_timeout(self, key: int, job_timeout: dt.timedelta) -> None:
        """Move an activated job's deadline to now + ``job_timeout``."""
        await self._accepted(cmd.update_timeout_command(key, job_timeout))

    async def set_variables(
        self, element_instance_key: int, variables: Mapping[str, Any], *, local: bool = False
    ) -> int:
        """Set variables on a scope; returns the command's key."""
        response = await self._accepted(cmd.set_variables_command(element_instance_key, variables, local))
        assert response.record is not None
        return response.record.key

    async def resolve_incident(self, key: int) -> None:
        """Resolve an incident."""
        await self._accepted(cmd.resolve_incident_command(key))

    async def publish_message(
        self,
        name: str,
        correlation_key: str,
        time_to_live: dt.timedelta = dt.timedelta(0),
        message_id: str = "",
        variables: Mapping[str, Any] | None = None,
    ) -> int:
        """Publish a message; returns its key."""
        command = cmd.publish_message_command(name, correlation_key, time_to_live, message_id, variables)
        response = await self._accepted(command)
        assert response.record is not None
        return response.record.key

    async def broadcast_signal(self, signal_name: str, variables: Mapping[str, Any] | None = None) -> int:
        """Broadcast a signal; returns its key."""
        response = await self._accepted(cmd.broadcast_signal_command(signal_name, variables))
        assert response.record is not None
        return response.record.key

    async def complete_user_task(self, key: int, variables: Mapping[str, Any] | None = None) -> None:
        """Complete a Camunda user task (``zeebe:userTask``)."""
        await self._accepted(cmd.complete_user_task_command(key, variables))

    async def assign_user_task(self, key: int, assignee: str) -> None:
        """Assign a Camunda user task (an empty assignee unassigns it)."""
        await self._accepted(cmd.assign_user_task_command(key, assignee))

    async def evaluate_decision(
        self,
        *,
        decision_id: str = "",
        decision_key: int = NO_KEY,
        variables: Mapping[str, Any] | None = None,
    ) -> DecisionEvaluation:
        """Evaluate a deployed decision; a DECISION_EVALUATION record reports it (its key is the answer's)."""
        command = cmd.evaluate_decision_command(
            decision_id=decision_id, decision_key=decision_key, variables=variables
        )
        return decision_evaluation(await self._accepted(command))
