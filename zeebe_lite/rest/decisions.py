"""``POST /v2/decision-definitions/evaluation``: evaluate a deployed decision.

Exactly one of ``decisionDefinitionKey`` and ``decisionDefinitionId`` (latest version) is required (400
otherwise); an unknown decision answers 404. A decision that fails to evaluate still answers 200, with
``failedDecisionDefinitionId`` and ``failureMessage`` set, as Zeebe's EvaluateDecision does. ``output`` and
every input/output value are JSON text.

Each evaluation writes a DECISION_EVALUATION record: ``decisionEvaluationKey`` and ``decisionInstanceKey`` are
its key, and each evaluated decision's ``decisionEvaluationInstanceKey`` is ``"<evaluation key>-<n>"``
(Camunda's shape, n counting the evaluated decisions from 1).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from zeebe_lite.processing.commands import DecisionEvaluation
from zeebe_lite.records import NO_KEY
from zeebe_lite.rest.context import RestContext
from zeebe_lite.rest.keys import format_key, parse_key
from zeebe_lite.rest.problems import ApiProblem
from zeebe_lite.rest.requests import RequestBody, check_tenant

__all__ = ["EvaluateDecisionRequest", "build_router", "evaluation_response"]


class EvaluateDecisionRequest(RequestBody):
    """The body of ``POST /v2/decision-definitions/evaluation``."""

    decisionDefinitionId: str | None = None
    decisionDefinitionKey: str | int | None = None
    variables: dict[str, Any] | None = None
    tenantId: str | None = None


def evaluation_response(context: RestContext, evaluation: DecisionEvaluation) -> dict[str, Any]:
    """The answer for an evaluated decision (and the decisions it required)."""
    decision, result = evaluation.decision, evaluation.result
    evaluation_key = format_key(evaluation.key)
    deployments = context.engine.state.deployments
    evaluated: list[dict[str, Any]] = []
    for index, item in enumerate(result.evaluated_decisions, start=1):
        required = deployments.latest_decision(item.decision_id)
        if required is not None and required.decision_requirements_key == decision.decision_requirements_key:
            key, version = required.decision_key, required.version
        else:
            key, version = NO_KEY, -1
        evaluated.append(
            {
                "decisionDefinitionId": item.decision_id,
                "decisionDefinitionName": item.decision_name,
                "decisionDefinitionVersion": version,
                "decisionDefinitionType": item.decision_type.value,
                "decisionDefinitionKey": format_key(key),
                "decisionEvaluationInstanceKey": f"{evaluation_key}-{index}",
                "output": item.output_json,
                "tenantId": decision.tenant_id,
                "evaluatedInputs": [
                    {"inputId": i.input_id, "inputName": i.input_name, "inputValue": i.value_json}
                    for i in item.evaluated_inputs
                ],
                "matchedRules": [
                    {
                        "ruleId": rule.rule_id,
                        "ruleIndex": rule.rule_index,
                        "evaluatedOutputs": [
                            {
                                "outputId": output.output_id,
                                "outputName": output.output_name,
                                "outputValue": output.value_json,
                                "ruleId": rule.rule_id,
                                "ruleIndex": rule.rule_index,
                            }
                            for output in rule.evaluated_outputs
                        ],
                    }
                    for rule in item.matched_rules
                ],
            }
        )
    failure = result.failure
    return {
        "decisionDefinitionId": decision.decision_id,
        "decisionDefinitionKey": format_key(decision.decision_key),
        "decisionDefinitionName": decision.decision_name,
        "decisionDefinitionVersion": decision.version,
        "decisionRequirementsId": decision.decision_requirements_id,
        "decisionRequirementsKey": format_key(decision.decision_requirements_key),
        "decisionEvaluationKey": evaluation_key,
        "decisionInstanceKey": evaluation_key,
        "output": result.output_json,
        "failedDecisionDefinitionId": None if failure is None else failure.decision_id,
        "failureMessage": None if failure is None else failure.message,
        "tenantId": decision.tenant_id,
        "evaluatedDecisions": evaluated,
    }


def build_router(context: RestContext) -> APIRouter:
    """The decision evaluation route."""
    router = APIRouter()

    @router.post("/v2/decision-definitions/evaluation")
    async def evaluate_decision(body: EvaluateDecisionRequest) -> dict[str, Any]:
        by_id = body.decisionDefinitionId is not None
        by_key = body.decisionDefinitionKey is not None
        if by_id == by_key:
            which = "Only one" if by_id else "At least one"
            raise ApiProblem.invalid_argument(
                f"{which} of [decisionDefinitionId, decisionDefinitionKey] is required."
            )
        check_tenant(body.tenantId)
        key = NO_KEY
        if body.decisionDefinitionKey is not None:
            key = parse_key(body.decisionDefinitionKey, "decisionDefinitionKey")
        evaluation = await context.engine.evaluate_decision(
            decision_id=body.decisionDefinitionId or "", decision_key=key, variables=body.variables
        )
        return evaluation_response(context, evaluation)

    return router
