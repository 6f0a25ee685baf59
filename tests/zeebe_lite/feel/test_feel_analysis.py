"""Static analysis of syntax trees: free variables and use of the unary-test input."""

from __future__ import annotations

import pytest

from zeebe_lite.feel.analysis import children, free_variables, references, uses_input
from zeebe_lite.feel.parser import parse_expression, parse_unary_tests


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("a + b.c", {"a", "b"}),
        ("for x in xs, y in x return x + y + z", {"xs", "z"}),
        ("for i in 1..3 return partial", set()),
        ("some x in xs satisfies x > limit", {"xs", "limit"}),
        ("{a: 1, b: a + c}", {"c"}),
        ("function(p, q) p + q + r", {"r"}),
        ("xs[item > min]", {"xs", "min"}),
        ("count(xs) + f(y)", {"xs", "f", "y"}),
        ("ctx.method(1)", {"ctx"}),
        ("`a b` + 1", {"a b"}),
        ('date("2020-01-01")', set()),
    ],
)
def test_free_variables(text: str, names: set[str]) -> None:
    assert free_variables(parse_expression(text)) == frozenset(names)


def test_free_variables_of_unary_tests() -> None:
    assert free_variables(parse_unary_tests("< x, [low..high], ? > y")) == frozenset(
        {"x", "low", "high", "y"}
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("? > 1", True), ("< 5 and > 1", True), ("x > 1", False), ("x in < 5", False), ("? in < 5", True)],
)
def test_uses_input(text: str, expected: bool) -> None:
    assert uses_input(parse_expression(text)) is expected


def test_children_and_references() -> None:
    node = parse_expression("a + b")
    assert len(list(children(node))) == 2
    assert references(parse_expression("partial[-1] + 1"), "partial")
    assert not references(parse_expression("[1][-1]"), "partial")
