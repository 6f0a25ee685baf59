"""Tokenizer: token kinds, literal decoding, comments, and error positions."""

from __future__ import annotations

import pytest

from zeebe_lite.feel.errors import FeelSyntaxError
from zeebe_lite.feel.lexer import TokenKind, decode_string, tokenize


def kinds_and_texts(text: str) -> list[tuple[TokenKind, str]]:
    return [(token.kind, token.text) for token in tokenize(text)]


def test_simple_expression_tokens_and_spans() -> None:
    tokens = tokenize("score >= 70")
    assert [(t.kind, t.text, t.start, t.end) for t in tokens] == [
        (TokenKind.NAME, "score", 0, 5),
        (TokenKind.PUNCT, ">=", 6, 8),
        (TokenKind.NUMBER, "70", 9, 11),
        (TokenKind.EOF, "", 11, 11),
    ]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("1", ["1"]), ("1.5", ["1.5"]), (".5", [".5"]), ("007", ["007"])],
)
def test_numbers(text: str, numbers: list[str]) -> None:
    assert [t.text for t in tokenize(text) if t.kind is TokenKind.NUMBER] == numbers


def test_range_dots_are_not_part_of_numbers() -> None:
    assert kinds_and_texts("[1..10]") == [
        (TokenKind.PUNCT, "["),
        (TokenKind.NUMBER, "1"),
        (TokenKind.PUNCT, ".."),
        (TokenKind.NUMBER, "10"),
        (TokenKind.PUNCT, "]"),
        (TokenKind.EOF, ""),
    ]


def test_operators_longest_match() -> None:
    texts = [t.text for t in tokenize("a**b<=c>=d!=e->f..g")]
    assert texts == ["a", "**", "b", "<=", "c", ">=", "d", "!=", "e", "->", "f", "..", "g", ""]


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        (r'"plain"', "plain"),
        (r'"say \"hi\""', 'say "hi"'),
        (r'"back\\slash"', "back\\slash"),
        (r'"a\nb\tc\rd"', "a\nb\tc\rd"),
        (r'"it\'s"', "it's"),
        (r'"\u0041\u00e9"', "Aé"),
        (r'"\U01F600"', "\U0001f600"),
        (r'"\ud83d\ude00"', "\U0001f600"),
        (r'"\d{3}"', r"\d{3}"),
        ('"multi\nline"', "multi\nline"),
    ],
)
def test_string_escapes(literal: str, value: str) -> None:
    (token, _eof) = tokenize(literal)
    assert token.kind is TokenKind.STRING
    assert token.text == value


def test_decode_string_without_backslash_is_identity() -> None:
    text = "no escapes here"
    assert decode_string(text) is text


def test_temporal_literal_and_backtick_name() -> None:
    assert kinds_and_texts('@"P1D" `a b`') == [
        (TokenKind.TEMPORAL, "P1D"),
        (TokenKind.BACKTICK_NAME, "a b"),
        (TokenKind.EOF, ""),
    ]


def test_unicode_names_and_dollar() -> None:
    assert kinds_and_texts("größe $x _y") == [
        (TokenKind.NAME, "größe"),
        (TokenKind.NAME, "$x"),
        (TokenKind.NAME, "_y"),
        (TokenKind.EOF, ""),
    ]


def test_comments_are_skipped() -> None:
    assert [t.text for t in tokenize("1 // line\n+ /* block\n comment */ 2")] == ["1", "+", "2", ""]


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ('x + "abc', "Unterminated string literal", 4),
        ("`abc", "Unterminated backtick name", 0),
        ('@"2020', "Unterminated temporal literal", 0),
        ("1 /* never closed", "Unterminated comment", 2),
    ],
)
def test_errors_point_at_the_offending_character(text: str, message: str, position: int) -> None:
    with pytest.raises(FeelSyntaxError) as caught:
        tokenize(text)
    assert caught.value.reason == message
    assert caught.value.position == position


def test_unknown_characters_become_other_tokens_for_the_parser_to_judge() -> None:
    assert kinds_and_texts("a#b") == [
        (TokenKind.NAME, "a"),
        (TokenKind.OTHER, "#"),
        (TokenKind.NAME, "b"),
        (TokenKind.EOF, ""),
    ]
    assert tokenize("#")[0].describe() == "character '#'"
