"""Range built-ins through ``builtin_table()``: Camunda's documented examples, temporal points and ``range()``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from zeebe_lite.feel.builtins import builtin_table
from zeebe_lite.feel.builtins.range import parse_range
from zeebe_lite.feel.errors import FeelEvaluationError
from zeebe_lite.feel.temporal import parse_temporal_literal
from zeebe_lite.feel.values import Range, YearMonthDuration


def call(name: str, *args: Any) -> Any:
    """Invoke ``name`` positionally (all same-arity signatures share one implementation); errors become ``None``."""
    signatures = [b for b in builtin_table()[name] if len(b.params) == len(args)]
    assert signatures, name
    assert len({b.impl for b in signatures}) == 1
    try:
        return signatures[0].impl(*args)
    except FeelEvaluationError:
        return None


def arg(text: str) -> Any:
    """A test argument: a range like ``[1..5)`` or a number."""
    if text[0] in "[(]":
        value = parse_range(text)
        assert value is not None, text
        return value
    return Decimal(text)


DOCUMENTED_EXAMPLES = [
    ("before", "1", "10", True),
    ("before", "10", "1", False),
    ("before", "[1..5]", "10", True),
    ("before", "1", "[2..5]", True),
    ("before", "[1..5]", "[6..10]", True),
    ("before", "[1..5)", "[5..10]", True),
    ("after", "10", "1", True),
    ("after", "1", "10", False),
    ("after", "[1..5]", "10", False),
    ("after", "12", "[2..5]", True),
    ("after", "[6..10]", "[1..5]", True),
    ("after", "[5..10]", "[1..5)", True),
    ("meets", "[1..5]", "[5..10]", True),
    ("meets", "[1..3]", "[4..6]", False),
    ("meets", "[1..3]", "[3..5]", True),
    ("meets", "[1..5]", "(5..8]", False),
    ("met by", "[5..10]", "[1..5]", True),
    ("met by", "[3..4]", "[1..2]", False),
    ("met by", "[3..5]", "[1..3]", True),
    ("met by", "(5..8]", "[1..5)", False),
    ("met by", "[5..10]", "[1..5)", False),
    ("overlaps", "[5..10]", "[1..6]", True),
    ("overlaps", "(3..7]", "[1..4]", True),
    ("overlaps", "[1..3]", "(3..6]", False),
    ("overlaps", "(5..8]", "[1..5)", False),
    ("overlaps", "[4..10]", "[1..5)", True),
    ("overlaps", "[1..5]", "[5..8]", True),
    ("overlaps before", "[1..5]", "[4..10]", True),
    ("overlaps before", "[3..4]", "[1..2]", False),
    ("overlaps before", "[1..3]", "(3..5]", False),
    ("overlaps before", "[1..5)", "(3..8]", True),
    ("overlaps before", "[1..5)", "[5..10]", False),
    ("overlaps after", "[4..10]", "[1..5]", True),
    ("overlaps after", "[3..4]", "[1..2]", False),
    ("overlaps after", "[3..5]", "[1..3)", False),
    ("overlaps after", "(5..8]", "[1..5)", False),
    ("overlaps after", "[4..10]", "[1..5)", True),
    ("finishes", "5", "[1..5]", True),
    ("finishes", "10", "[1..7]", False),
    ("finishes", "[3..5]", "[1..5]", True),
    ("finishes", "(1..5]", "[1..5)", False),
    ("finishes", "[5..10]", "[1..10)", False),
    ("finished by", "[5..10]", "10", True),
    ("finished by", "[3..4]", "2", False),
    ("finished by", "[1..5]", "[3..5]", True),
    ("finished by", "(5..8]", "[1..5)", False),
    ("finished by", "[5..10]", "(1..10)", False),
    ("includes", "[5..10]", "6", True),
    ("includes", "[3..4]", "5", False),
    ("includes", "[1..10]", "[4..6]", True),
    ("includes", "(5..8]", "[1..5)", False),
    ("includes", "[1..10]", "[1..5)", True),
    ("includes", "[1..10)", "10", False),
    ("during", "5", "[1..10]", True),
    ("during", "12", "[1..10]", False),
    ("during", "1", "(1..10]", False),
    ("during", "[4..6]", "[1..10)", True),
    ("during", "(1..5]", "(1..10]", True),
    ("starts", "1", "[1..5]", True),
    ("starts", "1", "(1..8]", False),
    ("starts", "(1..5]", "[1..5]", False),
    ("starts", "[1..10]", "[1..5]", False),
    ("starts", "(1..5)", "(1..10)", True),
    ("started by", "[1..10]", "1", True),
    ("started by", "(1..10]", "1", False),
    ("started by", "[1..10]", "[1..5]", True),
    ("started by", "(1..10]", "[1..5)", False),
    ("started by", "[1..10]", "[1..10)", True),
    ("coincides", "5", "5", True),
    ("coincides", "3", "4", False),
    ("coincides", "[1..5]", "[1..5]", True),
    ("coincides", "(1..5]", "[1..5)", False),
    ("coincides", "[1..5]", "[2..6]", False),
    ("before", "[1..10]", "(10..20]", True),
    ("before", "1", "[1..10]", False),
    ("after", "[11..20]", "[1..11)", True),
    ("after", "(11..20]", "[1..11]", True),
]


@pytest.mark.parametrize(("name", "first", "second", "expected"), DOCUMENTED_EXAMPLES)
def test_documented_examples(name: str, first: str, second: str, expected: bool) -> None:
    assert call(name, arg(first), arg(second)) is expected


@pytest.mark.parametrize(
    ("name", "first", "second"),
    [
        ("meets", "1", "2"),
        ("meets", "1", "[1..2]"),
        ("overlaps", "[1..2]", "2"),
        ("finishes", "[1..5]", "5"),
        ("finished by", "5", "[1..5]"),
        ("includes", "5", "[1..5]"),
        ("during", "[1..5]", "5"),
        ("starts", "[1..5]", "1"),
        ("started by", "1", "[1..5]"),
        ("coincides", "1", "[1..5]"),
    ],
)
def test_undefined_point_range_combinations_give_null(name: str, first: str, second: str) -> None:
    assert call(name, arg(first), arg(second)) is None


def test_temporal_points_and_ranges() -> None:
    day = parse_temporal_literal
    january = Range(day("2020-01-01"), day("2020-01-31"))
    assert call("includes", january, day("2020-01-15")) is True
    assert call("before", day("2019-12-31"), january) is True
    assert call("after", Range(day("PT1H"), day("PT2H")), day("PT30M")) is True
    assert call("before", day("10:00:00"), day("11:00:00")) is True
    assert call("coincides", day("2020-01-01T10:00:00Z"), day("2020-01-01T10:00:00Z")) is True
    assert call("during", day("P6M"), Range(YearMonthDuration(1), YearMonthDuration(12))) is True


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (Decimal(1), "a"),
        ("a", "b"),
        (Decimal(1), parse_temporal_literal("2020-01-01")),
        (parse_temporal_literal("2020-01-01"), parse_temporal_literal("2020-01-01T00:00:00")),
        (parse_temporal_literal("2020-01-01T00:00:00"), parse_temporal_literal("2020-01-01T00:00:00Z")),
        (None, Decimal(1)),
        (True, False),
    ],
)
def test_incomparable_points_give_null(first: Any, second: Any) -> None:
    assert call("before", first, second) is None
    assert call("coincides", first, second) is None


def test_ranges_of_different_types_give_null() -> None:
    assert (
        call("overlaps", arg("[1..5]"), Range(parse_temporal_literal("P1D"), parse_temporal_literal("P2D")))
        is None
    )


def test_unbounded_ranges() -> None:
    up_to_ten = Range(None, Decimal(10), False, True)
    from_five = Range(Decimal(5), None, True, False)
    assert call("includes", up_to_ten, Decimal(-1000)) is True
    assert call("includes", from_five, Decimal(10**9)) is True
    assert call("before", up_to_ten, Decimal(11)) is True
    assert call("overlaps", up_to_ten, from_five) is True
    assert call("after", from_five, up_to_ten) is False
    assert call("coincides", up_to_ten, Range(None, Decimal(10), False, True)) is True


def test_signatures_carry_camunda_parameter_names() -> None:
    table = builtin_table()
    assert {b.params for b in table["before"]} == {
        ("point1", "point2"),
        ("point", "range"),
        ("range", "point"),
        ("range1", "range2"),
    }
    assert {b.params for b in table["includes"]} == {("range", "point"), ("range1", "range2")}
    assert {b.params for b in table["meets"]} == {("range1", "range2")}
    assert {b.params for b in table["range"]} == {("from",)}


class TestRangeFunction:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("[18..21]", Range(Decimal(18), Decimal(21), True, True)),
            ("(18..21]", Range(Decimal(18), Decimal(21), False, True)),
            ("]18..21]", Range(Decimal(18), Decimal(21), False, True)),
            ("[18..21)", Range(Decimal(18), Decimal(21), True, False)),
            ("[18..21[", Range(Decimal(18), Decimal(21), True, False)),
            (" [ 1 .. 3 ] ", Range(Decimal(1), Decimal(3))),
            ("[-1.5..0]", Range(Decimal("-1.5"), Decimal(0))),
            ('["a".."c"]', Range("a", "c")),
            ('["a..b".."c"]', Range("a..b", "c")),
            ('[@"1970-01-01"..@"1970-01-02"]', Range(dt.date(1970, 1, 1), dt.date(1970, 1, 2))),
            ('[@"00:00:00"..@"00:00:00"]', Range(dt.time(0), dt.time(0))),
            ('[@"P1D"..@"P2D"]', Range(dt.timedelta(days=1), dt.timedelta(days=2))),
            ('[@"P1Y"..@"P2Y"]', Range(YearMonthDuration(12), YearMonthDuration(24))),
            ('[date("1970-01-01")..date("1970-01-02")]', Range(dt.date(1970, 1, 1), dt.date(1970, 1, 2))),
            (
                '[date and time("1970-01-01T00:00:00")..@"1970-01-02T00:00:00"]',
                Range(dt.datetime(1970, 1, 1), dt.datetime(1970, 1, 2)),
            ),
            ('[time("00:00:00")..@"00:00:00"]', Range(dt.time(0), dt.time(0))),
            ('[duration("P1D")..@"P2D"]', Range(dt.timedelta(days=1), dt.timedelta(days=2))),
        ],
    )
    def test_parses(self, text: str, expected: Range) -> None:
        assert call("range", text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "[..2]",
            "[1..]",
            "",
            " ",
            ">=10",
            '[1.."b"]',
            '[@"1970-01-01"..@"1970-01-02T00:00:00"]',
            "[3..1]",
            '[@"1970-01-02"..@"1970-01-01"]',
            '["z".."a"]',
            '[@"P2D"..@"P1D"]',
            '[@"02:00:00"..@"01:00:00"]',
            "[null..null]",
            '[date(string("1970-01-01"))..date("1970-01-02")]',
            '[date(input_001)..date("1970-01-02")]',
            "[1..2..3]",
            "1..2",
        ],
    )
    def test_rejects(self, text: str) -> None:
        assert call("range", text) is None

    def test_needs_a_string(self) -> None:
        assert call("range", Range(Decimal(1), Decimal(3))) is None
        assert call("range", None) is None
