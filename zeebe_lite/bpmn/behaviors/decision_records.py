"""DECISION_EVALUATION records: every evaluation of a deployed decision is reported with a key of its own."""

from __future__ import annotations

from typing import Any

from zeebe_lite.dmn import DecisionEvaluationResult
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import (
    NO_KEY,
    DecisionEvaluationIntent,
    DecisionEvaluationRecord,
    DecisionRecord,
    ProcessInstanceRecord,
    Record,
    ValueType,
)

__all__ = ["write_evaluation"]


def write_evaluation(
    pctx: ProcessingContext,
    decision: DecisionRecord,
    result: DecisionEvaluationResult | str,
    variables: dict[str, Any],
    *,
    element_key: int = NO_KEY,
    element: ProcessInstanceRecord | None = None,
) -> Record[DecisionEvaluationRecord]:
    """Write DECISION_EVALUATION EVALUATED (or FAILED, when ``result`` is a failure or a load problem).

    ``element`` is the business rule task instance that evaluated the decision, if any.
    """
    evaluated: tuple[str, ...] = ()
    if isinstance(result, str):
        failed_id, message, output = decision.decision_id, result, "null"
    else:
        failed_id = result.failure.decision_id if result.failure else ""
        message = result.failure.message if result.failure else ""
        output = result.output_json
        evaluated = tuple(item.decision_id for item in result.evaluated_decisions)
    value = DecisionEvaluationRecord(
        decision_key=decision.decision_key,
        decision_id=decision.decision_id,
        decision_name=decision.decision_name,
        decision_version=decision.version,
        decision_requirements_id=decision.decision_requirements_id,
        decision_requirements_key=decision.decision_requirements_key,
        decision_output=output,
        variables=variables,
        failed_decision_id=failed_id,
        evaluation_failure_message=message,
        evaluated_decision_ids=evaluated,
        bpmn_process_id=element.bpmn_process_id if element else "",
        process_definition_key=element.process_definition_key if element else NO_KEY,
        process_instance_key=element.process_instance_key if element else NO_KEY,
        element_id=element.element_id if element else "",
        element_instance_key=element_key,
        tenant_id=decision.tenant_id,
    )
    intent = DecisionEvaluationIntent.FAILED if failed_id else DecisionEvaluationIntent.EVALUATED
    writers = pctx.writers
    return writers.event(writers.keys.next_key(), ValueType.DECISION_EVALUATION, intent, value)
