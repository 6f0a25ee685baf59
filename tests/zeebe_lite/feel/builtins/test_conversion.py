from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from builtin_harness import D, call, call_or_null

from zeebe_lite.feel.builtins import builtin_table
from zeebe_lite.feel.errors import FeelEvaluationError
from zeebe_lite.feel.values import NUMBER_CONTEXT, FeelFunction, YearMonthDuration


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("1.1"), "1.1"),
        (D("1.10"), "1.10"),
        (D(10) / D(4), "2.5"),
        (NUMBER_CONTEXT.divide(D(1), D(3)), "0.3333333333333333333333333333333333"),
        (D("0.0000001"), "1E-7"),
        (D("-5"), "-5"),
        (7, "7"),
        (True, "true"),
        (False, "false"),
        ("hello", "hello"),
        ([], "[]"),
        ([D(1), D(2), D(3)], "[1, 2, 3]"),
        ({}, "{}"),
        ({"a": D(1), "b": D(2)}, "{a:1, b:2}"),
        (["a", None, {"l": [D(1), "x"]}], '["a", null, {l:[1, "x"]}]'),
        (dt.date(2012, 12, 25), "2012-12-25"),
        (dt.time(23, 59), "23:59:00"),
        (dt.datetime(2012, 12, 25, 11, 0), "2012-12-25T11:00:00"),
        (
            dt.datetime(2018, 4, 29, 9, 30, tzinfo=ZoneInfo("Europe/Berlin")),
            "2018-04-29T09:30:00@Europe/Berlin",
        ),
        (dt.timedelta(0), "P0D"),
        (dt.timedelta(days=-1, hours=-2), "-P1DT2H"),
        (YearMonthDuration(14), "P1Y2M"),
        ([dt.date(2020, 1, 1)], "[2020-01-01]"),
    ],
)
def test_string_formats_values_like_camunda(value: object, expected: str) -> None:
    assert call("string", value) == expected


def test_string_of_null_is_null() -> None:
    assert call("string", None) is None


def test_string_of_a_function_names_its_parameters() -> None:
    function = FeelFunction(params=("x", "y"), invoke=lambda args: None)
    assert call("string", function) == "function(x, y)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1500.5", D("1500.5")), ("-1", D(-1)), ("+2", D(2)), (".5", D("0.5")), ("1e3", D(1000)), ("5.", D(5))],
)
def test_number_parses_java_bigdecimal_syntax(text: str, expected: Decimal) -> None:
    result = call("number", text)
    assert type(result) is Decimal
    assert result == expected


def test_number_keeps_every_digit_like_bigdecimal() -> None:
    assert (
        str(call("number", "12345678901234567890123456789012345678.5"))
        == "12345678901234567890123456789012345678.5"
    )


@pytest.mark.parametrize("text", ["x", "", " 1", "1 ", "NaN", "Infinity", "1_000", "1,5", "0x10"])
def test_number_rejects_what_java_rejects(text: str) -> None:
    with pytest.raises(FeelEvaluationError, match="as a number"):
        call("number", text)


def test_number_of_a_non_string_is_null() -> None:
    assert call_or_null("number", D(1)) is None
    assert call_or_null("number", None) is None


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("1,500", ","), D(1500)),
        (("1 500.5", " "), D("1500.5")),
        (("1.500", "."), D(1500)),
        (("1 500.5", " ", "."), D("1500.5")),
        (("1 500,5", " ", ","), D("1500.5")),
        (("1500,5", None, ","), D("1500.5")),
        (("1.500", ".", None), D(1500)),
    ],
)
def test_number_with_separators(args: tuple[object, ...], expected: Decimal) -> None:
    assert call("number", *args) == expected


@pytest.mark.parametrize(
    "args",
    [("1;500", ";"), ("1.500", ".", "."), ("1 500", " ", " "), ("1,5", None, None), ("1,5", ",", "x")],
)
def test_number_rejects_illegal_separators(args: tuple[object, ...]) -> None:
    assert call_or_null("number", *args) is None


def test_number_parameter_names_are_documented() -> None:
    names = {builtin.params for builtin in builtin_table()["number"]}
    assert names == {
        ("from",),
        ("from", "grouping separator"),
        ("from", "grouping separator", "decimal separator"),
    }


def test_context_builds_entries_later_keys_win() -> None:
    entries = [{"key": "a", "value": D(1)}, {"key": "b", "value": D(2)}, {"key": "a", "value": D(3)}]
    assert call("context", entries) == {"a": D(3), "b": D(2)}
    assert call("context", []) == {}


@pytest.mark.parametrize(
    "entries",
    [[{"key": "a"}], [{"value": 1}], [{"key": 1, "value": 1}], ["a"], "a", None],
)
def test_context_rejects_malformed_entries(entries: object) -> None:
    assert call_or_null("context", entries) is None


def test_context_accepts_null_values() -> None:
    assert call("context", [{"key": "a", "value": None}]) == {"a": None}


def test_from_json_parses_objects_lists_and_scalars() -> None:
    result = call("from json", '{"a": 1, "b": [2.50, true, null, "x"], "c": {"d": -1e2}}')
    assert result == {"a": D(1), "b": [D("2.50"), True, None, "x"], "c": {"d": D(-100)}}
    assert type(result["a"]) is Decimal
    assert call("from json", "true") is True
    assert call("from json", '"2023-06-14"') == "2023-06-14"
    assert call("from json", "null") is None


@pytest.mark.parametrize("text", ["{", "NaN", "{'a': 1}", ""])
def test_from_json_of_invalid_json_is_null(text: str) -> None:
    assert call_or_null("from json", text) is None


def test_to_json_writes_compact_json() -> None:
    assert call("to json", {"a": D(1), "b": D(2)}) == '{"a":1,"b":2}'
    assert call("to json", True) == "true"
    assert call("to json", None) == "null"
    assert call("to json", ["ä", 'q"', D("1.50")]) == '["ä","q\\"",1.50]'


def test_to_json_writes_temporal_values_as_iso_strings() -> None:
    assert call("to json", dt.date(2023, 6, 14)) == '"2023-06-14"'
    zoned = dt.datetime(2025, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert call("to json", zoned) == '"2025-11-24T10:00:00+01:00[Europe/Berlin]"'
    assert call("to json", YearMonthDuration(36)) == '"P3Y"'
    assert (
        call("to json", {"at": dt.datetime(2020, 1, 1, 8, 0, tzinfo=dt.UTC)})
        == '{"at":"2020-01-01T08:00:00Z"}'
    )


def test_to_json_of_a_function_is_null() -> None:
    function = FeelFunction(params=("x",), invoke=lambda args: None)
    assert call_or_null("to json", function) is None
