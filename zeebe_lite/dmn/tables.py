"""Evaluating a decision table, the way Camunda 8 (dmn-scala) does.

The input expressions are evaluated first; every rule is tested (an input entry must give true, false or null,
and null does not match); the output entries of the matched rules are evaluated (only the first rule's for
FIRST) and the hit policy combines them. Without a matched rule the result is built from the outputs' default
entries (one default -> its value, several -> a context of them), or is null.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from zeebe_lite.dmn.cells import evaluate_cell, test_cell
from zeebe_lite.dmn.errors import DecisionEvaluationFailure
from zeebe_lite.dmn.hit_policies import OutputRow, apply_hit_policy, output_row_value
from zeebe_lite.dmn.model import DecisionTable, HitPolicy, InputClause, Rule, UnaryTestsCell
from zeebe_lite.dmn.result import EvaluatedInput, EvaluatedOutput, MatchedRule

__all__ = ["TableAudit", "evaluate_table"]


@dataclass(slots=True)
class TableAudit:
    """What a decision-table evaluation saw: the evaluated inputs and the matched rules with their outputs."""

    inputs: list[EvaluatedInput] = field(default_factory=list)
    matched: list[MatchedRule] = field(default_factory=list)


def evaluate_table(
    table: DecisionTable,
    context: Mapping[str, Any],
    audit: TableAudit,
    *,
    enforce_input_values: bool = False,
) -> Any:
    """The table's result under ``context``; fills ``audit`` as it goes."""
    if table.failure is not None:
        raise DecisionEvaluationFailure(table.failure)
    input_values: list[Any] = []
    for clause in table.inputs:
        value = evaluate_cell(clause.expression, context)
        if enforce_input_values:
            _check_input_value(clause, value, context)
        input_values.append(value)
        audit.inputs.append(EvaluatedInput(clause.id, _input_name(clause), value))
    positions = table.match_plan.match(input_values, context)
    if positions is None:
        matched = _matching_rules(table, input_values, context)
    else:
        matched = [table.rules[position] for position in positions]
    if not matched:
        return _default_outputs(table, context)
    if table.hit_policy is HitPolicy.FIRST:
        matched = matched[:1]
    rows: list[OutputRow] = []
    for rule in matched:
        row = tuple(evaluate_cell(entry, context) for entry in rule.output_entries)
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


def _matching_rules(table: DecisionTable, input_values: list[Any], context: Mapping[str, Any]) -> list[Rule]:
    # The exact rule-by-rule loop, used when the column-wise plan met a failing or misbehaving cell.
    matched: list[Rule] = []
    entry: UnaryTestsCell | None = None
    try:
        for rule in table.rules:
            for entry, input_value in zip(rule.input_entries, input_values, strict=False):
                if entry.matches_all:
                    continue
                compiled = entry.compiled
                if compiled is None:
                    raise DecisionEvaluationFailure(
                        entry.failure or f"input entry of element '{entry.element_id}' is missing"
                    )
                outcome = compiled.evaluate(input_value, context)
                if outcome is True:
                    continue
                if outcome is False or outcome is None:
                    break
                raise DecisionEvaluationFailure(
                    f"input entry '{entry.text.strip()}' must return true, false, or null, but found '{outcome!r}'"
                )
            else:
                matched.append(rule)
    except DecisionEvaluationFailure:
        raise
    except Exception as error:  # a FEEL failure (or defect) fails the decision, never the engine
        assert entry is not None
        raise DecisionEvaluationFailure(
            f"failed to evaluate input entry '{entry.text.strip()}' (element '{entry.element_id}'): {error}"
        ) from error
    return matched


def _default_outputs(table: DecisionTable, context: Mapping[str, Any]) -> Any:
    defaults = [
        (output, evaluate_cell(output.default, context))
        for output in table.outputs
        if output.default is not None
    ]
    if not defaults:
        return None
    if len(defaults) == 1:
        return defaults[0][1]
    return output_row_value([output for output, _ in defaults], tuple(value for _, value in defaults))


def _check_input_value(clause: InputClause, value: Any, context: Mapping[str, Any]) -> None:
    allowed = clause.input_values
    if allowed is None or allowed.matches_all or value is None:
        return
    if test_cell(allowed, value, context) is not True:
        raise DecisionEvaluationFailure(
            f"the value '{value!r}' of input '{clause.id}' is not one of its input values '{allowed.text.strip()}'"
        )
