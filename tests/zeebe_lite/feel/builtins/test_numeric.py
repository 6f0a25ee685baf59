from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from builtin_harness import D, call, call_or_null

from zeebe_lite.feel.builtins import builtin_table
from zeebe_lite.feel.values import NUMBER_CONTEXT, YearMonthDuration


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("decimal", NUMBER_CONTEXT.divide(D(1), D(3)), D(2)), "0.33"),
        (("decimal", D("1.5"), D(0)), "2"),
        (("decimal", D("2.5"), D(0)), "2"),
        (("decimal", D("2.5"), D(0), "half_up"), "3"),
        (("decimal", D(1234), D(-2)), "1.2E+3"),
        (("decimal", D("1.5"), D(3)), "1.500"),
        (("floor", D("1.5")), "1"),
        (("floor", D("-1.5")), "-2"),
        (("floor", D("-1.56"), D(1)), "-1.6"),
        (("ceiling", D("1.5")), "2"),
        (("ceiling", D("-1.5")), "-1"),
        (("ceiling", D("-1.56"), D(1)), "-1.5"),
        (("round up", D("5.5")), "6"),
        (("round up", D("-5.5")), "-6"),
        (("round up", D("1.121"), D(2)), "1.13"),
        (("round up", D("-1.126"), D(2)), "-1.13"),
        (("round down", D("5.5"), D(0)), "5"),
        (("round down", D("-5.5"), D(0)), "-5"),
        (("round down", D("1.121"), D(2)), "1.12"),
        (("round down", D("-1.126"), D(2)), "-1.12"),
        (("round half up", D("5.5"), D(0)), "6"),
        (("round half up", D("-5.5"), D(0)), "-6"),
        (("round half up", D("1.121"), D(2)), "1.12"),
        (("round half up", D("-1.126"), D(2)), "-1.13"),
        (("round half down", D("5.5"), D(0)), "5"),
        (("round half down", D("-5.5"), D(0)), "-5"),
        (("round half down", D("1.121"), D(2)), "1.12"),
        (("round half down", D("-1.126"), D(2)), "-1.13"),
        (("round half down", D("1.5"), D("0.9")), "1"),
    ],
)
def test_rounding_functions(args: tuple[object, ...], expected: str) -> None:
    name, *arguments = args
    result = call(str(name), *arguments)
    assert type(result) is Decimal
    assert str(result) == expected


def test_rounding_keeps_every_digit_like_bigdecimal_set_scale() -> None:
    big = D("12345678901234567890123456789012345678.5")
    assert str(call("round half up", big, D(0))) == "12345678901234567890123456789012345679"


@pytest.mark.parametrize(
    "args",
    [
        ("decimal", D(1), None),
        ("decimal", "1", D(1)),
        ("decimal", D("1.5"), D(0), "sideways"),
        ("decimal", D("1.5"), D(0), "UNNECESSARY"),
        ("floor", None),
    ],
)
def test_rounding_with_bad_arguments_is_null(args: tuple[object, ...]) -> None:
    name, *arguments = args
    assert call_or_null(str(name), *arguments) is None


def test_decimal_unnecessary_mode_allows_exact_values() -> None:
    assert call("decimal", D("1.50"), D(1), "UNNECESSARY") == D("1.5")


def test_abs_of_numbers_and_durations() -> None:
    assert call("abs", D(10)) == D(10)
    assert call("abs", D(-10)) == D(10)
    assert call("abs", D("-0.5")) == D("0.5")
    many_digits = D("-1234567890123456789012345678901234")
    assert str(call("abs", many_digits)) == "1234567890123456789012345678901234"
    assert call("abs", dt.timedelta(hours=-5)) == dt.timedelta(hours=5)
    assert call("abs", YearMonthDuration(-2)) == YearMonthDuration(2)
    assert call_or_null("abs", "x") is None
    assert {b.params for b in builtin_table()["abs"]} == {("n",), ("number",)}


@pytest.mark.parametrize(
    ("dividend", "divisor", "expected"),
    [
        ("12", "5", "2"),
        ("-12", "5", "3"),
        ("12", "-5", "-3"),
        ("-12", "-5", "-2"),
        ("10.1", "4.5", "1.1"),
        ("-10.1", "4.5", "3.4"),
    ],
)
def test_modulo_takes_the_sign_of_the_divisor(dividend: str, divisor: str, expected: str) -> None:
    assert call("modulo", D(dividend), D(divisor)) == D(expected)


def test_modulo_by_zero_is_null() -> None:
    assert call_or_null("modulo", D(1), D(0)) is None


def test_double_based_functions_carry_double_digits() -> None:
    assert call("sqrt", D(16)) == D(4)
    assert str(call("sqrt", D(16))) == "4.0"
    assert str(call("sqrt", D(2))) == "1.4142135623730951"
    assert str(call("log", D(10))) == "2.302585092994046"
    assert str(call("exp", D(5))) == "148.4131591025766"
    assert str(call("exp", D(50))) == "5.184705528587072E+21"
    assert str(call("exp", D(-10))) == "0.000045399929762484854"


def test_double_based_functions_outside_their_domain_are_null() -> None:
    assert call_or_null("sqrt", D(-1)) is None
    assert call_or_null("log", D(0)) is None
    assert call_or_null("log", D(-1)) is None
    assert call_or_null("exp", D(100000)) is None


@pytest.mark.parametrize(
    ("number", "odd", "even"),
    [
        ("5", True, False),
        ("2", False, True),
        ("-3", True, False),
        ("0", False, True),
        ("2.5", False, False),
        ("1E+40", False, True),
    ],
)
def test_odd_and_even(number: str, odd: bool, even: bool) -> None:
    assert call("odd", D(number)) is odd
    assert call("even", D(number)) is even


def test_random_number_is_between_zero_and_one() -> None:
    values = {call("random number") for _ in range(20)}
    assert all(type(value) is Decimal and D(0) <= value < D(1) for value in values)
    assert len(values) > 1
