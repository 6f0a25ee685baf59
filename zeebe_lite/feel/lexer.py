"""Tokenizer for FEEL text: one regular expression, one pass, positions kept for error messages."""

from __future__ import annotations

import re
from enum import Enum
from typing import NamedTuple

from .errors import FeelSyntaxError

__all__ = ["Token", "TokenKind", "decode_string", "tokenize"]


class TokenKind(Enum):
    """The kind of a token; operators and punctuation are all ``PUNCT`` with the symbol as text."""

    NUMBER = "number"
    STRING = "string"
    NAME = "name"
    BACKTICK_NAME = "backtick name"
    TEMPORAL = "temporal literal"
    PUNCT = "punctuation"
    OTHER = "other character"
    EOF = "end of input"


class Token(NamedTuple):
    """One token: its kind, its text (decoded for strings and names), and its span in the source."""

    kind: TokenKind
    text: str
    start: int
    end: int

    def describe(self) -> str:
        """How error messages name this token."""
        if self.kind is TokenKind.EOF:
            return "end of input"
        if self.kind is TokenKind.STRING:
            return "string literal"
        if self.kind is TokenKind.OTHER:
            return f"character '{self.text}'"
        return f"'{self.text}'"


_TOKEN_PATTERN = re.compile(
    r"""
    (?P<ws>(?:\s+|//[^\n]*|/\*(?:[^*]|\*(?!/))*\*/)+)
  | (?P<name>(?:[^\W\d]|\$)(?:\w|\$)*)
  | (?P<number>\d+(?:\.\d+)?|\.\d+)
  | (?P<punct>\*\*|\.\.|<=|>=|!=|->|/(?!\*)|[-+*=<>()\[\]{},:.?])
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<temporal>@"(?:[^"\\]|\\.)*")
  | (?P<backtick>`[^`]+`)
  | (?P<unterminated>["`]|@"|/\*)
  | (?P<invalid>[^\s])
    """,
    re.VERBOSE | re.DOTALL,
)

_new_token = tuple.__new__
_NAME = TokenKind.NAME
_PUNCT = TokenKind.PUNCT
_NUMBER = TokenKind.NUMBER
_STRING = TokenKind.STRING
_TEMPORAL = TokenKind.TEMPORAL
_BACKTICK = TokenKind.BACKTICK_NAME

_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "'": "'", "n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}
_ESCAPE_PATTERN = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{1,6}|.)", re.DOTALL)
_SURROGATE_PAIR = re.compile(r"[\ud800-\udbff][\udc00-\udfff]")


def _decode_escape(match: re.Match[str]) -> str:
    body = match.group(1)
    head = body[0]
    if head == "u" and len(body) == 5:
        return chr(int(body[1:], 16))
    if head == "U" and len(body) > 1:
        code = int(body[1:], 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)
    simple = _SIMPLE_ESCAPES.get(body)
    # Unknown escapes keep their backslash: regular expressions such as "\d" rely on it.
    return simple if simple is not None else match.group(0)


def _join_surrogates(match: re.Match[str]) -> str:
    pair = match.group(0)
    high, low = pair[0], pair[1]
    return chr(0x10000 + ((ord(high) - 0xD800) << 10) + (ord(low) - 0xDC00))


def decode_string(body: str) -> str:
    """The value of a string literal's body (the text between the quotes)."""
    if "\\" not in body:
        return body
    decoded = _ESCAPE_PATTERN.sub(_decode_escape, body)
    return _SURROGATE_PAIR.sub(_join_surrogates, decoded) if "\\u" in body else decoded


def tokenize(text: str) -> list[Token]:
    """Split FEEL text into tokens, ending with an ``EOF`` token; raises :class:`FeelSyntaxError`."""
    tokens: list[Token] = []
    append = tokens.append
    for match in _TOKEN_PATTERN.finditer(text):
        group = match.lastgroup
        if group == "ws":
            continue
        start, end = match.span()
        raw = match.group()
        if group == "name":
            append(_new_token(Token, (_NAME, raw, start, end)))
        elif group == "punct":
            append(_new_token(Token, (_PUNCT, raw, start, end)))
        elif group == "number":
            append(_new_token(Token, (_NUMBER, raw, start, end)))
        elif group == "string":
            append(Token(_STRING, decode_string(raw[1:-1]), start, end))
        elif group == "temporal":
            append(Token(_TEMPORAL, decode_string(raw[2:-1]), start, end))
        elif group == "backtick":
            append(Token(_BACKTICK, raw[1:-1], start, end))
        elif group == "invalid":
            # only valid inside context keys ({how_are_you?: 1}); the parser rejects it anywhere else
            append(Token(TokenKind.OTHER, raw, start, end))
        else:
            what = {'"': "string literal", "`": "backtick name", '@"': "temporal literal"}.get(raw, "comment")
            raise FeelSyntaxError(f"Unterminated {what}", text, start)
    length = len(text)
    append(Token(TokenKind.EOF, "", length, length))
    return tokens
