"""Built-in functions: string.

Camunda works on Java strings, so lengths and positions count UTF-16 code units (a character outside the
Basic Multilingual Plane counts twice); this module does the same.
"""

from __future__ import annotations

import base64
import binascii
import os
import time
import unicodedata
import uuid
from decimal import Decimal
from typing import Any

from ._args import fail, illegal, java_int, require_number, require_string
from ._base import Builtin
from ._regex import compile_pattern, java_replacer, java_split

__all__ = ["FUNCTIONS"]

_JAVA_NON_BREAKING_SPACES = frozenset("\u00a0\u2007\u202f")
_JAVA_CONTROL_WHITESPACE = frozenset("\t\n\u000b\u000c\r\u001c\u001d\u001e\u001f")


def _is_bmp(text: str) -> bool:
    return text.isascii() or all(ord(char) <= 0xFFFF for char in text)


def _utf16_length(text: str) -> int:
    if _is_bmp(text):
        return len(text)
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _utf16_slice(text: str, start: int, end: int) -> str:
    if _is_bmp(text):
        return text[start:end]
    units = text.encode("utf-16-le", "surrogatepass")
    return units[2 * start : 2 * end].decode("utf-16-le", "surrogatepass")


def _string_index(length: int, position: int) -> int:
    return position - 1 if position > 0 else length + position


def _strings(*args: Any) -> tuple[str, ...]:
    if any(type(arg) is not str for arg in args):
        illegal(*args)
    return args


def _substring(string: Any, start_position: Any) -> str:
    text = require_string(string)
    length = _utf16_length(text)
    start = _string_index(length, java_int(require_number(start_position)))
    if start < 0 or start > length:
        fail(f"start position {start_position} is out of range for a string of length {length}")
    return _utf16_slice(text, start, length)


def _substring_with_length(string: Any, start_position: Any, length: Any) -> str:
    text = require_string(string)
    size = _utf16_length(text)
    start = _string_index(size, java_int(require_number(start_position)))
    end = min(start + java_int(require_number(length)), size)
    if start < 0 or end > size or start > end:
        fail(
            f"start position {start_position} and length {length} are out of range for a string of length {size}"
        )
    return _utf16_slice(text, start, end)


def _string_length(string: Any) -> Decimal:
    return Decimal(_utf16_length(require_string(string)))


def _upper_case(string: Any) -> str:
    return require_string(string).upper()


def _lower_case(string: Any) -> str:
    return require_string(string).lower()


def _substring_before(string: Any, match: Any) -> str:
    text, part = _strings(string, match)
    index = text.find(part)
    return text[:index] if index > 0 else ""


def _substring_after(string: Any, match: Any) -> str:
    text, part = _strings(string, match)
    index = text.find(part)
    return text[index + len(part) :] if index >= 0 else ""


def _contains(string: Any, match: Any) -> bool:
    text, part = _strings(string, match)
    return part in text


def _starts_with(string: Any, match: Any) -> bool:
    text, part = _strings(string, match)
    return text.startswith(part)


def _ends_with(string: Any, match: Any) -> bool:
    text, part = _strings(string, match)
    return text.endswith(part)


def _matches(input: Any, pattern: Any) -> bool:
    text, regex = _strings(input, pattern)
    return compile_pattern(regex).search(text) is not None


def _matches_with_flags(input: Any, pattern: Any, flags: Any) -> bool:
    text, regex, letters = _strings(input, pattern, flags)
    return compile_pattern(regex, letters).search(text) is not None


def _replace_all(text: str, regex: str, replacement: str, letters: str) -> str:
    compiled = compile_pattern(regex, letters)
    return compiled.sub(java_replacer(replacement, compiled), text)


def _replace(input: Any, pattern: Any, replacement: Any) -> str:
    text, regex, substitute = _strings(input, pattern, replacement)
    return _replace_all(text, regex, substitute, "")


def _replace_with_flags(input: Any, pattern: Any, replacement: Any, flags: Any) -> str:
    text, regex, substitute, letters = _strings(input, pattern, replacement, flags)
    return _replace_all(text, regex, substitute, letters)


def _split(string: Any, delimiter: Any) -> list[str]:
    text, regex = _strings(string, delimiter)
    return java_split(text, compile_pattern(regex))


def _extract(string: Any, pattern: Any) -> list[str]:
    text, regex = _strings(string, pattern)
    return [match.group(0) for match in compile_pattern(regex).finditer(text)]


def _trim(string: Any) -> str:
    # Java's String.trim(): strips every character up to U+0020, nothing else.
    return require_string(string).strip("".join(chr(code) for code in range(0x21)))


def _is_java_whitespace(char: str) -> bool:
    if char in _JAVA_CONTROL_WHITESPACE:
        return True
    return unicodedata.category(char) in ("Zs", "Zl", "Zp") and char not in _JAVA_NON_BREAKING_SPACES


def _is_blank(string: Any) -> bool:
    return all(_is_java_whitespace(char) for char in require_string(string))


def _uuid() -> str:
    # A time-ordered UUID (version 7), as Camunda generates them.
    millis = time.time_ns() // 1_000_000
    random_bits = int.from_bytes(os.urandom(10), "big")
    value = (millis & (2**48 - 1)) << 80
    value |= 0x7 << 76
    value |= ((random_bits >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= random_bits & (2**62 - 1)
    return str(uuid.UUID(int=value))


def _to_base64(value: Any) -> str:
    data = require_string(value).encode("utf-8", "replace")
    return base64.b64encode(data).decode("ascii")


def _from_base64(value: Any) -> str:
    text = require_string(value)
    padding = -len(text.rstrip("=")) % 4
    if padding == 3:
        fail(f"'{text}' is not valid Base64")
    padded = text.rstrip("=") + "=" * padding
    try:
        data = base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        fail(f"'{text}' is not valid Base64")
    return data.decode("utf-8", "replace")


FUNCTIONS: tuple[Builtin, ...] = (
    Builtin("substring", ("string", "start position"), _substring),
    Builtin("substring", ("string", "start position", "length"), _substring_with_length),
    Builtin("string length", ("string",), _string_length),
    Builtin("upper case", ("string",), _upper_case),
    Builtin("lower case", ("string",), _lower_case),
    Builtin("substring before", ("string", "match"), _substring_before),
    Builtin("substring after", ("string", "match"), _substring_after),
    Builtin("contains", ("string", "match"), _contains),
    Builtin("starts with", ("string", "match"), _starts_with),
    Builtin("ends with", ("string", "match"), _ends_with),
    Builtin("matches", ("input", "pattern"), _matches),
    Builtin("matches", ("input", "pattern", "flags"), _matches_with_flags),
    Builtin("replace", ("input", "pattern", "replacement"), _replace),
    Builtin("replace", ("input", "pattern", "replacement", "flags"), _replace_with_flags),
    Builtin("split", ("string", "delimiter"), _split),
    Builtin("extract", ("string", "pattern"), _extract),
    Builtin("extract", ("input", "pattern"), _extract),
    Builtin("trim", ("string",), _trim),
    Builtin("uuid", (), _uuid),
    Builtin("to base64", ("value",), _to_base64),
    Builtin("from base64", ("value",), _from_base64),
    Builtin("is blank", ("string",), _is_blank),
)
