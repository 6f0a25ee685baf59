"""SIGNAL BROADCAST: trigger every subscription to the signal (catch events and signal start events)."""

from __future__ import annotations

from typing import Any

from zeebe_lite.bpmn.behaviors.signals import broadcast
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import Record, RejectionType, SignalRecord

__all__ = ["broadcast_signal"]


def broadcast_signal(command: Record[Any], pctx: ProcessingContext) -> None:
    """SIGNAL BROADCASTED, then trigger all subscriptions."""
    request: SignalRecord = command.value
    if not isinstance(request.variables, dict):
        pctx.writers.reject(command, RejectionType.INVALID_ARGUMENT, "Expected variables to be a JSON object")
        return
    pctx.writers.respond(broadcast(pctx, request))
