"""Evaluating a decision: its required decisions in dependency order, then its decision table or literal expression.

Semantics follow Camunda 8 (dmn-scala): a required decision's result enters the context of the decisions that
require it under its variable name (falling back to its id, then its name); a decision table evaluates its input
expressions, tests every rule (an input entry must give true, false or null; null does not match), evaluates the
output entries of the matched rules (only the first one for FIRST), and applies the hit policy; no matched rule
gives the default output entries, or null. The result is checked against the decision variable's ``typeRef``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from zeebe_lite.dmn.drg import evaluation_order
from zeebe_lite.dmn.errors import DecisionEvaluationFailure, DecisionNotFoundError
from zeebe_lite.dmn.feel_bridge import feel_variables
from zeebe_lite.dmn.hit_policies import OutputRow, apply_hit_policy, output_row_value
from zeebe_lite.dmn.model import (
    Decision,
    DecisionTable,
    DmnDefinitions,
    ExpressionCell,
    HitPolicy,
    InputClause,
    LiteralExpression,
    UnaryTestsCell,
)
from zeebe_lite.dmn.result import (
    DecisionEvaluationResult,
    DecisionFailure,
    EvaluatedDecision,
    EvaluatedInput,
    EvaluatedOutput,
    MatchedRule,
)
from zeebe_lite.dmn.typecheck import check_result_type

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
    decision = definitions.decision(decision_id)
    return _Evaluation(definitions, feel_variables(variables or {}), enforce_input_values).run(decision)


def evaluate_decision_by_name(
    definitions: DmnDefinitions,
    decision_name: str,
    variables: Mapping[str, Any] | None = None,
    *,
    enforce_input_values: bool = False,
) -> DecisionEvaluationResult:
    """Like :func:`evaluate_decision`, selecting the decision by its name (as the DMN TCK does)."""
    decision = definitions.decision_by_name(decision_name)
    return _Evaluation(definitions, feel_variables(variables or {}), enforce_input_values).run(decision)


@dataclass(slots=True)
class _TableAudit:
    inputs: list[EvaluatedInput] = field(default_factory=list)
    matched: list[MatchedRule] = field(default_factory=list)


@dataclass(slots=True)
class _Evaluation:
    definitions: DmnDefinitions
    variables: dict[str, Any]
    enforce_input_values: bool
    results: dict[str, Any] = field(default_factory=dict)
    evaluated: list[EvaluatedDecision] = field(default_factory=list)

    def run(self, decision: Decision) -> DecisionEvaluationResult:
        try:
            order = evaluation_order(self.definitions.decisions, decision.id)
        except DecisionNotFoundError as error:
            return self._failed(decision, decision.id, str(error))
        for current in order:
            audit = _TableAudit()
            try:
                self.evaluated.append(self._decision(current, audit))
            except DecisionEvaluationFailure as error:
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

    def _decision(self, decision: Decision, audit: _TableAudit) -> EvaluatedDecision:
        context = dict(self.variables)
        for required_id in decision.required_decision_ids:
            required = self.definitions.decisions[required_id]
            context[required.variable_name] = self.results[required_id]
        logic = decision.logic
        if isinstance(logic, DecisionTable):
            value = self._table(logic, context, audit)
        elif isinstance(logic, LiteralExpression):
            value = _evaluate(logic.expression, context)
        else:
            raise DecisionEvaluationFailure(logic.failure)
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

    def _table(self, table: DecisionTable, context: dict[str, Any], audit: _TableAudit) -> Any:
        if table.failure is not None:
            raise DecisionEvaluationFailure(table.failure)
        input_values: list[Any] = []
        for clause in table.inputs:
            value = _evaluate(clause.expression, context)
            if self.enforce_input_values:
                _check_input_value(clause, value, context)
            input_values.append(value)
            audit.inputs.append(EvaluatedInput(clause.id, _input_name(clause), value))
        matched = [rule for rule in table.rules if _rule_matches(rule.input_entries, input_values, context)]
        if not matched:
            return _default_outputs(table, context)
        if table.hit_policy is HitPolicy.FIRST:
            matched = matched[:1]
        rows: list[OutputRow] = []
        for rule in matched:
            row = tuple(_evaluate(entry, context) for entry in rule.output_entries)
            rows.append(row)
            outputs = tuple(
                EvaluatedOutput(output.id, output.label if output.label is not None else output.name, value)
                for output, value in zip(table.outputs, row, strict=True)
            )
            audit.matched.append(MatchedRule(rule.id, rule.index, outputs))
        return apply_hit_policy(table.hit_policy, table.aggregation, table.outputs, rows)


def _input_name(clause: InputClause) -> str | None:
    """Zeebe's ``inputName``: the input's label, else its expression cut to 30 characters."""
    if clause.label is not None:
        return clause.label
    return clause.expression.text[:30] if clause.expression.text else None


def _rule_matches(
    entries: tuple[UnaryTestsCell, ...], input_values: list[Any], context: dict[str, Any]
) -> bool:
    for entry, input_value in zip(entries, input_values, strict=False):
        if entry.matches_all:
            continue
        outcome = _test(entry, input_value, context)
        if outcome is True:
            continue
        if outcome is False or outcome is None:
            return False
        raise DecisionEvaluationFailure(
            f"input entry '{entry.text.strip()}' must return true, false, or null, but found '{outcome!r}'"
        )
    return True


def _default_outputs(table: DecisionTable, context: dict[str, Any]) -> Any:
    defaults = [
        (output, _evaluate(output.default, context)) for output in table.outputs if output.default is not None
    ]
    if not defaults:
        return None
    if len(defaults) == 1:
        return defaults[0][1]
    return output_row_value([output for output, _ in defaults], tuple(value for _, value in defaults))


def _check_input_value(clause: InputClause, value: Any, context: dict[str, Any]) -> None:
    allowed = clause.input_values
    if allowed is None or allowed.matches_all or value is None:
        return
    if _test(allowed, value, context) is not True:
        raise DecisionEvaluationFailure(
            f"the value '{value!r}' of input '{clause.id}' is not one of its input values '{allowed.text.strip()}'"
        )


def _evaluate(cell: ExpressionCell, context: Mapping[str, Any]) -> Any:
    if cell.compiled is None:
        raise DecisionEvaluationFailure(
            cell.failure or f"expression of element '{cell.element_id}' is missing"
        )
    try:
        return cell.compiled.evaluate(context)
    except Exception as error:  # a FEEL failure (or defect) fails the decision, never the engine
        raise DecisionEvaluationFailure(
            f"failed to evaluate expression '{cell.text.strip()}' (element '{cell.element_id}'): {error}"
        ) from error


def _test(cell: UnaryTestsCell, input_value: Any, context: Mapping[str, Any]) -> Any:
    if cell.compiled is None:
        raise DecisionEvaluationFailure(
            cell.failure or f"input entry of element '{cell.element_id}' is missing"
        )
    try:
        return cell.compiled.evaluate(input_value, context)
    except Exception as error:  # a FEEL failure (or defect) fails the decision, never the engine
        raise DecisionEvaluationFailure(
            f"failed to evaluate input entry '{cell.text.strip()}' (element '{cell.element_id}'): {error}"
        ) from error
