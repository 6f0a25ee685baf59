"""Keys on the wire: Camunda's REST API v2 sends and accepts every key as a string of digits."""

from __future__ import annotations

from zeebe_lite.records import NO_KEY
from zeebe_lite.rest.problems import ApiProblem

__all__ = ["format_key", "optional_key", "parse_key"]


def format_key(key: int) -> str:
    """A key as the API shows it."""
    return str(key)


def optional_key(key: int) -> str | None:
    """A key, or None for the engine's "no key" marker."""
    return None if key == NO_KEY or key < 0 else str(key)


def parse_key(text: str | int, field: str) -> int:
    """A key sent by a client; 400 naming ``field`` when it is not a positive integer."""
    value = str(text).strip()
    if not value.isdigit():
        raise ApiProblem.invalid_argument(
            f"The provided {field} '{text}' is not a valid key. Expected a numerical value."
        )
    return int(value)
