"""The zeebe_lite engine: one partition, an append-only record log, state rebuilt by replaying events.

Architecture
------------
Every request is a *command* record. :class:`~zeebe_lite.processing.stream_processor.StreamProcessor` hands
it to the one processor registered for its (value type, intent) in :mod:`zeebe_lite.processing.table`; the
processor reads the read-only :class:`~zeebe_lite.state.views.StateView`, writes *events* (applied to the
in-memory state at once by the event appliers in :mod:`zeebe_lite.state.appliers`, the only code that
mutates state) and *follow-up commands*, processed in order until nothing is left. BPMN semantics live in
:mod:`zeebe_lite.bpmn` (element lifecycle commands, one thin processor per element kind, shared behaviours).
All records of a batch are appended to the log in one transaction; only after that the client gets its
answer. On open, the latest state snapshot is loaded and the log's later events are replayed, so an
acknowledged command survives ``kill -9``. A command whose processing raises (an engine bug) is answered
with a PROCESSING_ERROR rejection; the state is rebuilt without its effects.

Time comes from a :class:`~zeebe_lite.clock.Clock`; timers, job deadlines, retry back-offs and message TTLs
become TIMER TRIGGER / JOB TIME_OUT / JOB RECUR_AFTER_BACKOFF / MESSAGE EXPIRE commands when due.

Supported BPMN (Camunda 8.8 semantics): none/message/timer/signal start events; none, error, terminate,
signal, escalation and job-based (message) end events; intermediate timer/message/signal/link catch events,
none/signal/escalation/link/job-based throw events; boundary events (timer, message, signal, error,
escalation; interrupting or not, cycles); service, send, job-worker user, script (FEEL or job), business
rule (DMN or job), receive, manual and undefined tasks; Camunda user tasks; embedded, event and call
subprocesses; exclusive, parallel, inclusive and event-based gateways; parallel and sequential
multi-instance. Deploying anything else (execution/task listeners, compensation, ad-hoc subprocesses, ...)
is rejected with INVALID_ARGUMENT instead of running wrongly.

Synchronous API (tests, tools; one thread at a time)
----------------------------------------------------
::

    engine = Engine.open("data/engine.db", clock=ManualClock())    # or Engine.open(None) for in-memory
    deployment = engine.deploy({"order.bpmn": xml_bytes})           # -> DeploymentRecord (processes_metadata,
                                                                    #    decisions_metadata, ...)
    created = engine.create_process_instance(bpmn_process_id="order", variables={"id": 1})   # or by key/version
    jobs = engine.activate_jobs("charge", "w1", job_timeout=timedelta(seconds=30), max_jobs=10,
                                fetch_variables=["id"])           # -> list[ActivatedJob(key, record)]
    engine.complete_job(jobs[0].key, {"paid": True})
    engine.fail_job(key, retries=2, error_message="boom", retry_backoff=timedelta(seconds=5))
    engine.throw_error(key, "NOT_FOUND", "no such customer", variables={...})
    engine.update_job_retries(key, 3); engine.update_job_timeout(key, timedelta(minutes=1))
    engine.resolve_incident(incident_key)
    engine.set_variables(element_instance_key, {"x": 1}, local=False)    # -> key
    engine.publish_message("paid", "order-1", time_to_live=timedelta(minutes=5), message_id="m-1")  # -> key
    engine.broadcast_signal("stop", {...}); engine.cancel_process_instance(process_instance_key)
    engine.complete_user_task(user_task_key, {"approved": True}); engine.assign_user_task(key, "ada")
    decision, result = engine.evaluate_decision(decision_id="discount", variables={...})   # DMN, no record
    engine.run_due()                       # process what the clock made due (also done before every command)
    engine.state                           # read-only StateView: deployments, element_instances, variables,
                                           #   jobs, incidents, messages, timers, signals, user_tasks
    engine.records()                       # the committed record stream (RecordStream(...) filters it)
    engine.take_snapshot(); engine.close() # close() snapshots too

A rejected command raises :class:`CommandRejectedError` with ``rejection_type`` (Zeebe's RejectionType) and
``reason``; map NOT_FOUND -> NOT_FOUND, INVALID_ARGUMENT -> INVALID_ARGUMENT, INVALID_STATE ->
FAILED_PRECONDITION, ALREADY_EXISTS -> ALREADY_EXISTS, PROCESSING_ERROR -> INTERNAL.
``engine.execute([command, ...])`` processes raw command records (built with
:mod:`zeebe_lite.processing.commands`) and returns :class:`CommandResponse` objects without raising.

Asynchronous API (the gRPC gateway; asyncio)
-------------------------------------------
:class:`AsyncEngine` owns an :class:`Engine` and runs it on the event loop's thread: commands submitted from
any number of coroutines are processed in batches, encoded, and appended to the log in a worker thread
(group commit: one fsync per group of batches), pipelined with the processing of the next batch. Every
coroutine gets its answer only after its records are durable. ::

    engine = await AsyncEngine.open("data/engine.db", snapshot_every=200_000)
    await engine.deploy(...); await engine.create_process_instance(...)
    jobs = await engine.activate_jobs("charge", "w1", timedelta(seconds=30), 32,
                                      request_timeout=timedelta(seconds=10))   # long poll (None: no wait)
    await engine.complete_job(key, variables)        # fail_job, throw_error, update_job_* ... as above
    created, result = await engine.create_process_instance_with_result(
        bpmn_process_id="order", request_timeout=timedelta(seconds=10), fetch_variables=["total"])
    # result.completed is False when the instance was canceled; TimeoutError after request_timeout
    await engine.wait_for_jobs("charge", within=timedelta(seconds=5))   # for job streaming: then activate
    engine.busy                                      # commands queued/unwritten or clock work due
    engine.state, engine.engine.records()            # queries (state includes not-yet-written batches)
    await engine.close()

Timers and timeouts fire by themselves (a background task sleeps until the next due time; a
:class:`~zeebe_lite.clock.ManualClock` wakes it whenever it is advanced).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import pickle
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from zeebe_lite.bpmn.behaviors.decisions import DecisionEvaluator
from zeebe_lite.clock import Clock, SystemClock
from zeebe_lite.dmn import DecisionEvaluationResult
from zeebe_lite.log import MemoryLog, PreparedBatch, RecordLog, Snapshot, SnapshotStore, SqliteLog
from zeebe_lite.model.bpmn import BpmnDefinitions
from zeebe_lite.parser.bpmn import parse_bpmn
from zeebe_lite.processing import commands as cmd
from zeebe_lite.processing._protocol import ProcessorTable
from zeebe_lite.processing.commands import ActivatedJob, CommandRejectedError
from zeebe_lite.processing.context import InstanceResult
from zeebe_lite.processing.keys import KeyGenerator
from zeebe_lite.processing.scheduler import due_commands, next_due_time
from zeebe_lite.processing.stream_processor import BatchResult, StreamProcessor
from zeebe_lite.processing.writers import CommandResponse
from zeebe_lite.records import (
    NO_KEY,
    DecisionRecord,
    DeploymentRecord,
    IncidentIntent,
    JobBatchRecord,
    JobIntent,
    ProcessInstanceCreationIntent,
    ProcessInstanceCreationRecord,
    Record,
    RecordType,
    RejectionType,
    ValueType,
)
from zeebe_lite.state.appliers import EventApplier
from zeebe_lite.state.memory import EngineState
from zeebe_lite.state.views import StateView

__all__ = [
    "ActivatedJob",
    "AsyncEngine",
    "CommandRejectedError",
    "CommandResponse",
    "Engine",
    "EngineFailedError",
    "InstanceResult",
]


LOG = logging.getLogger(__name__)
_SNAPSHOT_FORMAT = b"zeebe_lite-state-v1\n"
"""Prefix of snapshot data; bump it whenever a state class changes shape (old snapshots are then ignored)."""


class EngineFailedError(Exception):
    """The log could not store a batch: in-memory state is ahead of the log, so the engine stopped."""


def _parse(text: str, resource_name: str) -> BpmnDefinitions:
    return parse_bpmn(text, resource_name=resource_name)


class Engine:
    """The synchronous engine core. Not thread-safe: use it from one thread (AsyncEngine does)."""

    def __init__(self, log: RecordLog, clock: Clock, processors: ProcessorTable | None = None) -> None:
        """Replay ``log`` into a fresh state; use :meth:`open` instead (``processors`` replaces the command
        processor table, for tests)."""
        self._log = log
        self._clock = clock
        self._processors = processors
        snapshot = log.latest_snapshot() if isinstance(log, SnapshotStore) else None
        next_keys = [
            key for key in (log.next_key, None if snapshot is None else snapshot.next_key) if key is not None
        ]
        self._keys = KeyGenerator(max(next_keys) if next_keys else None)
        self._snapshot_position = 0 if snapshot is None else snapshot.position
        self._uncommitted: deque[tuple[int, list[Record[Any]]]] = deque()
        self._lock = threading.Lock()
        self._failed: BaseException | None = None
        self._state, self._processor = self._rebuild()

    def _rebuild(self) -> tuple[EngineState, StreamProcessor]:
        """A state replayed from the committed log plus the processed-but-unwritten batches."""
        last = self._log.last_position
        state, start = self._load_snapshot(last)
        applier = EventApplier(state)
        for record in self._log.read(start):
            if record.position > last:
                break
            if record.record_type is RecordType.EVENT:
                applier.apply(record)
        for _, records in self._uncommitted:
            for record in records:
                if record.position > last and record.record_type is RecordType.EVENT:
                    applier.apply(record)
                last = max(last, record.position)
        previous = getattr(self, "_processor", None)
        processor = StreamProcessor(state, self._keys, last + 1, self._processors)
        if previous is not None:
            processor.share_caches(previous)
        return state, processor

    def _load_snapshot(self, last: int) -> tuple[EngineState, int]:
        """The latest usable snapshot's state and the first position to replay after it."""
        snapshot = self._log.latest_snapshot() if isinstance(self._log, SnapshotStore) else None
        if snapshot is None or snapshot.position > last or not snapshot.data.startswith(_SNAPSHOT_FORMAT):
            return EngineState(_parse), 1
        try:
            state = pickle.loads(snapshot.data[len(_SNAPSHOT_FORMAT) :])
        except Exception:
            LOG.warning(
                "ignoring an unreadable snapshot at position %d; replaying the whole log", snapshot.position
            )
            return EngineState(_parse), 1
        if not isinstance(state, EngineState):
            return EngineState(_parse), 1
        return state, snapshot.position + 1

    def take_snapshot(self) -> bool:
        """Store the current state as a snapshot (only when every processed batch is written; else False).

        A restart then replays only the records after it. The snapshot is a pickle of the state, read back
        only from the engine's own log file.
        """
        snapshot = self.prepare_snapshot()
        if snapshot is None:
            return False
        self.store_snapshot(snapshot)
        return True

    def prepare_snapshot(self) -> Snapshot | None:
        """Serialize the state (on the processing thread), or None when batches are still unwritten."""
        if not isinstance(self._log, SnapshotStore):
            return None
        with self._lock:
            if self._uncommitted:
                return None
            position = self._log.last_position
            data = _SNAPSHOT_FORMAT + pickle.dumps(self._state, protocol=pickle.HIGHEST_PROTOCOL)
        return Snapshot(position, self._keys.peek, data)

    def store_snapshot(self, snapshot: Snapshot) -> None:
        """Write a prepared snapshot (any thread, not concurrently with :meth:`write`)."""
        if isinstance(self._log, SnapshotStore):
            self._log.write_snapshot(snapshot)
            self._snapshot_position = snapshot.position

    def fail(self, error: BaseException) -> None:
        """Stop the engine after an unrecoverable error: every later command raises EngineFailedError."""
        self._failed = error

    @property
    def has_unwritten(self) -> bool:
        """True while processed batches are not yet in the log."""
        with self._lock:
            return bool(self._uncommitted)

    @property
    def records_since_snapshot(self) -> int:
        """How many committed records a restart would replay."""
        return self._log.last_position - self._snapshot_position

    @classmethod
    def open(cls, path: str | Path | None = None, *, clock: Clock | None = None) -> Engine:
        """Open the engine on a SQLite log file (created when missing), or in memory when ``path`` is None."""
        log: RecordLog = MemoryLog() if path is None else SqliteLog(path)
        return cls(log, clock or SystemClock())

    def close(self) -> None:
        """Snapshot the state (when anything happened since the last snapshot) and close the log."""
        if self.records_since_snapshot > 0 and self._failed is None:
            try:
                self.take_snapshot()
            except Exception:
                LOG.exception("could not store a snapshot on close")
        self._log.close()

    # ------------------------------------------------------------------------------------------ core

    @property
    def state(self) -> StateView:
        """The current state (read-only)."""
        return self._state

    def snapshot(self) -> dict[str, object]:
        """The whole state as comparable data (replaying the log reproduces it)."""
        return self._state.snapshot()

    @property
    def clock(self) -> Clock:
        """The engine's clock."""
        return self._clock

    def records(self, from_position: int = 1) -> Iterator[Record[Any]]:
        """The committed record stream."""
        return self._log.read(from_position)

    def process(self, commands: Sequence[Record[Any]], awaited: set[int] | None = None) -> BatchResult:
        """Process a batch in memory (not yet durable); the caller must :meth:`commit` the result's records.

        A command whose processing raises (an engine bug) is answered with a PROCESSING_ERROR rejection:
        the state is rebuilt from the log and the batch's other commands are processed again one by one.
        """
        if self._failed is not None:
            raise EngineFailedError("the engine stopped after a failed write") from self._failed
        now = self._clock.millis()
        awaited_keys = set() if awaited is None else awaited
        try:
            result = self._processor.process_batch(commands, now, awaited_keys)
        except Exception:
            return self._process_isolated(commands, now, awaited_keys)
        self._remember(result.records)
        return result

    def _process_isolated(self, commands: Sequence[Record[Any]], now: int, awaited: set[int]) -> BatchResult:
        with self._lock:
            self._state, self._processor = self._rebuild()
        merged = BatchResult([], [])
        for command in commands:
            try:
                single = self._processor.process_batch([command], now, awaited)
            except Exception as error:
                LOG.exception("processing %s.%s failed", command.value_type, command.intent)
                with self._lock:
                    self._state, self._processor = self._rebuild()
                single = self._processor.reject_batch(command, now, f"processing failed: {error!r}")
            merged.records.extend(single.records)
            merged.responses.extend(single.responses)
            merged.instance_results.extend(single.instance_results)
            self._remember(single.records)
        return merged

    def _remember(self, records: list[Record[Any]]) -> None:
        if records:
            with self._lock:
                self._uncommitted.append((records[-1].position, records))

    def _forget_through(self, position: int) -> None:
        """Drop remembered batches that are now in the log."""
        with self._lock:
            while self._uncommitted and self._uncommitted[0][0] <= position:
                self._uncommitted.popleft()

    def commit(self, records: Sequence[Record[Any]]) -> None:
        """Append processed records to the log durably (in processing order)."""
        if records:
            self.write([self.prepare(records)])

    def prepare(self, records: Sequence[Record[Any]]) -> PreparedBatch:
        """Encode processed records for :meth:`write` (on the processing thread, before the next batch)."""
        return self._log.prepare(records, self._keys.peek)

    def write(self, batches: Sequence[PreparedBatch]) -> None:
        """Store prepared batches durably (any thread, one call at a time, in processing order)."""
        try:
            self._log.write(batches)
        except BaseException as error:
            self._failed = error
            raise EngineFailedError("could not write to the record log") from error
        if batches:
            self._forget_through(batches[-1].last_position)

    def execute(self, commands: Sequence[Record[Any]]) -> list[CommandResponse]:
        """Process due work and ``commands`` as one durable batch; the answers in command order."""
        due = due_commands(self._state, self._clock.millis())
        result = self.process([*due, *commands])
        self.commit(result.records)
        return result.responses[len(due) :]

    def submit(self, command: Record[Any]) -> CommandResponse:
        """Execute one command."""
        return self.execute([command])[0]

    def run_due(self) -> int:
        """Process everything the clock made due (repeatedly, as triggers can make more work due now)."""
        total = 0
        for _ in range(1000):
            due = due_commands(self._state, self._clock.millis())
            if not due:
                break
            result = self.process(due)
            self.commit(result.records)
            total += len(due)
        return total

    def next_due_time(self) -> int | None:
        """When (epoch ms) the next timer, job deadline, back-off or message expiry is due."""
        return next_due_time(self._state)

    def _accepted(self, command: Record[Any]) -> CommandResponse:
        response = self.submit(command)
        if response.rejection_type is not None:
            raise CommandRejectedError(
                response.rejection_type, response.rejection_reason, command.intent.value
            )
        return response

    # ------------------------------------------------------------------------------------------ API

    def deploy(
        self, resources: Mapping[str, bytes | str] | Iterable[tuple[str, bytes | str]]
    ) -> DeploymentRecord:
        """Deploy BPMN/DMN resources atomically."""
        value: DeploymentRecord = self._accepted(cmd.deploy_command(resources)).value
        return value

    def create_process_instance(
        self,
        *,
        bpmn_process_id: str = "",
        version: int = -1,
        process_definition_key: int = NO_KEY,
        variables: Mapping[str, Any] | None = None,
        start_element_ids: Iterable[str] = (),
    ) -> ProcessInstanceCreationRecord:
        """Start an instance at the none start event (or at ``start_element_ids``, top-level elements)."""
        command = cmd.create_instance_command(
            bpmn_process_id=bpmn_process_id,
            version=version,
            process_definition_key=process_definition_key,
            variables=variables,
            start_element_ids=start_element_ids,
        )
        value: ProcessInstanceCreationRecord = self._accepted(command).value
        return value

    def cancel_process_instance(self, process_instance_key: int) -> None:
        """Terminate a running instance."""
        self._accepted(cmd.cancel_command(process_instance_key))

    def activate_jobs(
        self,
        job_type: str,
        worker: str,
        job_timeout: dt.timedelta,
        max_jobs: int,
        fetch_variables: Iterable[str] = (),
    ) -> list[ActivatedJob]:
        """Activate up to ``max_jobs`` jobs of the type (no waiting)."""
        command = cmd.activate_jobs_command(job_type, worker, job_timeout, max_jobs, fetch_variables)
        return activated_jobs(self._accepted(command))

    def complete_job(self, key: int, variables: Mapping[str, Any] | None = None) -> None:
        """Complete a job."""
        self._accepted(cmd.complete_job_command(key, variables))

    def fail_job(
        self,
        key: int,
        retries: int,
        error_message: str = "",
        retry_backoff: dt.timedelta = dt.timedelta(0),
        variables: Mapping[str, Any] | None = None,
    ) -> None:
        """Fail a job, leaving ``retries`` retries (0 raises an incident)."""
        self._accepted(cmd.fail_job_command(key, retries, error_message, retry_backoff, variables))

    def throw_error(
        self, key: int, error_code: str, error_message: str = "", variables: Mapping[str, Any] | None = None
    ) -> None:
        """Throw a BPMN error from a job."""
        self._accepted(cmd.throw_error_command(key, error_code, error_message, variables))

    def update_job_retries(self, key: int, retries: int) -> None:
        """Give a job new retries."""
        self._accepted(cmd.update_retries_command(key, retries))

    def update_job_timeout(self, key: int, job_timeout: dt.timedelta) -> None:
        """Move an activated job's deadline to now + ``job_timeout``."""
        self._accepted(cmd.update_timeout_command(key, job_timeout))

    def set_variables(
        self, element_instance_key: int, variables: Mapping[str, Any], *, local: bool = False
    ) -> int:
        """Set variables on a scope (propagating unless ``local``); returns the command's key."""
        response = self._accepted(cmd.set_variables_command(element_instance_key, variables, local))
        assert response.record is not None
        return response.record.key

    def resolve_incident(self, key: int) -> None:
        """Resolve an incident (the failed step is retried)."""
        self._accepted(cmd.resolve_incident_command(key))

    def publish_message(
        self,
        name: str,
        correlation_key: str,
        time_to_live: dt.timedelta = dt.timedelta(0),
        message_id: str = "",
        variables: Mapping[str, Any] | None = None,
    ) -> int:
        """Publish a message; returns its key."""
        command = cmd.publish_message_command(name, correlation_key, time_to_live, message_id, variables)
        response = self._accepted(command)
        assert response.record is not None
        return response.record.key

    def broadcast_signal(self, signal_name: str, variables: Mapping[str, Any] | None = None) -> int:
        """Broadcast a signal; returns its key."""
        response = self._accepted(cmd.broadcast_signal_command(signal_name, variables))
        assert response.record is not None
        return response.record.key

    def complete_user_task(self, key: int, variables: Mapping[str, Any] | None = None) -> None:
        """Complete a Camunda user task (``zeebe:userTask``)."""
        self._accepted(cmd.complete_user_task_command(key, variables))

    def assign_user_task(self, key: int, assignee: str) -> None:
        """Assign a Camunda user task (an empty assignee unassigns it)."""
        self._accepted(cmd.assign_user_task_command(key, assignee))

    def evaluate_decision(
        self,
        *,
        decision_id: str = "",
        decision_key: int = NO_KEY,
        variables: Mapping[str, Any] | None = None,
    ) -> tuple[DecisionRecord, DecisionEvaluationResult]:
        """Evaluate the latest version of a deployed decision (or the one with ``decision_key``).

        Raises :class:`CommandRejectedError` (NOT_FOUND) for an unknown decision. Unlike Zeebe, no
        DECISION_EVALUATION record is written.
        """
        return evaluate_deployed_decision(
            self._state, self._processor.decisions, decision_id, decision_key, variables
        )


def evaluate_deployed_decision(
    state: StateView,
    evaluator: DecisionEvaluator,
    decision_id: str,
    decision_key: int,
    variables: Mapping[str, Any] | None,
) -> tuple[DecisionRecord, DecisionEvaluationResult]:
    """Find a deployed decision by key or id (latest version) and evaluate it."""
    deployments = state.deployments
    decision = (
        deployments.decision(decision_key)
        if decision_key != NO_KEY
        else deployments.latest_decision(decision_id)
    )
    if decision is None:
        wanted = f"key '{decision_key}'" if decision_key != NO_KEY else f"id '{decision_id}'"
        raise CommandRejectedError(
            RejectionType.NOT_FOUND,
            f"Expected to evaluate decision '{decision_id or decision_key}', but no decision found for {wanted}",
            "EVALUATE",
        )
    result = evaluator.evaluate(deployments, decision, dict(variables or {}))
    if isinstance(result, str):
        raise CommandRejectedError(RejectionType.PROCESSING_ERROR, result, "EVALUATE")
    return decision, result


def activated_jobs(response: CommandResponse) -> list[ActivatedJob]:
    """The jobs of an accepted JOB_BATCH ACTIVATE answer."""
    batch: JobBatchRecord = response.value
    return [ActivatedJob(key, job) for key, job in zip(batch.job_keys, batch.jobs, strict=True)]


def _activatable_types(records: Sequence[Record[Any]]) -> set[str]:
    """Job types that may have become activatable through these records."""
    types: set[str] = set()
    for record in records:
        if record.value_type is ValueType.JOB and record.record_type is RecordType.EVENT:
            intent = record.intent
            if intent in (JobIntent.CREATED, JobIntent.TIMED_OUT, JobIntent.RECURRED_AFTER_BACKOFF) or (
                intent is JobIntent.FAILED and record.value.retries > 0 and record.value.retry_backoff <= 0
            ):
                types.add(record.value.type)
        elif (
            record.value_type is ValueType.INCIDENT
            and record.intent is IncidentIntent.RESOLVED
            and record.value.job_key != NO_KEY
        ):
            types.add("*")
    return types


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
    ) -> AsyncEngine:
        """Open (and replay) the engine in a worker thread, then start processing."""
        engine = await asyncio.to_thread(Engine.open, path, clock=clock)
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
        while not (self._closed and not self._pending):
            if not self._pending:
                due_at = engine.next_due_time()
                timeout = None if due_at is None else max(0.0, (due_at - clock.millis()) / 1000)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wakeup.wait(), timeout)
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
            self._notify_jobs(_activatable_types(result.records))
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
        """Start an instance at the none start event (or at ``start_element_ids``, top-level elements)."""
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

    def evaluate_decision(
        self,
        *,
        decision_id: str = "",
        decision_key: int = NO_KEY,
        variables: Mapping[str, Any] | None = None,
    ) -> tuple[DecisionRecord, DecisionEvaluationResult]:
        """Evaluate a deployed decision (a read: nothing is written, so no await is needed)."""
        return self._engine.evaluate_decision(
            decision_id=decision_id, decision_key=decision_key, variables=variables
        )
