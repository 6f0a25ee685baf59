"""Reading a request body up to a limit, and parsing JSON only after verification."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from starlette.requests import Request

from workers.ingress._problems import Rejection

__all__ = ["parse_json", "read_limited_body", "validate"]

T = TypeVar("T")


async def read_limited_body(request: Request, limit: int) -> bytes:
    """The raw body; 413 as soon as it (or its declared ``Content-Length``) exceeds ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            length = int(declared)
        except ValueError:
            raise Rejection(400, "malformed-request", "Content-Length is not a number") from None
        if length > limit:
            raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> Rejection:
    return Rejection(413, "payload-too-large", f"the body is larger than {limit} bytes")


def parse_json(body: bytes) -> Any:
    """The JSON document of a verified body; 400 when it is not UTF-8 JSON."""
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Rejection(400, "malformed-json", f"the body is not JSON: {error}") from None


def validate(adapter: type[T] | TypeAdapter[T], document: Any) -> T:
    """``document`` as the model (or type adapter); 422 listing where it does not fit."""
    try:
        if isinstance(adapter, TypeAdapter):
            return adapter.validate_python(document)
        if isinstance(adapter, type) and issubclass(adapter, BaseModel):
            validated: T = adapter.model_validate(document)
            return validated
        return TypeAdapter(adapter).validate_python(document)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in detail['loc']) or 'body'}: {detail['msg']}"
            for detail in error.errors(include_input=False, include_url=False)[:10]
        )
        raise Rejection(422, "invalid-payload", problems) from None
