"""The synchronous single-partition engine: process commands, write the log, replay and snapshot.

See :mod:`zeebe_lite.engine` for the API overview.
"""

from __future__ import annotations

import datetime as dt
import logging
import pickle
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from zeebe_lite.clock import Clock, SystemClock
from zeebe_lite.log import MemoryLog, PreparedBatch, RecordLog, Snapshot, SnapshotStore, SqliteLog
from zeebe_lite.model.bpmn import BpmnDefinitions
from zeebe_lite.parser.bpmn import parse_bpmn
from zeebe_lite.processing import commands as cmd
from zeebe_lite.processing._protocol import ProcessorTable
from zeebe_lite.processing.commands import ActivatedJob, CommandRejectedError, DecisionEvaluation
from zeebe_lite.processing.keys import KeyGenerator
from zeebe_lite.processing.scheduler import due_commands, next_due_time
from zeebe_lite.processing.stream_processor import BatchResult, StreamProcessor
from zeebe_lite.processing.writers import CommandResponse
from zeebe_lite.records import (
    NO_KEY,
    DeploymentRecord,
    IncidentIntent,
    JobBatchRecord,
    JobIntent,
    ModificationActivateInstruction,
    ProcessInstanceCreationRecord,
    ProcessInstanceMigrationMappingInstruction,
    ProcessInstanceMigrationRecord,
    ProcessInstanceModificationRecord,
    Record,
    RecordType,
    ValueType,
)
from zeebe_lite.state.appliers import EventApplier
from zeebe_lite.state.memory import EngineState
from zeebe_lite.state.views import StateView

__all__ = [
    "Engine",
    "EngineFailedError",
    "activatable_job_types",
    "activated_jobs",
    "decision_evaluation",
    "parse_bpmn_resource",
]

LOG = logging.getLogger(__name__)
_SNAPSHOT_FORMAT = b"zeebe_lite-state-v3\n"
"""Prefix of snapshot data; bump it whenever a state class changes shape (old snapshots are then ignored)."""


class EngineFailedError(Exception):
    """The log could not store a batch: in-memory state is ahead of the log, so the engine stopped."""


def parse_bpmn_resource(text: str, resource_name: str) -> BpmnDefinitions:
    """Parse a deployed BPMN resource (the state re-parses resources on replay)."""
    return parse_bpmn(text, resource_name=resource_name)


class Engine:
    """The synchronous engine core. Not thread-safe: use it from one thread (AsyncEngine does)."""

    def __init__(
        self,
        log: RecordLog,
        clock: Clock,
        processors: ProcessorTable | None = None,
        *,
        compact_log: bool = False,
    ) -> None:
        """Replay ``log`` into a fresh state; use :meth:`open` instead (``processors`` replaces the command
        processor table, for tests). With ``compact_log`` every snapshot deletes the records it covers, which
        bounds the file's size but drops the history that :meth:`records` returns."""
        self._log = log
        self._clock = clock
        self._processors = processors
        self._compact_log = compact_log
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
            return EngineState(parse_bpmn_resource), 1
        try:
            state = pickle.loads(snapshot.data[len(_SNAPSHOT_FORMAT) :])
        except Exception:
            LOG.warning(
                "ignoring an unreadable snapshot at position %d; replaying the whole log", snapshot.position
            )
            return EngineState(parse_bpmn_resource), 1
        if not isinstance(state, EngineState):
            return EngineState(parse_bpmn_resource), 1
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
            if self._compact_log:
                self._log.discard_through(snapshot.position)

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
    def open(
        cls, path: str | Path | None = None, *, clock: Clock | None = None, compact_log: bool = False
    ) -> Engine:
        """Open the engine on a SQLite log file (created when missing), or in memory when ``path`` is None."""
        log: RecordLog = MemoryLog() if path is None else SqliteLog(path)
        return cls(log, clock or SystemClock(), compact_log=compact_log)

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

    def delete_resource(self, resource_key: int) -> None:
        """Delete a process definition (it drains: running instances go on) or a DMN resource (DRG)."""
        self._accepted(cmd.delete_resource_command(resource_key))

    def create_process_instance(
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
        value: ProcessInstanceCreationRecord = self._accepted(command).value
        return value

    def cancel_process_instance(self, process_instance_key: int) -> None:
        """Terminate a running instance."""
        self._accepted(cmd.cancel_command(process_instance_key))

    def modify_process_instance(
        self,
        process_instance_key: int,
        activate: Iterable[ModificationActivateInstruction] = (),
        terminate: Iterable[int] = (),
    ) -> ProcessInstanceModificationRecord:
        """Activate elements and terminate element instances of a live instance (all or nothing).

        The answer lists the new element instances in ``activated_element_instance_keys``.
        """
        value: ProcessInstanceModificationRecord = self._accepted(
            cmd.modify_command(process_instance_key, activate, terminate)
        ).value
        return value

    def migrate_process_instance(
        self,
        process_instance_key: int,
        target_process_definition_key: int,
        mapping_instructions: Iterable[ProcessInstanceMigrationMappingInstruction] = (),
    ) -> ProcessInstanceMigrationRecord:
        """Move a live instance to another process definition (every active element must be mapped)."""
        command = cmd.migrate_command(
            process_instance_key, target_process_definition_key, mapping_instructions
        )
        value: ProcessInstanceMigrationRecord = self._accepted(command).value
        return value

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
    ) -> DecisionEvaluation:
        """Evaluate the latest version of a deployed decision (or the one with ``decision_key``).

        Writes a DECISION_EVALUATION record (EVALUATED, or FAILED with the failure in the result); raises
        :class:`CommandRejectedError` (NOT_FOUND) for an unknown decision.
        """
        command = cmd.evaluate_decision_command(
            decision_id=decision_id, decision_key=decision_key, variables=variables
        )
        return decision_evaluation(self._accepted(command))


def decision_evaluation(response: CommandResponse) -> DecisionEvaluation:
    """The evaluation reported by an accepted DECISION_EVALUATION EVALUATE answer."""
    assert response.record is not None
    return DecisionEvaluation(
        response.record.key, response.value, response.extra["decision"], response.extra["result"]
    )


def activated_jobs(response: CommandResponse) -> list[ActivatedJob]:
    """The jobs of an accepted JOB_BATCH ACTIVATE answer."""
    batch: JobBatchRecord = response.value
    return [ActivatedJob(key, job) for key, job in zip(batch.job_keys, batch.jobs, strict=True)]


def activatable_job_types(records: Sequence[Record[Any]]) -> set[str]:
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
