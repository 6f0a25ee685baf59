"""Text forms of FEEL values as Camunda's ``string()`` produces them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zeebe_lite.feel import temporal
from zeebe_lite.feel.values import FeelFunction, Range, is_number, to_number

from ._args import fail

__all__ = ["format_number", "format_temporal", "to_text"]


def format_number(value: Decimal) -> str:
    """A number as Java's ``BigDecimal.toString`` writes it (the same rules as Python's ``str``)."""
    return str(value)


def format_temporal(value: Any) -> str:
    """A temporal value or a range in FEEL's text form."""
    return temporal.format_value(value)


def to_text(value: Any) -> str:
    """The text of any FEEL value; strings nested in lists and contexts are quoted."""
    if value is None:
        return "null"
    kind = type(value)
    if kind is bool:
        return "true" if value else "false"
    if is_number(value):
        return format_number(to_number(value))
    if kind is str:
        return f'"{value}"'
    if kind is list:
        return "[" + ", ".join(to_text(item) for item in value) + "]"
    if kind is dict:
        return "{" + ", ".join(f"{key}:{to_text(item)}" for key, item in value.items()) + "}"
    if temporal.is_temporal(value):
        return format_temporal(value)
    if kind is FeelFunction:
        return f"function({', '.join(value.params)})"
    if kind is Range:
        return format_temporal(value)
    fail(f"cannot convert a value of type '{kind.__name__}' to a string")
