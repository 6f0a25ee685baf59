"""The single-partition stream processor: command -> processor -> events (applied) -> follow-up commands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from zeebe_lite.bpmn.behaviors.decisions import DecisionEvaluator
from zeebe_lite.bpmn.behaviors.expressions import ExpressionEvaluator
from zeebe_lite.processing._protocol import ProcessorTable
from zeebe_lite.processing.context import InstanceResult, ProcessingContext
from zeebe_lite.processing.keys import KeyGenerator
from zeebe_lite.processing.table import build_processors
from zeebe_lite.processing.writers import CommandResponse, Writers
from zeebe_lite.records import Record, RejectionType
from zeebe_lite.state.appliers import EventApplier
from zeebe_lite.state.memory import EngineState

__all__ = ["BatchResult", "StreamProcessor"]

_MAX_FOLLOW_UPS = 100_000


@dataclass(slots=True)
class BatchResult:
    """The records a batch wrote (to append to the log) and the answer to each client command."""

    records: list[Record[Any]]
    responses: list[CommandResponse]
    instance_results: list[InstanceResult] = field(default_factory=list)


class StreamProcessor:
    """Processes client commands to quiescence, one batch at a time.

    Every client command is processed together with all follow-up commands it causes, so a batch leaves no
    command unprocessed and replay needs only the events. A command whose processing wrote nothing (e.g. an
    activation that found no job) is not logged.
    """

    def __init__(
        self,
        state: EngineState,
        keys: KeyGenerator,
        next_position: int,
        processors: ProcessorTable | None = None,
        *,
        log_follow_ups: bool = True,
    ) -> None:
        """Process against ``state``, handing out keys from ``keys`` and positions from ``next_position``.

        With ``log_follow_ups`` False, follow-up commands (ACTIVATE_ELEMENT, COMPLETE_ELEMENT ...) are processed
        but not written to the log: the events they cause are, so replay is unaffected, and the log shrinks by
        about a quarter.
        """
        self._state = state
        self._applier = EventApplier(state)
        self._keys = keys
        self._next_position = next_position
        self._processors = build_processors() if processors is None else processors
        self._log_follow_ups = log_follow_ups
        self._expressions = ExpressionEvaluator()
        self._decisions = DecisionEvaluator()

    @property
    def decisions(self) -> DecisionEvaluator:
        """The decision evaluator (shared with queries such as EvaluateDecision)."""
        return self._decisions

    @property
    def next_position(self) -> int:
        """The position of the next record."""
        return self._next_position

    def share_caches(self, other: StreamProcessor) -> None:
        """Reuse another processor's compiled expressions and parsed decisions (after a state rebuild)."""
        self._expressions = other._expressions
        self._decisions = other._decisions

    def reject_batch(self, command: Record[Any], now: int, reason: str) -> BatchResult:
        """A batch holding only ``command`` and its PROCESSING_ERROR rejection (its processing failed)."""
        writers = Writers(self._applier, self._keys, self._next_position)
        writers.timestamp = now
        logged = writers.command_received(command)
        writers.reject(logged, RejectionType.PROCESSING_ERROR, reason)
        self._next_position = writers.next_position
        response = writers.response or CommandResponse(None, RejectionType.PROCESSING_ERROR, reason)
        return BatchResult(writers.records, [response])

    def process_batch(
        self, commands: Sequence[Record[Any]], now: int, awaited_results: set[int] | None = None
    ) -> BatchResult:
        """Process ``commands`` (client commands, keys and values set, position ignored) at clock time ``now``."""
        writers = Writers(self._applier, self._keys, self._next_position)
        writers.timestamp = now
        pctx = ProcessingContext(
            self._state,
            writers,
            self._expressions,
            self._decisions,
            set() if awaited_results is None else awaited_results,
        )
        responses: list[CommandResponse] = []
        for command in commands:
            responses.append(self._process_client_command(command, writers, pctx))
        self._next_position = writers.next_position
        return BatchResult(writers.records, responses, pctx.instance_results)

    def _process_client_command(
        self, command: Record[Any], writers: Writers, pctx: ProcessingContext
    ) -> CommandResponse:
        start = len(writers.records)
        writers.source_position = -1
        logged = writers.command_received(command)
        writers.response = None
        self._dispatch(logged, writers, pctx)
        response = writers.response or CommandResponse(None, RejectionType.PROCESSING_ERROR, "no response")
        follow_ups = 0
        pending = writers.pending_commands
        while pending:
            follow_ups += 1
            if follow_ups > _MAX_FOLLOW_UPS:
                raise RuntimeError("a command caused more than 100000 follow-up commands (endless loop?)")
            follow_up = pending.popleft()
            if self._log_follow_ups:
                follow_up = writers.command_received(follow_up)
            self._dispatch(follow_up, writers, pctx)
        if len(writers.records) == start + 1 and not response.rejected:
            writers.discard_last()
        return response

    def _dispatch(self, command: Record[Any], writers: Writers, pctx: ProcessingContext) -> None:
        if command.position >= 0:
            writers.source_position = command.position
        processor = self._processors.get((command.value_type, command.intent))
        if processor is None:
            writers.reject(
                command,
                RejectionType.INVALID_ARGUMENT,
                f"no processor for command {command.value_type}.{command.intent}",
            )
            return
        processor(command, pctx)
