"""Decision behaviour: evaluate a deployed DMN decision (business rule tasks, EvaluateDecision)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zeebe_lite.dmn import DecisionEvaluationResult, DmnDefinitions, DmnError, evaluate_decision, parse_dmn
from zeebe_lite.records import DecisionRecord
from zeebe_lite.state.views import DeploymentView

__all__ = ["DecisionEvaluator"]


class DecisionEvaluator:
    """Parses each deployed DMN resource once (by decision requirements key) and evaluates its decisions."""

    def __init__(self) -> None:
        """Create an evaluator with an empty model cache."""
        self._models: dict[int, DmnDefinitions] = {}

    def evaluate(
        self, deployments: DeploymentView, decision: DecisionRecord, variables: Mapping[str, Any]
    ) -> DecisionEvaluationResult | str:
        """The evaluation result, or why the decision's resource could not be loaded."""
        model = self._models.get(decision.decision_requirements_key)
        if model is None:
            drg = deployments.decision_requirements(decision.decision_requirements_key)
            if drg is None:
                return f"no decision requirements graph with key '{decision.decision_requirements_key}'"
            try:
                model = parse_dmn(drg.resource, resource_name=drg.resource_name)
            except DmnError as error:
                return str(error)
            self._models[decision.decision_requirements_key] = model
        try:
            return evaluate_decision(model, decision.decision_id, variables)
        except DmnError as error:
            return str(error)
