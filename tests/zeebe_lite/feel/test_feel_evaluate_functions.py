"""Function invocation (built-ins, user functions, closures, named arguments), types and temporals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest

from zeebe_lite.feel import FeelFunction, YearMonthDuration, compile_expression


def ev(text: str, context: dict[str, Any] | None = None) -> Any:
    return compile_expression(text).evaluate(context)


class FixedClock:
    def now(self) -> dt.datetime:
        return dt.datetime(2024, 2, 29, 12, 0, tzinfo=dt.UTC)


def test_builtin_calls_positional_and_named() -> None:
    assert ev('upper case("aBc4")') == "ABC4"
    assert ev('string join(["a","b"], ", ")') == "a, b"
    assert ev('string join(list: ["a","b"], delimiter: "-")') == "a-b"
    assert ev('substring(string: "foobar", start position: 3)') == "obar"
    assert ev("sort(list: [3,1,2], precedes: function(x,y) x < y)") == [Decimal(1), Decimal(2), Decimal(3)]
    assert ev("round down (-5.5, 0)") == -5


def test_variadic_builtins_accept_a_list_or_arguments() -> None:
    assert ev("max([1,2,3])") == 3
    assert ev("max(1,2,3)") == 3
    assert ev("append([1], 2, 3)") == [Decimal(1), Decimal(2), Decimal(3)]


def test_unknown_function_is_null_with_warning() -> None:
    evaluation = compile_expression("foo(1)").evaluate_detailed()
    assert evaluation.value is None
    assert evaluation.warnings == ("no function found with name 'foo' and 1 parameters",)
    named = compile_expression("abs(value: 1)").evaluate_detailed()
    assert named.value is None
    assert named.warnings[0].startswith("no function found with name 'abs'")


def test_wrong_argument_count_is_null() -> None:
    assert ev('upper case("a", "b")') is None


def test_builtin_failure_is_null_with_warning() -> None:
    evaluation = compile_expression('number("abc")').evaluate_detailed()
    assert evaluation.value is None


def test_user_function_definition_and_closures() -> None:
    assert ev("{f: function(x) x * 2, r: f(3)}.r") == 6
    assert ev("{add: function(a, b) a + b}.add(1, 2)") == 3
    assert ev("{k: 10, f: function(x) x + k, r: f(1)}.r") == 11
    assert ev("{fact: function(n) if n <= 1 then 1 else n * fact(n - 1), r: fact(5)}.r") == 120
    assert ev("{f: function(a, b) a - b, r: f(b: 1, a: 5)}.r") == 4


def test_function_values_from_the_context() -> None:
    def double(args: Sequence[Any]) -> Any:
        return args[0] * 2

    function = FeelFunction(("x",), double)
    assert ev("f(21)", {"f": function}) == 42
    assert ev("ctx.f(4)", {"ctx": {"f": function}}) == 8
    assert ev("f(1, 2)", {"f": function}) is None


def test_function_value_raising_is_null_with_warning() -> None:
    def broken(args: Sequence[Any]) -> Any:
        raise ValueError("boom")

    evaluation = compile_expression("f(1)").evaluate_detailed({"f": FeelFunction(("x",), broken)})
    assert evaluation.value is None
    assert evaluation.warnings == ("Failed to invoke function 'f': boom",)


def test_context_variable_named_like_a_builtin_does_not_hide_it() -> None:
    assert ev("count([1, 2]) + count", {"count": 5}) == 7


def test_calling_a_non_function_path_is_null() -> None:
    evaluation = compile_expression("ctx.f(1)").evaluate_detailed({"ctx": {"f": 1}})
    assert evaluation.value is None
    assert evaluation.warnings == ("Expected function but found '1'",)


def test_builtins_receive_the_environment() -> None:
    assert compile_expression("today()").evaluate(env=FixedClock()) == dt.date(2024, 2, 29)
    assert compile_expression("now()").evaluate(env=FixedClock()) == dt.datetime(
        2024, 2, 29, 12, tzinfo=dt.UTC
    )


def test_default_environment_is_utc_wall_clock() -> None:
    now = ev("now()")
    assert isinstance(now, dt.datetime)
    assert now.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 instance of number", True),
        ('"a" instance of string', True),
        ("true instance of boolean", True),
        ("1 instance of string", False),
        ("null instance of Null", True),
        ("null instance of Any", False),
        ("null instance of number", False),
        ("1 instance of Any", True),
        ("[1, 2] instance of list", True),
        ("[1, 2] instance of list<number>", True),
        ('[1, "a"] instance of list<number>', False),
        ("{a: 1} instance of context", True),
        ("{a: 1, b: 2} instance of context<a: number>", True),
        ('{a: "x"} instance of context<a: number>', False),
        ("[1..2] instance of range", True),
        ("[1..2] instance of range<number>", True),
        ("(function(x) x) instance of function", True),
        ("(function(x) x) instance of function<Any>->Any", True),
        ("(function(x) x) instance of function<Any, Any>->Any", False),
        ('@"2020-01-01" instance of date', True),
        ('@"10:00:00" instance of time', True),
        ('@"2020-01-01T10:00:00" instance of date and time', True),
        ('@"2020-01-01T10:00:00" instance of date time', True),
        ('@"P1D" instance of days and time duration', True),
        ('@"P1Y" instance of years and months duration', True),
        ('@"P1Y" instance of year-month-duration', True),
        ('@"P1D" instance of years and months duration', False),
    ],
)
def test_instance_of(text: str, expected: bool) -> None:
    assert ev(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('@"2020-01-01"', dt.date(2020, 1, 1)),
        ('@"P1D"', dt.timedelta(days=1)),
        ('@"P1Y2M"', YearMonthDuration(14)),
        ('date("2012-12-25") - date("2012-12-24")', dt.timedelta(days=1)),
        ('date and time("2017-01-10T10:30:00") + duration("P1Y")', dt.datetime(2018, 1, 10, 10, 30)),
        ('duration("P1D") / duration("PT1H")', Decimal(24)),
        ('@"P1D" * 2', dt.timedelta(days=2)),
        ('-@"P1D"', None),
        ('date("2017-03-10").year', Decimal(2017)),
        ('@"2020-01-01" + @"P1M"', dt.date(2020, 2, 1)),
        ('@"P1D" < @"P2D"', True),
        ('@"2020-01-01" = date(2020, 1, 1)', True),
        ('@"2020-01-01" < @"2020-01-02"', True),
        ('@"2020-01-01" < 5', None),
        ('@"10:00:00" + @"PT1H"', dt.time(11, 0)),
        ('@"2020-01-01" in [@"2019-12-01"..@"2020-02-01"]', True),
    ],
)
def test_temporal_values(text: str, expected: Any) -> None:
    assert ev(text) == expected


def test_invalid_temporal_literal_is_null_with_warning() -> None:
    evaluation = compile_expression('@"not a date"').evaluate_detailed()
    assert evaluation.value is None
    assert evaluation.warnings == ("Invalid temporal literal '@\"not a date\"'",)


def test_unknown_temporal_property_is_null_with_warning() -> None:
    evaluation = compile_expression('date("2020-01-01").nothing').evaluate_detailed()
    assert evaluation.value is None
    assert evaluation.warnings[0].startswith("No property found with name 'nothing'")


def test_deep_recursion_at_runtime_is_null() -> None:
    evaluation = compile_expression("{f: function(n) f(n + 1), r: f(1)}.r").evaluate_detailed()
    assert evaluation.value is None
    assert evaluation.warnings[-1] == "Evaluation exceeded the maximum nesting depth"


def test_variadic_signature_rules_follow_camunda() -> None:
    assert ev("context merge()") is None
    assert ev('context merge(contexts: {"a": 1})') == {"a": Decimal(1)}
    assert ev('context merge(contexts: [{"a": 1}, {"b": 2}])') == {"a": Decimal(1), "b": Decimal(2)}
    assert ev("max(7)") == 7
    assert ev("append([1])") is None
    assert ev("append([1], [2])") == [Decimal(1), [Decimal(2)]]
