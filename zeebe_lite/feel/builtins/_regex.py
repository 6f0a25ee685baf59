"""Java (``java.util.regex``) patterns and replacement strings on top of Python's ``re``.

Camunda evaluates the regular expressions of ``matches``, ``replace``, ``split`` and ``extract`` with
``java.util.regex.Pattern``. Java's ``\\w``, ``\\d``, ``\\s``, ``\\b`` and case-insensitive matching are ASCII-only
by default, which is ``re.ASCII``. The syntax differences handled here: ``\\Q…\\E`` quoting, ``(?<name>…)`` and
``\\k<name>``, ``.`` (no line terminator matches it), ``\\z``/``\\Z``, ``\\h``, ``\\R``, ``\\e``, ``\\x{…}`` and
the common ``\\p{…}`` classes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from ._args import fail

__all__ = ["compile_pattern", "java_replacer", "java_split"]

_FLAG_BITS = {"s": re.DOTALL, "m": re.MULTILINE, "i": re.IGNORECASE, "x": re.VERBOSE}

_HORIZONTAL_SPACE = "[ \\t\\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]"
# Without DOTALL, Java's '.' excludes every line terminator, not only '\n' as Python's does.
_JAVA_DOT = "[^\\n\\r\\x85\\u2028\\u2029]"
_INLINE_DOTALL = re.compile(r"\(\?[a-zA-Z]*s")
_LINE_BREAK = "(?:\\r\\n|[\\n\\x0b\\x0c\\r\\x85\\u2028\\u2029])"

_PROPERTY_CLASSES = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": "\\x00-\\x7f",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Punct": "!-/:-@\\[-`{-~",
    "Graph": "!-~",
    "Print": " -~",
    "Blank": " \\t",
    "Cntrl": "\\x00-\\x1f\\x7f",
    "XDigit": "0-9a-fA-F",
    "Space": " \\t\\n\\x0b\\f\\r",
    "L": "^\\W\\d_",
    "IsL": "^\\W\\d_",
    "IsLetter": "^\\W\\d_",
    "IsAlphabetic": "^\\W\\d_",
    "N": "\\d",
    "Nd": "\\d",
    "IsDigit": "\\d",
}


def _property_class(name: str, negated: bool) -> str:
    body = _PROPERTY_CLASSES.get(name)
    if body is None:
        fail(f"the character class '\\p{{{name}}}' is not supported")
    uses_unicode_escape = body.startswith("^") or body in ("\\d",)
    if uses_unicode_escape:
        # Unicode-aware classes need the UNICODE \w/\d of an inline-scoped group.
        inner = f"[{body}]"
        return f"(?u:(?!{inner}).)" if negated else f"(?u:{inner})"
    return f"[^{body}]" if negated else f"[{body}]"


def _translate(pattern: str, dot_matches_all: bool) -> str:
    out: list[str] = []
    index = 0
    length = len(pattern)
    in_class = False
    while index < length:
        char = pattern[index]
        if char == "\\":
            if index + 1 >= length:
                fail(f"Invalid pattern '{pattern}'")
            escaped = pattern[index + 1]
            index += 2
            if escaped == "Q":
                end = pattern.find("\\E", index)
                literal = pattern[index:] if end < 0 else pattern[index:end]
                out.append(re.escape(literal))
                index = length if end < 0 else end + 2
            elif escaped in "pP" and not in_class:
                if index < length and pattern[index] == "{":
                    close = pattern.find("}", index)
                    if close < 0:
                        fail(f"Invalid pattern '{pattern}'")
                    name = pattern[index + 1 : close]
                    index = close + 1
                else:
                    name = pattern[index : index + 1]
                    index += 1
                out.append(_property_class(name, escaped == "P"))
            elif escaped == "z":
                out.append("\\Z")
            elif escaped == "Z" and not in_class:
                out.append("(?=\\n?\\Z)")
            elif escaped == "h":
                out.append(_HORIZONTAL_SPACE[1:-1] if in_class else _HORIZONTAL_SPACE)
            elif escaped == "R" and not in_class:
                out.append(_LINE_BREAK)
            elif escaped == "e":
                out.append("\\x1b")
            elif escaped == "k" and index < length and pattern[index] == "<":
                close = pattern.find(">", index)
                if close < 0:
                    fail(f"Invalid pattern '{pattern}'")
                out.append(f"(?P={pattern[index + 1 : close]})")
                index = close + 1
            elif escaped == "x" and index < length and pattern[index] == "{":
                close = pattern.find("}", index)
                if close < 0:
                    fail(f"Invalid pattern '{pattern}'")
                try:
                    code_point = int(pattern[index + 1 : close], 16)
                    literal = chr(code_point)
                except ValueError:
                    fail(f"Invalid pattern '{pattern}'")
                out.append(re.escape(literal))
                index = close + 1
            elif escaped == "G":
                fail("the boundary '\\G' is not supported")
            else:
                out.append("\\" + escaped)
            continue
        if in_class:
            if char == "]":
                in_class = False
            out.append(char)
            index += 1
            continue
        if char == "[":
            in_class = True
            out.append(char)
            index += 1
            # A ']' right after '[' or '[^' is a literal member of the class.
            if pattern.startswith("^", index):
                out.append("^")
                index += 1
            if pattern.startswith("]", index):
                out.append("\\]")
                index += 1
            continue
        if pattern.startswith("(?<", index) and index + 3 < length and pattern[index + 3] not in "=!":
            out.append("(?P<")
            index += 3
            continue
        if char == "." and not dot_matches_all:
            out.append(_JAVA_DOT)
            index += 1
            continue
        out.append(char)
        index += 1
    return "".join(out)


@lru_cache(maxsize=256)
def _compile(pattern: str, flag_bits: int) -> re.Pattern[str]:
    try:
        dot_matches_all = bool(flag_bits & re.DOTALL) or _INLINE_DOTALL.search(pattern) is not None
        return re.compile(_translate(pattern, dot_matches_all), flag_bits | re.ASCII)
    except (re.error, OverflowError, RecursionError):
        fail(f"Invalid pattern '{pattern}'")


def compile_pattern(pattern: str, flags: str = "") -> re.Pattern[str]:
    """Compile a Java regular expression; ``flags`` may hold s, m, i and x (other letters are ignored)."""
    bits = 0
    for letter, bit in _FLAG_BITS.items():
        if letter in flags:
            bits |= bit
    return _compile(pattern, bits)


def java_replacer(replacement: str, pattern: re.Pattern[str]) -> Callable[[re.Match[str]], str]:
    """A ``re.sub`` callback for a Java replacement string (``$1``, ``${name}``, ``\\`` escapes)."""
    parts: list[str | int] = []
    literal: list[str] = []
    index = 0
    length = len(replacement)
    while index < length:
        char = replacement[index]
        if char == "\\":
            if index + 1 >= length:
                fail("character to be escaped is missing")
            literal.append(replacement[index + 1])
            index += 2
            continue
        if char != "$":
            literal.append(char)
            index += 1
            continue
        index += 1
        if index >= length:
            fail("Illegal group reference: group index is missing")
        if replacement[index] == "{":
            close = replacement.find("}", index)
            name = replacement[index + 1 : close] if close > 0 else ""
            if not name or name not in pattern.groupindex:
                fail(f"No group with name {{{name}}}")
            group: int = pattern.groupindex[name]
            index = close + 1
        elif replacement[index].isdigit() and replacement[index].isascii():
            group = int(replacement[index])
            if group > pattern.groups:
                fail(f"No group {group}")
            index += 1
            while index < length and replacement[index].isascii() and replacement[index].isdigit():
                candidate = group * 10 + int(replacement[index])
                if candidate > pattern.groups:
                    break
                group = candidate
                index += 1
        else:
            fail("Illegal group reference")
        if literal:
            parts.append("".join(literal))
            literal = []
        parts.append(group)
    if literal:
        parts.append("".join(literal))

    def replace(match: re.Match[str]) -> str:
        return "".join(part if isinstance(part, str) else (match.group(part) or "") for part in parts)

    return replace


def java_split(text: str, pattern: re.Pattern[str]) -> list[str]:
    """``Pattern.split(text, -1)``: trailing empty strings kept, no empty leading one for a zero-width match."""
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        if position == 0 and match.start() == 0 and match.end() == 0:
            continue
        pieces.append(text[position : match.start()])
        position = match.end()
    if position == 0 and not pieces:
        return [text]
    pieces.append(text[position:])
    return pieces
