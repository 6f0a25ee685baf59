"""Evaluating single FEEL cells of a model; any FEEL failure becomes a :class:`DecisionEvaluationFailure`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zeebe_lite.dmn.errors import DecisionEvaluationFailure
from zeebe_lite.dmn.model import ExpressionCell, UnaryTestsCell

__all__ = ["evaluate_cell", "test_cell"]


def evaluate_cell(cell: ExpressionCell, context: Mapping[str, Any]) -> Any:
    """The value of an expression cell under ``context``."""
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


def test_cell(cell: UnaryTestsCell, input_value: Any, context: Mapping[str, Any]) -> Any:
    """The outcome (true, false, null) of unary-tests cell for ``input_value`` under ``context``."""
    if cell.matches_all:
        return True
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
