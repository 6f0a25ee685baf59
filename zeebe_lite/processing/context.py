"""Everything a command processor gets: read-only state, writers, the clock reading and shared services."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zeebe_lite.processing.writers import Writers
from zeebe_lite.state.views import StateView

if TYPE_CHECKING:
    from zeebe_lite.bpmn.behaviors.decisions import DecisionEvaluator
    from zeebe_lite.bpmn.behaviors.expressions import ExpressionEvaluator

__all__ = ["InstanceResult", "ProcessingContext"]


@dataclass(frozen=True, slots=True)
class InstanceResult:
    """A finished process instance somebody awaits (CreateProcessInstanceWithResult).

    ``completed`` is False when the instance was terminated (canceled) instead.
    """

    process_instance_key: int
    variables: dict[str, Any]
    completed: bool = True


@dataclass(slots=True)
class ProcessingContext:
    """The processing environment of one batch.

    ``awaited_results`` lists process instances whose completion a client waits for (CREATE_WITH_AWAITING_RESULT
    adds the instance it creates); their results are collected in ``instance_results``.
    """

    state: StateView
    writers: Writers
    expressions: ExpressionEvaluator
    decisions: DecisionEvaluator
    awaited_results: set[int] = field(default_factory=set)
    instance_results: list[InstanceResult] = field(default_factory=list)

    @property
    def now(self) -> int:
        """The engine clock in epoch milliseconds at the start of the current command."""
        return self.writers.timestamp
