"""Variables on the wire: JSON documents (strings) in requests and responses."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from zeebe_lite.gateway.errors import GatewayError

__all__ = ["read_document", "write_document", "write_json"]


def read_document(text: str, property_name: str = "variables") -> dict[str, Any]:
    """Parse a request's JSON document; empty means ``{}``, anything but a JSON object is INVALID_ARGUMENT."""
    if not text or text == "{}" or text.isspace():
        return {}
    try:
        value = _DECODER.decode(text)
    except ValueError as error:
        raise GatewayError.invalid_argument(
            f"Property '{property_name}' is invalid: Expected document to be valid JSON, but got '{text}' ({error})"
        ) from error
    if not isinstance(value, dict):
        kind = _json_kind(value)
        raise GatewayError.invalid_argument(
            f"Property '{property_name}' is invalid: Expected document to be a root level object, but was '{kind}'"
        )
    return value


def write_document(variables: Mapping[str, Any] | None) -> str:
    """A variables document as JSON text; always an object, ``{}`` when empty (clients json.loads it)."""
    return write_json(dict(variables or {}))


def write_json(value: Any) -> str:
    """Any JSON value as compact JSON text."""
    if not value and isinstance(value, dict):
        return "{}"
    return _ENCODER.encode(value)


def _reject_constant(name: str) -> float:
    raise ValueError(f"'{name}' is not a JSON number")


def _fallback(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return str(value)


# Built once: json.loads/json.dumps with options construct a new decoder/encoder on every call.
_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=_fallback)


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "ARRAY"
    if isinstance(value, str):
        return "STRING"
    if isinstance(value, bool):
        return "BOOLEAN"
    if value is None:
        return "NIL"
    return "NUMBER"
