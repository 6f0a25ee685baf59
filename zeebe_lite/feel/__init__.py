"""FEEL (Friendly Enough Expression Language) as Camunda 8 evaluates it.

Compile an expression or unary tests once (results are cached by text) and evaluate them many times::

    from zeebe_lite.feel import compile_expression, evaluate_unary_tests

    rule = compile_expression('score >= 70 and source = "manychat"')
    rule.evaluate({"score": 75, "source": "manychat"})  # True
    evaluate_unary_tests("[1..5]", 3)  # True

Numbers are ``decimal.Decimal``; see :mod:`zeebe_lite.feel.values` for every FEEL type's representation.
"""

from __future__ import annotations

from .api import (
    CompiledExpression,
    CompiledUnaryTests,
    Evaluation,
    compile_expression,
    compile_unary_tests,
    evaluate,
    evaluate_unary_tests,
)
from .builtins import EvalEnv
from .conversion import from_json, to_json
from .errors import FeelError, FeelEvaluationError, FeelSyntaxError
from .values import FeelFunction, Range, YearMonthDuration

__all__ = [
    "CompiledExpression",
    "CompiledUnaryTests",
    "EvalEnv",
    "Evaluation",
    "FeelError",
    "FeelEvaluationError",
    "FeelFunction",
    "FeelSyntaxError",
    "Range",
    "YearMonthDuration",
    "compile_expression",
    "compile_unary_tests",
    "evaluate",
    "evaluate_unary_tests",
    "from_json",
    "to_json",
]
