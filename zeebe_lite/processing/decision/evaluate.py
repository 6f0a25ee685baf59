"""DECISION_EVALUATION EVALUATE: evaluate a deployed decision by key, or the latest version by id.

An unknown decision is rejected (NOT_FOUND); otherwise the evaluation is reported as EVALUATED or FAILED
(a failed evaluation is an answer too, as in Zeebe). The client gets the event (its key is the evaluation's
key) and, as extra payload, the decision and the full evaluation result (inputs, matched rules).
"""

from __future__ import annotations

from typing import Any

from zeebe_lite.bpmn.behaviors.decision_records import write_evaluation
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import NO_KEY, DecisionEvaluationRecord, Record, RejectionType

__all__ = ["evaluate_decision"]


def evaluate_decision(command: Record[Any], pctx: ProcessingContext) -> None:
    """Find the decision, evaluate it with the command's variables and report the evaluation."""
    value: DecisionEvaluationRecord = command.value
    deployments = pctx.state.deployments
    by_key = value.decision_key != NO_KEY
    decision = (
        deployments.decision(value.decision_key) if by_key else deployments.latest_decision(value.decision_id)
    )
    if decision is None:
        wanted = f"key '{value.decision_key}'" if by_key else f"id '{value.decision_id}'"
        pctx.writers.reject(
            command,
            RejectionType.NOT_FOUND,
            f"Expected to evaluate decision '{value.decision_id or value.decision_key}', but no decision found "
            f"for {wanted}",
        )
        return
    result = pctx.decisions.evaluate(deployments, decision, value.variables)
    if isinstance(result, str):
        pctx.writers.reject(command, RejectionType.PROCESSING_ERROR, result)
        return
    event = write_evaluation(pctx, decision, result, value.variables)
    pctx.writers.respond(event, decision=decision, result=result)
