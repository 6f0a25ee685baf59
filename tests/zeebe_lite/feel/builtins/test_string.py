from __future__ import annotations

import re
import uuid

import pytest
from builtin_harness import D, call, call_or_null


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("foobar", D(3)), "obar"),
        (("foobar", D(-2)), "ar"),
        (("foobar", D(6)), "r"),
        (("foobar", D(3), D(3)), "oba"),
        (("foobar", D(-3), D(2)), "ba"),
        (("foobar", D(3), D(10)), "obar"),
        (("foobar", D(-6), D(6)), "foobar"),
        (("foobar", D(3), D("3.8")), "oba"),
        (("f", D(1), D(1)), "f"),
    ],
)
def test_substring(args: tuple[object, ...], expected: str) -> None:
    assert call("substring", *args) == expected


@pytest.mark.parametrize(
    "args", [("foobar", D(8)), ("foobar", D(-7)), ("foobar", D(2), D(-1)), (None, D(1)), ("x", None)]
)
def test_substring_out_of_range_or_wrong_type_is_null(args: tuple[object, ...]) -> None:
    assert call_or_null("substring", *args) is None


def test_string_positions_count_utf16_code_units_like_java() -> None:
    horse = "\U0001f40e"
    assert call("string length", f"{horse}foo") == D(5)
    assert call("substring", f"{horse}foo", D(3)) == "foo"
    assert call("substring", f"foo{horse}bar", D(4), D(2)) == horse


def test_string_length_and_case() -> None:
    assert call("string length", "foo") == D(3)
    assert call("string length", "") == D(0)
    assert call("upper case", "aBc4") == "ABC4"
    assert call("lower case", "aBc4") == "abc4"
    assert call_or_null("upper case", D(1)) is None


def test_substring_before_and_after() -> None:
    assert call("substring before", "foobar", "bar") == "foo"
    assert call("substring before", "foobar", "xyz") == ""
    assert call("substring before", "foobar", "foo") == ""
    assert call("substring after", "foobar", "ob") == "ar"
    assert call("substring after", "", "a") == ""
    assert call("substring after", "foobar", "") == "foobar"


def test_contains_starts_with_ends_with() -> None:
    assert call("contains", "foobar", "of") is False
    assert call("contains", "foobar", "oob") is True
    assert call("starts with", "foobar", "fo") is True
    assert call("ends with", "foobar", "r") is True
    assert call("ends with", "foobar", "o") is False
    assert call_or_null("contains", "foobar", None) is None


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("foobar", "^fo*bar"), True),
        (("foobar", "fo.b"), True),
        (("foobar", "^bar"), False),
        (("FooBar", "foo", "i"), True),
        (("FooBar", "foo"), False),
        (("a\nb", "a.b"), False),
        (("a\nb", "a.b", "s"), True),
        (("a\rb", "a.b"), False),
        (("a\u2028b", "a.b"), False),
        (("a\rb", "(?s)a.b"), True),
        (("a-b", "a.b"), True),
        (("x\nb", "^b$", "m"), True),
        (("abc", "a b c", "x"), True),
        (("é", "\\w"), False),
        (("٣", "\\d"), False),
        (("Ünïcödé", "^\\p{L}+$"), True),
        (("a.b", "\\Qa.b\\E"), True),
        (("axb", "\\Qa.b\\E"), False),
        (("2024-01", "(?<year>\\d{4})-\\d{2}"), True),
    ],
)
def test_matches_with_java_regex_semantics(args: tuple[str, ...], expected: bool) -> None:
    assert call("matches", *args) is expected


def test_matches_with_an_invalid_pattern_is_null() -> None:
    assert call_or_null("matches", "abc", "(") is None
    assert call_or_null("matches", "abc", "[a") is None


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("abcd", "(ab)|(a)", "[1=$1][2=$2]"), "[1=ab][2=]cd"),
        (("0123456789", "(\\d{3})(\\d{3})(\\d{4})", "($1) $2-$3"), "(012) 345-6789"),
        (("How do you feel?", "Feel", "FEEL", "i"), "How do you FEEL?"),
        (("abc", "b", "\\$1"), "a$1c"),
        (("abc", "(?<mid>b)", "[${mid}]"), "a[b]c"),
        (("aaa", "a*", "X"), "XX"),
        (("abc", "(b)", "$10"), "ab0c"),
        (("a.b.c", "\\.", "/"), "a/b/c"),
    ],
)
def test_replace_with_java_replacement_syntax(args: tuple[str, ...], expected: str) -> None:
    assert call("replace", *args) == expected


@pytest.mark.parametrize(
    "args", [("abc", "b", "$2"), ("abc", "b", "$"), ("abc", "b", "x\\"), ("abc", "(", "x")]
)
def test_replace_with_a_bad_reference_or_pattern_is_null(args: tuple[str, ...]) -> None:
    assert call_or_null("replace", *args) is None


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("John Doe", "\\s"), ["John", "Doe"]),
        (("a;b;c;;", ";"), ["a", "b", "c", "", ""]),
        ((";a", ";"), ["", "a"]),
        (("abc", ""), ["a", "b", "c", ""]),
        (("", ","), [""]),
        (("a1b22c", "(\\d+)"), ["a", "b", "c"]),
    ],
)
def test_split_like_java_pattern_split(args: tuple[str, ...], expected: list[str]) -> None:
    assert call("split", *args) == expected


def test_extract_returns_every_match() -> None:
    assert call("extract", "references are 1234, 1256, 1378", "12[0-9]*") == ["1234", "1256"]
    assert call("extract", "abc", "x") == []
    assert call("extract", "a1b2", "([a-z])(\\d)") == ["a1", "b2"]


def test_trim_strips_java_whitespace_only() -> None:
    assert call("trim", "  hello world  ") == "hello world"
    assert call("trim", "hello   world ") == "hello   world"
    assert call("trim", "\t\n x \r") == "x"
    assert call("trim", "\u00a0x\u00a0") == "\u00a0x\u00a0"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", True), (" ", True), ("\t\n\u2003", True), ("hello world", False), ("\u00a0", False)],
)
def test_is_blank(text: str, expected: bool) -> None:
    assert call("is blank", text) is expected


def test_uuid_is_a_random_time_ordered_uuid() -> None:
    first = call("uuid")
    second = call("uuid")
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", first)
    assert uuid.UUID(first).version == 7
    assert first != second


def test_base64_round_trip() -> None:
    assert call("to base64", "FEEL") == "RkVFTA=="
    assert call("from base64", "RkVFTA==") == "FEEL"
    assert call("from base64", "RkVFTA") == "FEEL"
    assert call("from base64", call("to base64", "grüße")) == "grüße"
    assert call_or_null("from base64", "R") is None
    assert call_or_null("from base64", "!!!!") is None
    assert call_or_null("to base64", D(1)) is None
