from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from builtin_harness import D, call, call_or_null

from zeebe_lite.feel.builtins import builtin_table
from zeebe_lite.feel.errors import FeelEvaluationError
from zeebe_lite.feel.values import FeelFunction


def ns(*values: int | str) -> list[Decimal]:
    return [D(value) for value in values]


def function(params: tuple[str, ...], body: object) -> FeelFunction:
    return FeelFunction(params=params, invoke=lambda args: body(*args))  # type: ignore[operator]


def test_list_contains_uses_feel_equality() -> None:
    assert call("list contains", ns(1, 2, 3), D(2)) is True
    assert call("list contains", ns(1, 2, 3), D(4)) is False
    assert call("list contains", ns(1), True) is False
    assert call("list contains", [True], D(1)) is False
    assert call("list contains", [D("1.0")], D(1)) is True
    assert call("list contains", [None, D(1)], None) is True
    assert call("list contains", [[D(1)]], [D("1.00")]) is True
    assert call_or_null("list contains", None, D(1)) is None


def test_count_and_is_empty() -> None:
    assert call("count", ns(1, 2, 3)) == D(3)
    assert call("count", [ns(1, 2)]) == D(1)
    assert call("is empty", []) is True
    assert call("is empty", ns(1, 2, 3)) is False
    assert call_or_null("count", "abc") is None


def test_min_and_max_take_a_list_or_a_sequence() -> None:
    assert call("min", ns(1, 2, 3)) == D(1)
    assert call("min", D(3), D(1), D(2)) == D(1)
    assert call("max", ns(1, 2, 3)) == D(3)
    assert call("max", D(1), D(3), D(2)) == D(3)
    assert call("min", []) is None
    assert call("max", D(5)) == D(5)


def test_min_and_max_of_other_comparable_values() -> None:
    assert call("min", ["b", "a", "c"]) == "a"
    assert call("max", [dt.date(2017, 1, 1), dt.date(2019, 1, 1), dt.date(2018, 1, 1)]) == dt.date(2019, 1, 1)
    assert call("min", [dt.timedelta(hours=2), dt.timedelta(minutes=5)]) == dt.timedelta(minutes=5)
    berlin = dt.datetime(2020, 1, 1, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    utc = dt.datetime(2020, 1, 1, 9, 30, tzinfo=dt.UTC)
    assert call("min", [utc, berlin]) == berlin


@pytest.mark.parametrize(
    "values",
    [
        [True, False],
        [D(1), "a"],
        [dt.datetime(2020, 1, 1), dt.datetime(2020, 1, 1, tzinfo=dt.UTC)],
        [None, D(1)],
    ],
)
def test_min_and_max_of_incomparable_values_are_null(values: list[object]) -> None:
    assert call_or_null("min", values) is None
    assert call_or_null("max", values) is None


def test_sum_product_mean_median() -> None:
    assert call("sum", ns(1, 2, 3)) == D(6)
    assert call("sum", D(1), D(2), D(3)) == D(6)
    assert call("sum", [D("0.1"), D("0.2")]) == D("0.3")
    assert call("product", ns(2, 3, 4)) == D(24)
    assert call("product", D(2), D(3), D(4)) == D(24)
    assert call("mean", ns(1, 2, 3)) == D(2)
    assert call("mean", D(1), D(2)) == D("1.5")
    assert str(call("mean", ns(1, 1, 2))) == "1.333333333333333333333333333333333"
    assert call("median", D(8), D(2), D(5), D(3), D(4)) == D(4)
    assert call("median", ns(6, 1, 2, 3)) == D("2.5")
    for name in ("sum", "product", "mean", "median", "stddev"):
        assert call(name, []) is None
        assert call_or_null(name, [D(1), "2"]) is None


def test_stddev_and_mode() -> None:
    assert str(call("stddev", D(2), D(4), D(7), D(5))) == "2.0816659994661326"
    assert str(call("stddev", ns(2, 4, 7, 5))) == "2.0816659994661326"
    assert call_or_null("stddev", ns(1)) is None
    assert call("mode", D(6), D(3), D(9), D(6), D(6)) == ns(6)
    assert call("mode", ns(6, 1, 9, 6, 1)) == ns(1, 6)
    assert call("mode", []) == []


@pytest.mark.parametrize(
    ("values", "all_result", "any_result"),
    [
        ([True, False], False, True),
        ([False, None, True], False, True),
        ([True, True], True, True),
        ([False, False], False, False),
        ([True, None, True], None, True),
        ([False, None, False], False, None),
        ([], True, False),
        ([D(0)], None, None),
    ],
)
def test_all_and_any_with_three_valued_logic(
    values: list[object], all_result: object, any_result: object
) -> None:
    assert call("all", values) is all_result
    assert call("and", values) is all_result
    assert call("any", values) is any_result
    assert call("or", values) is any_result


def test_all_and_any_take_a_sequence() -> None:
    assert call("all", False, None, True) is False
    assert call("any", False, None, True) is True
    assert call("all", True) is True


def test_sublist() -> None:
    assert call("sublist", ns(1, 2, 3), D(2)) == ns(2, 3)
    assert call("sublist", ns(1, 2, 3), D(1), D(2)) == ns(1, 2)
    assert call("sublist", ns(1, 2, 3), D(-1), D(1)) == ns(3)
    assert call("sublist", ns(1, 2, 3), D(2), D(10)) == ns(2, 3)
    assert call("sublist", ns(1, 2, 3), D(-5)) == ns(1, 2, 3)
    names = {b.params for b in builtin_table()["sublist"]}
    assert ("list", "start position", "length") in names


def test_append_concatenate_insert_remove_reverse() -> None:
    assert call("append", ns(1), D(2), D(3)) == ns(1, 2, 3)
    assert call("append", ns(1), ns(2)) == [D(1), ns(2)]
    assert call("concatenate", ns(1, 2), ns(3)) == ns(1, 2, 3)
    assert call("concatenate", ns(1), ns(2), ns(3)) == ns(1, 2, 3)
    assert call("insert before", ns(1, 3), D(1), D(2)) == ns(2, 1, 3)
    assert call("insert before", ns(1, 3), D(2), D(2)) == ns(1, 2, 3)
    assert call("insert before", ns(1, 3), D(-1), D(2)) == ns(1, 2, 3)
    assert call("remove", ns(1, 2, 3), D(2)) == ns(1, 3)
    assert call("remove", ns(1, 2, 3), D(-1)) == ns(1, 2)
    assert call_or_null("remove", ns(1, 2, 3), D(0)) is None
    assert call_or_null("remove", ns(1, 2, 3), D(4)) is None
    assert call("reverse", ns(1, 2, 3)) == ns(3, 2, 1)


def test_index_of_union_distinct_duplicate_flatten() -> None:
    assert call("index of", ns(1, 2, 3, 2), D(2)) == ns(2, 4)
    assert call("index of", ns(1, 2, 3, 2), D(4)) == []
    assert call("union", ns(1, 2), ns(2, 3)) == ns(1, 2, 3)
    assert call("union", ns(1, 2), ns(2, 3), ns(4)) == ns(1, 2, 3, 4)
    assert call("distinct values", ns(1, 2, 3, 2, 1)) == ns(1, 2, 3)
    assert call("distinct values", [D(1), D("1.0"), True, "1"]) == [D(1), True, "1"]
    assert call("duplicate values", ns(1, 2, 3, 2, 1)) == ns(1, 2)
    assert call("duplicate values", ns(1, 2, 3)) == []
    assert call("duplicate values", [[D(1)], {"a": D(1)}, [D("1.0")], {"a": D(2)}, None, None]) == [
        [D(1)],
        None,
    ]
    assert call("distinct values", [{"a": D(1)}, {"a": D("1.00")}, [D(1)], [True]]) == [
        {"a": D(1)},
        [D(1)],
        [True],
    ]
    assert call("flatten", [ns(1, 2), [ns(3)], D(4)]) == ns(1, 2, 3, 4)
    assert call("flatten", [[D(n)] for n in range(3000)]) == [D(n) for n in range(3000)]


def test_sort_with_a_precedes_function() -> None:
    less = function(("x", "y"), lambda x, y: x < y)
    greater = function(("x", "y"), lambda x, y: x > y)
    assert call("sort", ns(3, 1, 4, 5, 2), less) == ns(1, 2, 3, 4, 5)
    assert call("sort", ns(3, 1, 4, 5, 2), greater) == ns(5, 4, 3, 2, 1)
    assert call("sort", [], less) == []


def test_sort_with_an_unusable_function_is_null() -> None:
    not_boolean = function(("x", "y"), lambda x, y: D(1))
    one_param = function(("x",), lambda x: True)

    def failing(x: object, y: object) -> bool:
        raise FeelEvaluationError("boom")

    assert call_or_null("sort", ns(2, 1), not_boolean) is None
    assert call_or_null("sort", ns(2, 1), one_param) is None
    assert call_or_null("sort", ns(2, 1), function(("x", "y"), failing)) is None
    assert call_or_null("sort", ns(2, 1), "x < y") is None


def test_string_join() -> None:
    assert call("string join", ["a", "b", "c"]) == "abc"
    assert call("string join", ["a", None, "c"]) == "ac"
    assert call("string join", []) == ""
    assert call("string join", ["a"], "X") == "a"
    assert call("string join", ["a", "b", "c"], ", ") == "a, b, c"
    assert call("string join", ["foo", None, "baz"], None) == "foobaz"
    assert call("string join", ["a", "b", "c"], ", ", "[", "]") == "[a, b, c]"
    assert call("string join", ["a", "b"], None, "<", ">") == "<ab>"
    assert call("string join", ["a", "b"], "-", None, None) == "a-b"
    assert call_or_null("string join", ["a", D(1)]) is None
    assert call_or_null("string join", ["a"], "-", "[", None) is None
    assert {len(b.params) for b in builtin_table()["string join"]} == {1, 2, 4}


def test_partition() -> None:
    assert call("partition", ns(1, 2, 3, 4, 5), D(2)) == [ns(1, 2), ns(3, 4), ns(5)]
    assert call("partition", [], D(2)) == []
    assert call("partition", ns(1, 2), D(0)) is None
    assert call("partition", ns(1, 2), D(-1)) is None


def test_list_replace_by_position() -> None:
    assert call("list replace", ns(1, 2, 3), D(2), D(4)) == ns(1, 4, 3)
    assert call("list replace", ns(1, 2, 3), D(-1), D(4)) == ns(1, 2, 4)
    assert call("list replace", ns(1, 2, 3), D("2.5"), D(4)) == ns(1, 4, 3)
    assert call("list replace", ns(1, 2, 3), D(3), None) == [D(1), D(2), None]
    assert call("list replace", D(1), D(1), D(5)) == ns(5)
    for position in (D(0), D(4), D(-4), None, "2"):
        assert call_or_null("list replace", ns(1, 2, 3), position, D(4)) is None
    assert call_or_null("list replace", None, D(1), D(4)) is None


def test_list_replace_by_match_function() -> None:
    smaller = function(("item", "newItem"), lambda item, new: item < new)
    assert call("list replace", ns(2, 4, 7, 8), smaller, D(5)) == ns(5, 5, 7, 8)
    assert call("list replace", ns(1, 2), function(("item", "newItem"), lambda item, new: True), D(5)) == ns(
        5, 5
    )
    assert call_or_null("list replace", ns(2, 4), function(("item",), lambda item: True), D(5)) is None
    assert (
        call_or_null("list replace", ns(2, 4), function(("item", "newItem"), lambda item, new: item), D(5))
        is None
    )
    assert {b.params for b in builtin_table()["list replace"]} == {
        ("list", "position", "newItem"),
        ("list", "match", "newItem"),
    }
