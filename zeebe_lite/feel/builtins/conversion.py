"""Built-in functions: conversion (the non-temporal ones: string, number, context, JSON).

The temporal constructors (date, time, date and time, duration, years and months duration) live in
:mod:`.temporal`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from zeebe_lite.feel.values import (
    NUMBER_CONTEXT,
    FeelFunction,
    Range,
    YearMonthDuration,
    is_number,
    to_number,
)

from ._args import fail, illegal, require_list, require_string
from ._base import Builtin
from ._format import format_number, format_temporal, to_text

__all__ = ["FUNCTIONS"]

_NUMBER_SYNTAX = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPING_SEPARATORS = (" ", ",", ".")
_DECIMAL_SEPARATORS = (",", ".")


def _string(value: Any) -> str | None:
    if value is None:
        return None
    if type(value) is str:
        return value
    return to_text(value)


def _parse_number(text: str) -> Decimal:
    if _NUMBER_SYNTAX.fullmatch(text) is None:
        fail(f"Can't parse '{text}' as a number")
    return Decimal(text)


def _number(value: Any) -> Decimal:
    if type(value) is not str:
        illegal(value)
    return _parse_number(value)


def _number_with_grouping(value: Any, grouping: Any) -> Decimal:
    if type(value) is not str or type(grouping) is not str:
        illegal(value, grouping)
    if grouping not in _GROUPING_SEPARATORS:
        fail("illegal argument for grouping. Must be one of ' ', ',' or '.'")
    return _parse_number(value.replace(grouping, ""))


def _number_with_separators(value: Any, grouping: Any, decimal: Any) -> Decimal:
    if type(value) is not str:
        illegal(value, grouping, decimal)
    if grouping is None and decimal is None:
        illegal(value, grouping, decimal)
    if grouping is not None and (type(grouping) is not str or grouping not in _GROUPING_SEPARATORS):
        fail("illegal arguments for grouping or decimal. Must be one of ' ' (grouping only), ',' or '.'")
    if decimal is not None and (type(decimal) is not str or decimal not in _DECIMAL_SEPARATORS):
        fail("illegal arguments for grouping or decimal. Must be one of ' ' (grouping only), ',' or '.'")
    if grouping is not None and grouping == decimal:
        fail("illegal arguments for grouping or decimal. Must be one of ' ' (grouping only), ',' or '.'")
    text = value if grouping is None else value.replace(grouping, "")
    if decimal is not None:
        text = text.replace(decimal, ".")
    return _parse_number(text)


def _context(entries: Any) -> dict[str, Any]:
    items = require_list(entries)
    result: dict[str, Any] = {}
    for entry in items:
        if type(entry) is not dict or type(entry.get("key")) is not str or "value" not in entry:
            fail(
                f"expected a list of contexts with entries 'key' (a string) and 'value' but found '{to_text(entries)}'"
            )
        result[entry["key"]] = entry["value"]
    return result


def _from_json(value: Any) -> Any:
    text = require_string(value)

    def reject_constant(name: str) -> Any:
        fail(f"'{name}' is not a JSON number")

    try:
        parsed = json.loads(
            text,
            parse_float=NUMBER_CONTEXT.create_decimal,
            parse_int=NUMBER_CONTEXT.create_decimal,
            parse_constant=reject_constant,
        )
    except (ValueError, InvalidOperation) as error:
        fail(f"failed to parse JSON from '{text}': {error}")
    return parsed


def _json_offset(offset: dt.timedelta) -> str:
    if not offset:
        return "Z"
    sign = "-" if offset < dt.timedelta(0) else "+"
    seconds = int(abs(offset).total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return f"{text}:{secs:02d}" if secs else text


def _json_temporal(value: Any) -> str:
    if type(value) is dt.datetime and isinstance(value.tzinfo, ZoneInfo):
        offset = value.utcoffset()
        assert offset is not None
        local = format_temporal(value.replace(tzinfo=None))
        return f"{local}{_json_offset(offset)}[{value.tzinfo.key}]"
    return format_temporal(value)


def _json_text(value: Any) -> str:
    if value is None:
        return "null"
    kind = type(value)
    if kind is bool:
        return "true" if value else "false"
    if is_number(value):
        return format_number(to_number(value))
    if kind is str:
        return json.dumps(value, ensure_ascii=False)
    if kind is list:
        return "[" + ",".join(_json_text(item) for item in value) + "]"
    if kind is dict:
        return (
            "{"
            + ",".join(
                f"{json.dumps(str(key), ensure_ascii=False)}:{_json_text(item)}"
                for key, item in value.items()
            )
            + "}"
        )
    if isinstance(value, dt.date | dt.time | dt.timedelta | YearMonthDuration):
        return json.dumps(_json_temporal(value), ensure_ascii=False)
    if kind is FeelFunction or kind is Range:
        fail(f"a {to_text(value)} cannot be converted to JSON")
    fail(f"a value of type '{kind.__name__}' cannot be converted to JSON")


def _to_json(value: Any) -> str:
    return _json_text(value)


FUNCTIONS: tuple[Builtin, ...] = (
    Builtin("string", ("from",), _string),
    Builtin("number", ("from",), _number),
    Builtin("number", ("from", "grouping separator"), _number_with_grouping),
    Builtin("number", ("from", "grouping separator", "decimal separator"), _number_with_separators),
    Builtin("context", ("entries",), _context),
    Builtin("from json", ("value",), _from_json),
    Builtin("to json", ("value",), _to_json),
)
