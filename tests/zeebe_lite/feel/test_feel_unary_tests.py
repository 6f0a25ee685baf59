"""Unary tests (DMN input entries) evaluated against an input value, with Camunda's semantics."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from zeebe_lite.feel import compile_unary_tests, evaluate_unary_tests


@pytest.mark.parametrize(
    ("tests", "input_value", "expected"),
    [
        ("-", None, True),
        ("-", 5, True),
        ("", "x", True),
        ("< 3", 2, True),
        ("< 3", 3, False),
        ("<= 3", 3, True),
        ("> 3", 4, True),
        (">= 18", 18, True),
        (">= 18", 17.5, False),
        ("> 3", None, None),
        ("< 3", "a", None),
        ("= 5", 5, True),
        ("!= 5", 5, False),
        ("!= 5", 6, True),
        ("!= 5", "x", None),
        ("5", 5, True),
        ("5", 5.0, True),
        ("5", 6, False),
        ("5", None, False),
        ("5", "5", None),
        ('"Medium"', "Medium", True),
        ('"Medium"', "High", False),
        ('"Medium"', None, False),
        ('"a", "b"', "b", True),
        ('"a", "b"', "c", False),
        ('"a", 1', 2, None),
        ('"a", 1', 1, True),
        ('not("a", "b")', "c", True),
        ('not("a", "b")', "a", False),
        ("not(> 5)", None, None),
        ("not(2, 3)", 4, True),
        ("not(negand: false)", True, True),
        ("[1..5]", 5, True),
        ("[1..5)", 5, False),
        ("(2..4)", 4, False),
        ("]2..4]", 3, True),
        ("[1..5]", None, None),
        ("[1..5]", "a", None),
        ("[1..5], > 10", 11, True),
        ('("b".."d")', "c", True),
        ('("b".."d")', "d", False),
        ('["b".."d"]', "d", True),
        ('["b".."d"]', 1, None),
        ("(> 10)", 11, True),
        ("null", None, True),
        ("null", 1, False),
        ("true", True, True),
        ("true", False, False),
        ("false", False, True),
        ("true", None, False),
        ("[4,5,6]", 5, True),
        ("[4,5,6]", 7, False),
        ('["a","b"]', "b", True),
        ("? > 5", 6, True),
        ("? > 5", 4, False),
        ("? > 5", None, None),
        ('starts with(?, "x")', "xyz", True),
        ('starts with(?, "x")', "abc", False),
        ("< 5 and > 2", 3, True),
        ("< 5 and > 2", 6, False),
        ("1 + 1", 2, True),
        ("true", 1, None),
        ("-5", -5, True),
        ('@"2020-01-01"', dt.date(2020, 1, 1), True),
        ('< @"2020-01-01"', dt.date(2019, 1, 1), True),
        ('[@"2020-01-01"..@"2020-12-31"]', dt.date(2020, 6, 1), True),
        ("count(?) > 1", [1, 2], True),
        ("? = [1, 2]", [1, 2], True),
    ],
)
def test_unary_tests(tests: str, input_value: Any, expected: bool | None) -> None:
    assert evaluate_unary_tests(tests, input_value) is expected


@pytest.mark.parametrize(
    ("tests", "context", "input_value", "expected"),
    [
        ("? > x", {"x": 10}, 5, False),
        ("<= x", {"x": 10}, 10, True),
        ("x", {"x": 3}, 3, True),
        ("x", {"x": [1, 3]}, 3, True),
        ("x", {"x": [1, 3]}, [1, 3], True),
        ("x > 5", {"x": 10}, "anything", True),
        ("x > 5", {"x": 1}, "anything", False),
        ("[a..b]", {"a": 1, "b": 3}, 2, True),
        ("[a..b]", {"a": 1}, 2, None),
        ("r", {"r": None}, 2, False),
        ("y", {}, None, True),
    ],
)
def test_unary_tests_with_context(
    tests: str, context: dict[str, Any], input_value: Any, expected: Any
) -> None:
    assert evaluate_unary_tests(tests, input_value, context) is expected


def test_range_value_from_context_tests_inclusion() -> None:
    interval = evaluate_unary_tests("r", 3, {"r": None})
    assert interval is False
    from zeebe_lite.feel import Range

    assert evaluate_unary_tests("r", 3, {"r": Range(Decimal(1), Decimal(5))}) is True
    assert evaluate_unary_tests("r", 9, {"r": Range(Decimal(1), None)}) is True
    assert evaluate_unary_tests("r", 0, {"r": Range(None, Decimal(5), True, False)}) is True


def test_warnings_and_variables() -> None:
    compiled = compile_unary_tests("> limit, [low..high]")
    assert compiled.variables == frozenset({"limit", "low", "high"})
    evaluation = compiled.evaluate_detailed(3, {"limit": "x", "low": 1, "high": 5})
    assert evaluation.value is True
    assert evaluation.warnings == ("Can't compare '3' with '\"x\"'",)


def test_compiled_unary_tests_are_cached_and_reusable() -> None:
    first = compile_unary_tests(">= 18")
    assert compile_unary_tests(">= 18") is first
    assert [first.evaluate(age) for age in (17, 18, 30)] == [False, True, True]
    assert first.text == ">= 18"


def test_static_tests_give_the_same_answers_and_still_report_warnings() -> None:
    static = compile_unary_tests('"a", [1..5], > 10')
    # 7 is not comparable with "a", so the disjunction is null rather than false
    assert [static.evaluate(value) for value in ("a", 3, 11, 7, None)] == [True, True, True, None, None]
    assert compile_unary_tests("[1..5], > 10").evaluate(7) is False
    detailed = static.evaluate_detailed(True)
    assert detailed.value is None
    assert detailed.warnings
    dynamic = compile_unary_tests("< limit")
    assert dynamic.evaluate(3, {"limit": 5}) is True
    assert dynamic.evaluate(3, {"limit": 2}) is False
