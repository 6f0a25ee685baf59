"""The public API: compile/evaluate entry points, caching, variables, warnings and JSON conversion."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import zeebe_lite.feel as feel
from zeebe_lite.feel import (
    Evaluation,
    FeelFunction,
    FeelSyntaxError,
    Range,
    YearMonthDuration,
    compile_expression,
    evaluate,
    from_json,
    to_json,
)


class ReadOnlyContext(Mapping[str, Any]):
    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def test_public_names() -> None:
    assert set(feel.__all__) >= {
        "compile_expression",
        "compile_unary_tests",
        "evaluate",
        "evaluate_unary_tests",
        "CompiledExpression",
        "CompiledUnaryTests",
        "Evaluation",
        "to_json",
        "from_json",
        "FeelError",
        "FeelSyntaxError",
        "FeelEvaluationError",
        "Range",
        "YearMonthDuration",
        "FeelFunction",
        "EvalEnv",
    }


def test_compile_is_cached_by_text() -> None:
    first = compile_expression("a + 1")
    assert compile_expression("a + 1") is first
    assert first.text == "a + 1"
    assert first.evaluate({"a": 1}) == 2
    assert first.evaluate({"a": 2}) == 3


def test_variables_are_the_free_top_level_names() -> None:
    assert compile_expression('score >= 70 and source = "manychat"').variables == frozenset(
        {"score", "source"}
    )
    assert compile_expression("order.items[price > 10].name").variables == frozenset({"order", "price"})
    assert compile_expression("for x in xs return x + y").variables == frozenset({"xs", "y"})
    assert compile_expression("{a: 1, b: a + c}").variables == frozenset({"c"})
    assert compile_expression("function(p) p + q").variables == frozenset({"q"})
    assert compile_expression("upper case(name) + f(1)").variables == frozenset({"name", "f"})
    assert compile_expression("1 + 2").variables == frozenset()


def test_evaluate_detailed_returns_warnings() -> None:
    evaluation = compile_expression("x + 1").evaluate_detailed()
    assert evaluation == Evaluation(None, ("No variable found with name 'x'", "Can't add '1' to 'null'"))
    assert dataclasses.is_dataclass(evaluation)
    with pytest.raises(dataclasses.FrozenInstanceError):
        evaluation.value = 1  # type: ignore[misc]


def test_evaluate_shortcut_and_any_mapping() -> None:
    assert evaluate("a * 2", {"a": 21}) == 42
    assert evaluate("a * 2", ReadOnlyContext({"a": 4})) == 8
    assert evaluate("1 + 1") == 2


def test_syntax_error_from_compile() -> None:
    with pytest.raises(FeelSyntaxError) as caught:
        compile_expression("a +* b")
    assert caught.value.position == 3
    with pytest.raises(FeelSyntaxError):
        compile_expression("")


def test_results_are_decimals() -> None:
    result = evaluate("x * 2", {"x": 3})
    assert type(result) is Decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal(3), 3),
        (Decimal("3.0"), 3),
        (Decimal("2.5"), 2.5),
        ("s", "s"),
        (True, True),
        (None, None),
        ([Decimal(1), {"a": Decimal("0.5")}], [1, {"a": 0.5}]),
        (dt.date(2023, 6, 14), "2023-06-14"),
        (dt.timedelta(days=1, hours=2), "PT26H"),
        (YearMonthDuration(38), "P3Y2M"),
        (dt.datetime(2018, 4, 29, 9, 30), "2018-04-29T09:30"),
        (
            dt.datetime(2025, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")),
            "2025-11-24T10:00+01:00[Europe/Berlin]",
        ),
        (Range(Decimal(1), Decimal(2)), None),
        (FeelFunction(("x",), lambda args: args[0]), None),
    ],
)
def test_to_json(value: Any, expected: Any) -> None:
    assert to_json(value) == expected


def test_to_json_of_an_evaluation_result_is_json_serialisable() -> None:
    import json

    result = evaluate('{a: 1, b: [1.5, "x", null], c: date("2020-01-01")}')
    assert json.loads(json.dumps(to_json(result))) == {"a": 1, "b": [1.5, "x", None], "c": "2020-01-01"}


def test_from_json() -> None:
    value = from_json({"a": 1, "b": [1.5, {"c": True}], "d": None, "e": "s"})
    assert value == {"a": Decimal(1), "b": [Decimal("1.5"), {"c": True}], "d": None, "e": "s"}
    assert type(value["a"]) is Decimal
    assert from_json(0.1) == Decimal("0.1")


def test_from_json_keeps_clean_values_identical() -> None:
    clean = {"a": Decimal(1), "b": ["x", None]}
    assert from_json(clean) is clean
