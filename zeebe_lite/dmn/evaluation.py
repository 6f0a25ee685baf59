"""Evaluating a decision: its required decisions in dependency order, then its own logic.

Semantics follow Camunda 8 (dmn-scala): a required decision's result enters the context of the decisions that
require it under its variable name (falling back to its id, then its name), required business knowledge models
enter it as functions; the logic is evaluated (see :mod:`zeebe_lite.dmn.tables` and :mod:`zeebe_lite.dmn.boxed`)
and its result is checked against the decision variable's ``typeRef``. Each decision is evaluated once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from zeebe_lite.dmn.boxed import LogicEvaluator
from zeebe_lite.dmn.drg import evaluation_order
from zeebe_lite.dmn.errors import DecisionEvaluationFailure, DecisionNotFoundError
from zeebe_lite.dmn.feel_bridge import feel_variables
from zeebe_lite.dmn.model import Decision, DmnDefinitions
from zeebe_lite.dmn.result import DecisionEvaluationResult, DecisionFailure, EvaluatedDecision
from zeebe_lite.dmn.tables import TableAudit
from zeebe_lite.dmn.typecheck import check_result_type
from zeebe_lite.feel.errors import FeelEvaluationError

__all__ = ["evaluate_decision", "evaluate_decision_by_name"]


def evaluate_decision(
    definitions: DmnDefinitions,
    decision_id: str,
    variables: Mapping[str, Any] | None = None,
    *,
    enforce_input_values: bool = False,
) -> DecisionEvaluationResult:
    """Evaluate the decision ``decision_id`` (and the decisions it requires) with ``variables``.

    Variables are FEEL values or JSON-decoded Python values (ints and floats are read as FEEL numbers).

    An evaluation failure does not raise: it is returned as ``result.failure``. Raises
    :class:`~zeebe_lite.dmn.DecisionNotFoundError` when no decision has this id. With
    ``enforce_input_values`` an input value outside its input's ``inputValues`` fails the decision (Camunda does
    not check them, hence off by default).
    """
    return _run(definitions, definitions.decision(decision_id), variables, enforce_input_values)


def evaluate_decision_by_name(
    definitions: DmnDefinitions,
    decision_name: str,
    variables: Mapping[str, Any] | None = None,
    *,
    enforce_input_values: bool = False,
) -> DecisionEvaluationResult:
    """Like :func:`evaluate_decision`, selecting the decision by its name (as the DMN TCK does)."""
    return _run(definitions, definitions.decision_by_name(decision_name), variables, enforce_input_values)


def _run(
    definitions: DmnDefinitions,
    decision: Decision,
    variables: Mapping[str, Any] | None,
    enforce_input_values: bool,
) -> DecisionEvaluationResult:
    logic = LogicEvaluator(definitions, enforce_input_values)
    return _Evaluation(definitions, feel_variables(variables or {}), logic).run(decision)


@dataclass(slots=True)
class _Evaluation:
    definitions: DmnDefinitions
    variables: dict[str, Any]
    logic: LogicEvaluator
    results: dict[str, Any] = field(default_factory=dict)
    evaluated: list[EvaluatedDecision] = field(default_factory=list)

    def run(self, decision: Decision) -> DecisionEvaluationResult:
        try:
            order = evaluation_order(self.definitions.decisions, decision.id)
        except DecisionNotFoundError as error:
            return self._failed(decision, decision.id, str(error))
        for current in order:
            audit = TableAudit()
            try:
                self.evaluated.append(self._decision(current, audit))
            except (DecisionEvaluationFailure, FeelEvaluationError) as error:
                # Like Zeebe, the failed decision is listed last, with what it evaluated before failing.
                self.evaluated.append(
                    EvaluatedDecision(
                        current.id,
                        current.name,
                        current.decision_type,
                        None,
                        tuple(audit.inputs),
                        tuple(audit.matched),
                    )
                )
                return self._failed(decision, current.id, str(error))
        return DecisionEvaluationResult(
            decision.id, decision.name, self.results[decision.id], tuple(self.evaluated), None
        )

    def _failed(self, decision: Decision, failed_id: str, message: str) -> DecisionEvaluationResult:
        failure = DecisionFailure(failed_id, f"Expected to evaluate decision '{decision.id}', but {message}")
        return DecisionEvaluationResult(decision.id, decision.name, None, tuple(self.evaluated), failure)

    def _decision(self, decision: Decision, audit: TableAudit) -> EvaluatedDecision:
        context = dict(self.variables)
        for required_id in decision.required_decision_ids:
            required = self.definitions.decisions[required_id]
            context[required.variable_name] = self.results[required_id]
        context.update(self.logic.knowledge_functions(decision.required_knowledge_ids, context))
        value = self.logic.evaluate(decision.logic, context, audit)
        try:
            value = check_result_type(value, decision.type_ref)
        except DecisionEvaluationFailure as error:
            raise DecisionEvaluationFailure(
                f"the result of decision '{decision.id}' is invalid: {error}"
            ) from None
        self.results[decision.id] = value
        return EvaluatedDecision(
            decision.id,
            decision.name,
            decision.decision_type,
            value,
            tuple(audit.inputs),
            tuple(audit.matched),
        )
