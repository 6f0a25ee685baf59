"""Conversion between FEEL values and plain Python / JSON values."""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from . import temporal
from .values import NUMBER_CONTEXT, FeelFunction, Range, to_number

__all__ = ["from_json", "from_python", "to_json"]

_create_decimal = NUMBER_CONTEXT.create_decimal


def from_python(value: Any) -> Any:
    """A Python value as a FEEL value: ints/floats become Decimal, tuples lists, mappings dicts (deeply).

    NaN and infinite floats become null, as in Camunda.

    Returns the very same object when nothing needs converting, so already-converted values cost one pass.
    """
    kind = type(value)
    if kind is str or kind is Decimal or kind is bool or value is None:
        return value
    if kind is int:
        return _create_decimal(value)
    if kind is float:
        return to_number(value) if math.isfinite(value) else None
    if kind is list:
        converted = None
        for index, item in enumerate(value):
            new = from_python(item)
            if new is not item:
                if converted is None:
                    converted = list(value[:index])
                converted.append(new)
            elif converted is not None:
                converted.append(item)
        return value if converted is None else converted
    if kind is dict:
        changed = None
        for key, item in value.items():
            new = from_python(item)
            if new is not item or type(key) is not str:
                changed = True
                break
        if changed is None:
            return value
        return {str(key): from_python(item) for key, item in value.items()}
    if kind is tuple:
        return [from_python(item) for item in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): from_python(item) for key, item in value.items()}
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return _create_decimal(int(value))
    return value


def from_json(obj: Any) -> Any:
    """A JSON-decoded Python value as a FEEL value (numbers become Decimal, recursively)."""
    return from_python(obj)


def to_json(value: Any) -> Any:
    """A FEEL value as JSON-compatible Python.

    Integral numbers become ``int``, other numbers ``float``; temporals become the ISO strings Zeebe writes;
    ranges and functions become ``None``; contexts become dicts and lists lists.
    """
    kind = type(value)
    if value is None or kind is str or kind is bool:
        return value
    if kind is Decimal:
        if not value.is_finite():
            return None
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    if kind is int or kind is float:
        return value
    if kind is list or kind is tuple:
        return [to_json(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): to_json(item) for key, item in value.items()}
    if kind is Range or kind is FeelFunction:
        return None
    if temporal.is_temporal(value):
        return temporal.to_json_string(value)
    return None
