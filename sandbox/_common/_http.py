"""Small request helpers shared by the emulators: credentials from headers, bodies that may be malformed."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from starlette.requests import Request

__all__ = ["MalformedBody", "basic_credentials", "bearer_token", "read_json"]


class MalformedBody(Exception):
    """The body is not the JSON (or form) the endpoint needs; the message says why."""


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer`` header, if any."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def basic_credentials(request: Request) -> tuple[str, str] | None:
    """User and password of an ``Authorization: Basic`` header, if any (and well-formed)."""
    header = request.headers.get("authorization", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, separator, password = decoded.partition(":")
    return (user, password) if separator else None


async def read_json(request: Request) -> Any:
    """The parsed JSON body; raises ``MalformedBody`` for an empty or invalid one."""
    raw = await request.body()
    if not raw.strip():
        raise MalformedBody("the request body is empty")
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MalformedBody(f"the request body is not valid JSON: {error}") from error
