"""Evaluation of lists, contexts, paths, filters, ranges and iteration."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from zeebe_lite.feel import Range, compile_expression


def ev(text: str, context: dict[str, Any] | None = None) -> Any:
    return compile_expression(text).evaluate(context)


def numbers(*values: int | str) -> list[Decimal]:
    return [Decimal(value) for value in values]


def test_list_literal_with_missing_variable() -> None:
    evaluation = compile_expression("[1, x]").evaluate_detailed()
    assert evaluation.value == [Decimal(1), None]
    assert evaluation.warnings == ("No variable found with name 'x'",)


def test_constant_lists_are_fresh_objects() -> None:
    expression = compile_expression("[1, 2]")
    first = expression.evaluate()
    first.append(3)
    assert expression.evaluate() == numbers(1, 2)


def test_context_literal_entries_see_earlier_entries() -> None:
    assert ev('{a: 1, "b c": 2, nested: {x: a + 1}}') == {
        "a": Decimal(1),
        "b c": Decimal(2),
        "nested": {"x": Decimal(2)},
    }
    assert ev("{a: 1, b: a + 1, c: b * 2}.c") == 4


def test_context_entries_shadow_outer_variables() -> None:
    assert ev("{x: 10, y: x + 1}.y", {"x": 1}) == 11


def test_paths() -> None:
    assert ev("{x:{y:{z:1}}}.x.y.z") == 1
    assert ev("a.b.c", {"a": {"b": {"c": 5}}}) == 5
    assert ev("[{a:1},{a:2}].a") == numbers(1, 2)
    assert ev("([{x:{y:1}},{x:{y:2}},{x:{y:3}}].x).y[2]") == 2
    assert ev("order.total", {"order": {"total": 99.5}}) == Decimal("99.5")


@pytest.mark.parametrize(
    ("text", "context", "warning"),
    [
        ("a.b", {}, "No variable found with name 'a'"),
        ("{a: 1}.b", {}, "No context entry found with key 'b'. Available keys: 'a'"),
        ("{}.b", {}, "No context entry found with key 'b'. The context is empty"),
        ("a.b.c", {"a": {"b": None}}, "No context entry found with key 'c'. The context is null"),
        ('"text".size', {}, "No property found with name 'size' of value '\"text\"'"),
    ],
)
def test_missing_paths_are_null_with_warning(text: str, context: dict[str, Any], warning: str) -> None:
    evaluation = compile_expression(text).evaluate_detailed(context)
    assert evaluation.value is None
    assert evaluation.warnings == (warning,)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[1,2,3,4][1]", Decimal(1)),
        ("[1,2,3,4][-1]", Decimal(4)),
        ("[1,2,3,4][-4]", Decimal(1)),
        ("[1,2,3,4][0]", None),
        ("[1,2,3,4][5]", None),
        ("[1,2,3,4][-5]", None),
        ("[1,2,3,4][item > 2]", numbers(3, 4)),
        ("[1,2,null,4][item > 2]", numbers(4)),
        ("[1,2,3][item > 5]", []),
        ("[][item > 5]", []),
        ("[{a:1,b:2},{a:3,b:4}][a > 1].b", numbers(4)),
        ("[{a:1},{a:3}][item.a = 3]", [{"a": Decimal(3)}]),
        ("[1,2,3][1 + 1]", Decimal(2)),
        ('["a", 1, "b"][item = "b"]', ["b"]),
        ("[[1,2],[3]][1][2]", Decimal(2)),
    ],
)
def test_filters(text: str, expected: Any) -> None:
    assert ev(text) == expected


def test_filter_index_from_variable_and_outer_names() -> None:
    assert ev("xs[i]", {"xs": [10, 20, 30], "i": 2}) == 20
    assert ev("xs[item > limit]", {"xs": [1, 5, 9], "limit": 4}) == numbers(5, 9)
    assert ev("orders[amount > 100].id", {"orders": [{"id": 1, "amount": 50}, {"id": 2, "amount": 150}]}) == [
        Decimal(2)
    ]


def test_filter_on_non_list_is_null() -> None:
    evaluation = compile_expression("x[1]").evaluate_detailed({"x": 5})
    assert evaluation.value is None
    assert evaluation.warnings == ("Expected list but found '5'",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("for x in [1,2], y in [3,4] return x * y", numbers(3, 4, 6, 8)),
        ("for x in 3..1 return x * 2", numbers(6, 4, 2)),
        ("for x in 1..3 return x", numbers(1, 2, 3)),
        ("for x in [1..3] return x", numbers(1, 2, 3)),
        ("for x in (1..3) return x", numbers(2)),
        ("for x in [] return x", []),
        (
            "for i in 1..8 return if (i <= 2) then 1 else partial[-1] + partial[-2]",
            numbers(1, 1, 2, 3, 5, 8, 13, 21),
        ),
        ("for x in 1..3, y in x..3 return x * 10 + y", numbers(11, 12, 13, 22, 23, 33)),
        ("for x in [{a:1},{a:2}] return x.a", numbers(1, 2)),
        ("some x in [1,2], y in [2,3] satisfies x < y", True),
        ("some x in [1,2] satisfies x > 5", False),
        ("some x in [] satisfies x", False),
        ("some x in [1, null] satisfies x > 0", True),
        ("some x in [null, 0] satisfies x > 0", None),
        ("every x in [1,2,3] satisfies x >= 1", True),
        ("every x in [1,2,3] satisfies x >= 2", False),
        ("every x in [] satisfies x", True),
        ("every x in [1, null] satisfies x > 0", None),
    ],
)
def test_iteration(text: str, expected: Any) -> None:
    assert ev(text) == expected


def test_iteration_over_non_list_is_null() -> None:
    evaluation = compile_expression("for x in 5 return x").evaluate_detailed()
    assert evaluation.value is None
    assert evaluation.warnings == ("Expected list but found '5'",)
    assert ev("some x in null satisfies x") is None
    assert ev('for x in 1.."a" return x') is None


def test_iteration_variables_shadow_context() -> None:
    assert ev("for x in [1, 2] return x + y", {"x": 100, "y": 10}) == numbers(11, 12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[1..10]", Range(Decimal(1), Decimal(10), True, True)),
        ("(1..10]", Range(Decimal(1), Decimal(10), False, True)),
        ("]1..10[", Range(Decimal(1), Decimal(10), False, False)),
        ("[a..b)", Range(Decimal(2), Decimal(5), True, False)),
    ],
)
def test_range_values(text: str, expected: Range) -> None:
    assert ev(text, {"a": 2, "b": 5}) == expected


def test_range_properties() -> None:
    assert ev("[1..10).start") == 1
    assert ev("[1..10).end") == 10
    assert ev("[1..10).start included") is True
    assert ev("[1..10).end included") is False


def test_invalid_range_is_null() -> None:
    evaluation = compile_expression('[1.."a"]').evaluate_detailed()
    assert evaluation.value is None
    assert evaluation.warnings[0].startswith("Invalid range definition")
    assert ev("[x..5]") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 in [1..10]", True),
        ("10 in [1..10)", False),
        ("5 in (1, 2, 5)", True),
        ("5 in (1..5)", False),
        ("5 in [4, 5, 6]", True),
        ("7 in [4, 5, 6]", False),
        ("5 in < 10", True),
        ("5 in > 10", False),
        ('"b" in ("a", "b")', True),
        ("x in y", True),
        ("null in [1..2]", None),
        ("5 in (> 3, < 1)", True),
        ('"c" in ("b".."d")', True),
        ('"d" in ("b".."d")', False),
        ("5 in [1..2] or 5 in [3..6]", True),
        ("if 1 in < 5 then 1 else 2", Decimal(1)),
    ],
)
def test_in_operator(text: str, expected: Any) -> None:
    assert ev(text, {"x": 1, "y": [1, 2]}) == expected


def test_values_from_python_are_converted_deeply() -> None:
    result = ev("x", {"x": [1, 2.5, {"y": (3, 4)}]})
    assert result == [Decimal(1), Decimal("2.5"), {"y": numbers(3, 4)}]
    assert type(result[0]) is Decimal
    assert ev("sum(x)", {"x": [1, 2, 3]}) == 6


def test_iteration_is_lazy_and_stops_early() -> None:
    assert ev("some x in 1..1000000000 satisfies x > 5") is True
    assert ev("every x in 1..1000000000 satisfies x < 5") is False
    assert ev("for x in 1.5..3 return x") == [Decimal("1.5"), Decimal("2.5")]


def test_filter_function_returning_a_number_is_called_once() -> None:
    from collections.abc import Sequence

    from zeebe_lite.feel import FeelFunction

    calls: list[Any] = []

    def third(args: Sequence[Any]) -> Any:
        calls.append(args[0])
        return Decimal(3)

    assert ev("[1,2,3,4][f(item)]", {"f": FeelFunction(("x",), third)}) == 3
    assert calls == [Decimal(1)]


def test_filter_items_shadow_context_variables() -> None:
    text = 'sum({"loans": [{"loanId": "A1", "amount": 10}, {"loanId": "A2", "amount": 20}]}.loans[loanId = id].amount)'
    assert ev(text, {"id": "A2", "loanId": "A2"}) == 20
    assert ev('[1,2,3,4]["not a valid filter"]') == []
    assert ev("[1,2,3,4][if item < 3 then true else null]") == numbers(1, 2)
    assert ev("[1,2,null,4][item = null]") == [None]
