"""Evaluation of literals, arithmetic, comparison and boolean logic, with Camunda's null rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from zeebe_lite.feel import compile_expression


def ev(text: str, context: dict[str, Any] | None = None) -> Any:
    return compile_expression(text).evaluate(context)


def warnings_of(text: str, context: dict[str, Any] | None = None) -> tuple[str, ...]:
    return compile_expression(text).evaluate_detailed(context).warnings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", Decimal(1)),
        ("1.50", Decimal("1.50")),
        (".5", Decimal("0.5")),
        ("-3", Decimal(-3)),
        ('"text"', "text"),
        ("true", True),
        ("false", False),
        ("null", None),
        ("[]", []),
        ("{}", {}),
    ],
)
def test_literals(text: str, expected: Any) -> None:
    result = ev(text)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.1 + 0.2", Decimal("0.3")),
        ("0.1 + 0.2 = 0.3", True),
        ("10 - 2.5", Decimal("7.5")),
        ("1.5 * 2", Decimal("3")),
        ("10 / 4", Decimal("2.5")),
        ("1 / 3", Decimal("0.3333333333333333333333333333333333")),
        ("2 / 3 * 3", Decimal("2.000000000000000000000000000000000")),
        ("2 ** 10", Decimal(1024)),
        ("2 ** -1", Decimal("0.5")),
        ("-2 ** 2", Decimal(4)),
        ("3 * 4**2", Decimal(48)),
        ("2 * -3", Decimal(-6)),
        ("4 ** 0.5", Decimal(2)),
        ("- (1 + 2)", Decimal(-3)),
        ("12345678901234567890123456789012345 + 0", Decimal("1.234567890123456789012345678901234E+34")),
    ],
)
def test_decimal_arithmetic(text: str, expected: Decimal) -> None:
    result = ev(text)
    assert result == expected


def test_precision_is_34_digits_half_even() -> None:
    assert ev("1 / 3") == Decimal("0." + "3" * 34)
    assert ev("2 / 3") == Decimal("0." + "6" * 33 + "7")


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("2 / 0", "Can't divide '2' by '0'"),
        ("2 + true", "Can't add 'true' to '2'"),
        ('"a" - "b"', "Can't subtract '\"b\"' from '\"a\"'"),
        ('2 * "x"', "Can't multiply '2' by '\"x\"'"),
        ("1 + null", "Can't add 'null' to '1'"),
        ('-"a"', "Expected number but found '\"a\"'"),
        ('2 ** "a"', "Can't raise '2' to the power of '\"a\"'"),
    ],
)
def test_arithmetic_type_errors_are_null_with_warning(text: str, warning: str) -> None:
    evaluation = compile_expression(text).evaluate_detailed()
    assert evaluation.value is None
    assert evaluation.warnings == (warning,)


def test_huge_power_is_null_not_a_crash() -> None:
    assert ev("10 ** 999999999") is None
    assert ev("0 ** -1") is None


def test_string_concatenation() -> None:
    assert ev('"a" + "b"') == "ab"
    assert ev('s + "!"', {"s": "hi"}) == "hi!"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 = 1.0", True),
        ("1 != 2", True),
        ('"a" = "a"', True),
        ('"a" < "b"', True),
        ("2 <= 2", True),
        ("3 > 4", False),
        ("3 >= 4", False),
        ("true = true", True),
        ("true != false", True),
        ("null = null", True),
        ("1 = null", False),
        ("null != 1", True),
        ("[1, 2] = [1, 2]", True),
        ("[1, 2] = [2, 1]", False),
        ("[1, [2]] = [1, [2.0]]", True),
        ("{a: 1, b: [1]} = {b: [1], a: 1}", True),
        ("{a: 1} = {a: 2}", False),
        ("[{x:1}] = [{x:1}]", True),
        ('[1, "a"] = [1, 2]', False),
        ("x between 2 and 4", None),
        ("3 between 2 and 4", True),
        ("5 between 2 and 4", False),
        ("[1..3] = [1..3]", True),
    ],
)
def test_comparisons(text: str, expected: Any) -> None:
    assert ev(text) is expected


@pytest.mark.parametrize(
    "text",
    ['1 = "1"', "1 < true", "true < false", "[1] < [2]", '"a" > 1', "2 > null", "null < null", "{} < {}"],
)
def test_incomparable_values_give_null(text: str) -> None:
    evaluation = compile_expression(text).evaluate_detailed()
    assert evaluation.value is None
    assert evaluation.warnings
    assert evaluation.warnings[-1].startswith("Can't compare")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true and true", True),
        ("true and false", False),
        ("false and 2", False),
        ("2 and false", False),
        ("true and 2", None),
        ("true and null", None),
        ("true or false", True),
        ("false or false", False),
        ("2 or 4", None),
        ("2 or true", True),
        ("false or null", None),
        ("null or true", True),
    ],
)
def test_three_valued_logic(text: str, expected: bool | None) -> None:
    assert ev(text) is expected


def test_and_or_short_circuit_without_warnings() -> None:
    assert compile_expression("true or x").evaluate_detailed().warnings == ()
    assert compile_expression("false and x").evaluate_detailed().warnings == ()


def test_missing_variable_is_null_with_warning() -> None:
    evaluation = compile_expression("x = null").evaluate_detailed({})
    assert evaluation.value is True
    assert evaluation.warnings == ("No variable found with name 'x'",)
    assert ev("x + 1") is None
    assert ev("x > 1") is None
    assert ev("x = 1") is False


def test_backtick_names() -> None:
    assert ev("`a b` + `c-d`", {"a b": 1, "c-d": 2}) == 3


def test_if_then_else() -> None:
    assert ev("if x < 5 then 1 else 2", {"x": 2}) == 1
    assert ev("if x < 5 then 1 else 2", {"x": 7}) == 2
    assert ev('if "yes" then 1 else 2') == 2
    assert ev("if null then 1 else 2") == 2
    assert ev("if x then 1 else 2") == 2
    assert ev("1 + if true then 1 else 2") == 2


def test_python_numbers_become_decimal() -> None:
    result = ev("x + y", {"x": 1, "y": 0.1})
    assert result == Decimal("1.1")
    assert type(result) is Decimal
    assert ev("x = 0.1", {"x": 0.1}) is True
    assert ev("x > 0.1", {"x": 0.1}) is False
    assert ev("x", {"x": True}) is True


def test_comments_in_expressions() -> None:
    assert ev("1 + // one\n 2 /* two */") == 3


def test_bare_comparison_in_an_expression_reads_input_value_variable() -> None:
    assert ev("< 3", {"inputValue": 2}) is True
    assert ev("< 3", {"inputValue": 4}) is False
    evaluation = compile_expression("= 3").evaluate_detailed()
    assert evaluation.value is False
    assert evaluation.warnings[0] == "No input value found."


def test_bare_comparison_without_input_is_a_range_value() -> None:
    from zeebe_lite.feel import Range

    assert ev("< 3") == Range(None, Decimal(3), False, False)
    assert ev("<= 3") == Range(None, Decimal(3), False, True)
    assert ev("(> 10).start") == 10
    assert ev("(> 10).start included") is False
    assert ev("(>= 10).start included") is True
    assert ev("(>= 10).end") is None
    assert ev("5 in (< 10)") is True
    assert ev("> x") is None


@pytest.mark.parametrize("special", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_floats_are_null(special: float) -> None:
    assert ev("x", {"x": special}) is None


def test_named_parameters_keep_their_spacing() -> None:
    assert ev("{f: function(test   name) `test   name` + 1, r: f(test   name: 2)}.r") == 3
    assert ev(
        '{f: function(x, y) if y = null then "y" else "ok", r: [f(x: 1), f(x: 1, y: 1), f(x: 1, z: 3)]}.r'
    ) == [
        "y",
        "ok",
        None,
    ]


def test_long_operator_chains_compile_and_evaluate() -> None:
    assert ev("+".join(["x"] * 3000), {"x": 1}) == 3000
    assert ev(" or ".join(['x = "a"'] * 2000 + ['x = "b"']), {"x": "b"}) is True
    assert ev(" and ".join(["x > 0"] * 2000), {"x": 1}) is True
    assert compile_expression(" or ".join(f"v{i} = 1" for i in range(500))).variables == frozenset(
        f"v{i}" for i in range(500)
    )


def test_chained_logic_is_three_valued() -> None:
    assert ev("true and 2 and false") is False
    assert ev("true and 2 and true") is None
    assert ev("false or 2 or true") is True
    assert ev("false or 2 or false") is None
    assert ev("false or false or false") is False
    assert ev("1 + 2 - 3 * 4 / 2") == -3
    assert ev('1 + 2 + "a"') is None


def test_long_else_if_chains() -> None:
    text = " ".join(f"if x = {i} then {i * 10} else" for i in range(1000)) + " -1"
    assert ev(text, {"x": 999}) == 9990
    assert ev(text, {"x": 5}) == 50
    assert ev(text, {"x": 5000}) == -1
    assert ev("if false then 1 else if null then 2 else 3") == 3
