"""A failed ``assert()`` fails the whole evaluation (Camunda), instead of the usual null plus warning."""

from __future__ import annotations

import pytest

from zeebe_lite.feel import FeelEvaluationError, compile_expression, evaluate
from zeebe_lite.feel.builtins.boolean import FeelAssertionError


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('assert(x, x > 0, "x must be positive")', "x must be positive"),
        ("assert(x, x > 0)", "The condition is not fulfilled"),
        ('{a: 1, b: assert(x, x > 0, "nested")}.a', "nested"),
        ('{f: function(v) assert(v, v > 0, "in a function")}.f(x)', "in a function"),
    ],
)
def test_failed_assert_raises_from_evaluate_and_evaluate_detailed(text: str, message: str) -> None:
    compiled = compile_expression(text)
    with pytest.raises(FeelAssertionError, match=message):
        compiled.evaluate({"x": -1})
    with pytest.raises(FeelEvaluationError, match=message):
        compiled.evaluate_detailed({"x": -1})
    with pytest.raises(FeelEvaluationError):
        evaluate(text, {"x": -1})


def test_passing_assert_and_other_failures_still_evaluate() -> None:
    assert compile_expression('assert(x, x > 0, "x must be positive")').evaluate({"x": 2}) == 2
    detailed = compile_expression("abs(x)").evaluate_detailed({"x": "text"})
    assert detailed.value is None
    assert detailed.warnings
