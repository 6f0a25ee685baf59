"""EvaluateDecision: evaluate a deployed decision (by key or latest by id) with :mod:`zeebe_lite.dmn`.

The engine stores each DMN resource as a DECISION_REQUIREMENTS record (with the resource text) and each
decision as a DECISION record; this module reads them from the state, parses the resource once per
decision requirements key, and shapes the result as Zeebe's ``EvaluateDecisionResponse``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from pyzeebe.proto import gateway_pb2 as pb

from zeebe_lite.dmn import (
    DecisionEvaluationResult,
    DmnDefinitions,
    DmnError,
    EvaluatedDecision,
    evaluate_decision,
    parse_dmn,
)
from zeebe_lite.gateway.errors import GatewayError
from zeebe_lite.records import DecisionRecord, DecisionRequirementsRecord, RejectionType
from zeebe_lite.state.views import DeploymentView

__all__ = ["DecisionEvaluator"]

_COMMAND = "EVALUATE"


class DecisionEvaluator:
    """Evaluates deployed decisions; keeps the parsed models of the most recently used DMN resources."""

    def __init__(self, deployments: DeploymentView, cache_size: int = 64) -> None:
        """Read decisions from ``deployments``; keep up to ``cache_size`` parsed DMN resources."""
        self._deployments = deployments
        self._cache_size = cache_size
        self._parsed: OrderedDict[int, DmnDefinitions] = OrderedDict()

    def evaluate(
        self, decision_key: int, decision_id: str, variables: Mapping[str, Any]
    ) -> pb.EvaluateDecisionResponse:
        """Evaluate the decision with ``decision_key`` (when > 0) or the latest version of ``decision_id``."""
        decision = self._find(decision_key, decision_id)
        drg = self._deployments.decision_requirements(decision.decision_requirements_key)
        if drg is None:
            raise GatewayError.rejected(
                RejectionType.NOT_FOUND,
                f"Expected to find decision requirements with key '{decision.decision_requirements_key}', "
                "but none found",
                _COMMAND,
            )
        result = _evaluate(self._definitions(drg), decision.decision_id, variables)
        return pb.EvaluateDecisionResponse(
            decisionKey=decision.decision_key,
            decisionId=decision.decision_id,
            decisionName=decision.decision_name,
            decisionVersion=decision.version,
            decisionRequirementsId=decision.decision_requirements_id,
            decisionRequirementsKey=decision.decision_requirements_key,
            decisionOutput=result.output_json,
            evaluatedDecisions=[self._evaluated(item, decision) for item in result.evaluated_decisions],
            failedDecisionId=result.failure.decision_id if result.failure else "",
            failureMessage=result.failure.message if result.failure else "",
            tenantId=decision.tenant_id,
        )

    def _find(self, decision_key: int, decision_id: str) -> DecisionRecord:
        if decision_key > 0:
            found = self._deployments.decision(decision_key)
            if found is None:
                raise GatewayError.rejected(
                    RejectionType.INVALID_ARGUMENT,
                    f"Expected to evaluate decision with key '{decision_key}', "
                    f"but no decision found for key '{decision_key}'",
                    _COMMAND,
                )
            return found
        if not decision_id:
            raise GatewayError.rejected(
                RejectionType.INVALID_ARGUMENT,
                "Expected either a decision id or a valid decision key, but none provided",
                _COMMAND,
            )
        latest = self._deployments.latest_decision(decision_id)
        if latest is None:
            raise GatewayError.rejected(
                RejectionType.INVALID_ARGUMENT,
                f"Expected to evaluate decision '{decision_id}', but no decision found for id '{decision_id}'",
                _COMMAND,
            )
        return latest

    def _definitions(self, drg: DecisionRequirementsRecord) -> DmnDefinitions:
        key = drg.decision_requirements_key
        cached = self._parsed.get(key)
        if cached is not None:
            self._parsed.move_to_end(key)
            return cached
        try:
            parsed = parse_dmn(drg.resource, resource_name=drg.resource_name)
        except DmnError as error:
            raise GatewayError.rejected(
                RejectionType.PROCESSING_ERROR, f"Could not read the deployed DMN resource: {error}", _COMMAND
            ) from error
        self._parsed[key] = parsed
        while len(self._parsed) > self._cache_size:
            self._parsed.popitem(last=False)
        return parsed

    def _evaluated(self, evaluated: EvaluatedDecision, requested: DecisionRecord) -> pb.EvaluatedDecision:
        record = self._record_in_drg(evaluated.decision_id, requested)
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

    def _record_in_drg(self, decision_id: str, requested: DecisionRecord) -> DecisionRecord | None:
        if decision_id == requested.decision_id:
            return requested
        # A required decision belongs to the same resource; its latest version is the one deployed with it.
        return self._deployments.latest_decision(decision_id)


def _evaluate(
    definitions: DmnDefinitions, decision_id: str, variables: Mapping[str, Any]
) -> DecisionEvaluationResult:
    try:
        return evaluate_decision(definitions, decision_id, variables)
    except DmnError as error:
        raise GatewayError.rejected(RejectionType.INVALID_ARGUMENT, str(error), _COMMAND) from error
