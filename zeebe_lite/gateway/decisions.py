"""EvaluateDecision: the engine evaluates a deployed decision; this module shapes Zeebe's response."""

from __future__ import annotations

from pyzeebe.proto import gateway_pb2 as pb

from zeebe_lite.dmn import EvaluatedDecision
from zeebe_lite.processing.commands import DecisionEvaluation
from zeebe_lite.records import DecisionRecord
from zeebe_lite.state.views import DeploymentView

__all__ = ["evaluation_response"]


def evaluation_response(
    evaluation: DecisionEvaluation, deployments: DeploymentView
) -> pb.EvaluateDecisionResponse:
    """The EvaluateDecision answer: output, every evaluated decision (inputs, matched rules) and any failure.

    A failed evaluation is an answer too (``failedDecisionId``/``failureMessage`` set, output ``null``), as
    in Zeebe. ``decisionInstanceKey`` is the key of the DECISION_EVALUATION record (pyzeebe's stubs have no
    ``decisionEvaluationKey`` field).
    """
    decision, result = evaluation.decision, evaluation.result
    return pb.EvaluateDecisionResponse(
        decisionKey=decision.decision_key,
        decisionId=decision.decision_id,
        decisionName=decision.decision_name,
        decisionVersion=decision.version,
        decisionRequirementsId=decision.decision_requirements_id,
        decisionRequirementsKey=decision.decision_requirements_key,
        decisionOutput=result.output_json,
        evaluatedDecisions=[_evaluated(item, decision, deployments) for item in result.evaluated_decisions],
        failedDecisionId=result.failure.decision_id if result.failure else "",
        failureMessage=result.failure.message if result.failure else "",
        tenantId=decision.tenant_id,
        decisionInstanceKey=evaluation.key,
    )


def _evaluated(
    evaluated: EvaluatedDecision, requested: DecisionRecord, deployments: DeploymentView
) -> pb.EvaluatedDecision:
    record = _record_of(evaluated.decision_id, requested, deployments)
    return pb.EvaluatedDecision(
        decisionKey=record.decision_key if record else -1,
        decisionId=evaluated.decision_id,
        decisionName=evaluated.decision_name or evaluated.decision_id,
        decisionVersion=record.version if record else -1,
        decisionType=evaluated.decision_type.value,
        decisionOutput=evaluated.output_json,
        matchedRules=[
            pb.MatchedDecisionRule(
                ruleId=rule.rule_id or "",
                ruleIndex=rule.rule_index,
                evaluatedOutputs=[
                    pb.EvaluatedDecisionOutput(
                        outputId=output.output_id or "",
                        outputName=output.output_name or "",
                        outputValue=output.value_json,
                    )
                    for output in rule.evaluated_outputs
                ],
            )
            for rule in evaluated.matched_rules
        ],
        evaluatedInputs=[
            pb.EvaluatedDecisionInput(
                inputId=item.input_id or "",
                inputName=item.input_name or "",
                inputValue=item.value_json,
            )
            for item in evaluated.evaluated_inputs
        ],
        tenantId=requested.tenant_id,
    )


def _record_of(
    decision_id: str, requested: DecisionRecord, deployments: DeploymentView
) -> DecisionRecord | None:
    if decision_id == requested.decision_id:
        return requested
    # A required decision comes from the same resource; its latest version is the one deployed with it.
    return deployments.latest_decision(decision_id)
