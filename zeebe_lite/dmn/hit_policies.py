"""Hit policies: how the outputs of the matched rules of a decision table become the table's result.

Pure functions over already evaluated output values, following Camunda (dmn-scala):

* one output column gives plain values, several give contexts keyed by output name;
* UNIQUE with several matches and ANY with differing outputs fail;
* FIRST takes the first match; PRIORITY takes the highest-priority match and OUTPUT ORDER sorts all matches,
  priority being the position of each output's value in its ``outputValues`` (outputs compared left to right,
  values not listed last, ties kept in rule order);
* RULE ORDER and COLLECT list the matches in rule order; COLLECT SUM/MIN/MAX need numbers, COUNT counts.

No match is handled by the caller (default output entries, else null).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from zeebe_lite.dmn.errors import DecisionEvaluationFailure
from zeebe_lite.dmn.model import Aggregation, HitPolicy, OutputClause
from zeebe_lite.feel.values import NUMBER_CONTEXT, is_number, to_number

__all__ = ["apply_hit_policy", "output_row_value", "sort_by_priority"]

OutputRow = tuple[Any, ...]


def output_row_value(outputs: Sequence[OutputClause], row: OutputRow) -> Any:
    """A matched rule's outputs as one value: the value itself for one output, else a context by output name."""
    if len(row) == 1:
        return row[0]
    return {output.name or "": value for output, value in zip(outputs, row, strict=True)}


def apply_hit_policy(
    hit_policy: HitPolicy,
    aggregation: Aggregation | None,
    outputs: Sequence[OutputClause],
    rows: Sequence[OutputRow],
) -> Any:
    """The decision table's result for the matched rules' output rows (in rule order); null for no rows."""
    if not rows:
        return None
    if hit_policy is HitPolicy.FIRST:
        return output_row_value(outputs, rows[0])
    if hit_policy is HitPolicy.UNIQUE:
        if len(rows) > 1:
            raise DecisionEvaluationFailure(
                f"multiple values aren't allowed for UNIQUE hit policy. found: {_describe_rows(outputs, rows)}"
            )
        return output_row_value(outputs, rows[0])
    if hit_policy is HitPolicy.ANY:
        distinct: list[OutputRow] = []
        for row in rows:
            if row not in distinct:
                distinct.append(row)
        if len(distinct) > 1:
            raise DecisionEvaluationFailure(
                f"different values aren't allowed for ANY hit policy. found: {_describe_rows(outputs, distinct)}"
            )
        return output_row_value(outputs, rows[0])
    if hit_policy is HitPolicy.PRIORITY:
        return output_row_value(outputs, sort_by_priority(outputs, rows)[0])
    if hit_policy is HitPolicy.OUTPUT_ORDER:
        return [output_row_value(outputs, row) for row in sort_by_priority(outputs, rows)]
    if hit_policy is HitPolicy.RULE_ORDER or aggregation is None:
        return [output_row_value(outputs, row) for row in rows]
    if aggregation is Aggregation.COUNT:
        return Decimal(len(rows))
    numbers = _single_numbers(rows)
    if aggregation is Aggregation.SUM:
        total = Decimal(0)
        for number in numbers:
            total = NUMBER_CONTEXT.add(total, number)
        return total
    if aggregation is Aggregation.MIN:
        return min(numbers)
    return max(numbers)


def sort_by_priority(outputs: Sequence[OutputClause], rows: Sequence[OutputRow]) -> list[OutputRow]:
    """Rows sorted by the priority of their output values (stable: equal priorities keep rule order)."""
    return sorted(
        rows,
        key=lambda row: tuple(_priority(output, value) for output, value in zip(outputs, row, strict=True)),
    )


def _priority(output: OutputClause, value: Any) -> int:
    listed = output.output_values
    unlisted = len(listed)
    if isinstance(value, str):
        return listed.index(value) if value in listed else unlisted
    if is_number(value) and not isinstance(value, bool):
        number = to_number(value)
        for index, item in enumerate(listed):
            try:
                if Decimal(item) == number:
                    return index
            except InvalidOperation:
                continue
    return unlisted


def _single_numbers(rows: Sequence[OutputRow]) -> list[Decimal]:
    numbers: list[Decimal] = []
    for row in rows:
        if len(row) != 1:
            raise DecisionEvaluationFailure(
                f"multiple values aren't allowed for an aggregation. found: {list(rows)}"
            )
        value = row[0]
        if not is_number(value) or isinstance(value, bool):
            raise DecisionEvaluationFailure(f"expected number but found '{value!r}'")
        numbers.append(to_number(value))
    return numbers


def _describe_rows(outputs: Sequence[OutputClause], rows: Sequence[OutputRow]) -> str:
    return "[" + ", ".join(repr(output_row_value(outputs, row)) for row in rows) + "]"
