"""Property tests: on any input text the parser either succeeds or raises FeelSyntaxError, nothing else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zeebe_lite.feel import compile_expression, compile_unary_tests
from zeebe_lite.feel.errors import FeelSyntaxError
from zeebe_lite.feel.parser import parse_expression, parse_unary_tests

FEEL_TOKENS = [
    "1", "2.5", ".5", "-", "+", "*", "/", "**", "=", "!=", "<", "<=", ">", ">=", "(", ")", "[", "]", "{", "}",
    ",", ":", ".", "..", "?", "x", "y", "item", "partial", '"s"', '"a\\"b"', '@"P1D"', '@"2020-01-01"',
    "`a b`", "true", "false", "null", "and", "or", "not", "if", "then", "else", "for", "in", "return",
    "some", "every", "satisfies", "between", "instance", "of", "function", "number", "list", "context",
    "->", "string join", "date and time", "get or else", "sum", "count", "time offset", "@", "#", '"',
    "`", "/*", "//", "\n",
]  # fmt: skip

token_soup = st.lists(st.sampled_from(FEEL_TOKENS), max_size=25).map(" ".join)
dense_soup = st.lists(st.sampled_from(FEEL_TOKENS), max_size=25).map("".join)
any_text = st.text(max_size=60)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parses_or_reports(text: str) -> None:
    for parse in (parse_expression, parse_unary_tests):
        try:
            parse(text)
        except FeelSyntaxError as error:
            assert 0 <= error.position <= len(text)
            assert error.expression == text
            assert error.excerpt.endswith("^")


@SETTINGS
@given(any_text)
def test_arbitrary_text(text: str) -> None:
    parses_or_reports(text)


@SETTINGS
@given(token_soup)
def test_feel_like_token_soup(text: str) -> None:
    parses_or_reports(text)


@SETTINGS
@given(dense_soup)
def test_feel_like_tokens_without_spaces(text: str) -> None:
    parses_or_reports(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(token_soup)
def test_whatever_compiles_evaluates_without_raising(text: str) -> None:
    try:
        expression = compile_expression(text)
    except FeelSyntaxError:
        expression = None
    if expression is not None:
        expression.evaluate_detailed({"x": 1, "y": [1, 2], "item": {"a": 1}})
    try:
        tests = compile_unary_tests(text)
    except FeelSyntaxError:
        return
    tests.evaluate_detailed(5, {"x": 1, "y": [1, 2]})


@SETTINGS
@given(st.integers(min_value=-(10**40), max_value=10**40), st.integers(min_value=-(10**6), max_value=10**6))
def test_number_literals_round_trip(whole: int, other: int) -> None:
    value = compile_expression(f"{whole} + {other}").evaluate()
    assert value is not None
    assert abs(value - (whole + other)) <= abs(whole + other) * 10**-33 + 1
