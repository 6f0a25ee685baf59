"""Messages: publication and correlation.

* ``POST /v2/messages/publication``: ``name`` (required), ``correlationKey`` (default empty), ``timeToLive``
  (ms, default 0), ``messageId``, ``variables``, ``tenantId``; 200 ``{messageKey, tenantId}``. A message id
  still buffered under the same name and correlation key answers 409 (ALREADY_EXISTS).
* ``POST /v2/messages/correlation``: the message is published without buffering (TTL 0) and the answer names
  the first process instance it was correlated to (or started); 404 when nothing was waiting for it. The
  engine has no separate correlate command: the instance is read from the records the publication wrote.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter
from pydantic import Field

from zeebe_lite.records import TENANT_DEFAULT
from zeebe_lite.rest.context import RestContext
from zeebe_lite.rest.keys import format_key
from zeebe_lite.rest.problems import ApiProblem
from zeebe_lite.rest.requests import RequestBody, check_tenant

__all__ = ["CorrelateMessageRequest", "PublishMessageRequest", "build_router"]


class PublishMessageRequest(RequestBody):
    """The body of ``POST /v2/messages/publication``."""

    name: str
    correlationKey: str = ""
    timeToLive: int = Field(default=0, ge=0)
    messageId: str | None = None
    variables: dict[str, Any] | None = None
    tenantId: str | None = None


class CorrelateMessageRequest(RequestBody):
    """The body of ``POST /v2/messages/correlation``."""

    name: str
    correlationKey: str = ""
    variables: dict[str, Any] | None = None
    tenantId: str | None = None


def _check_name(name: str) -> None:
    if not name:
        raise ApiProblem.invalid_argument("No name provided.")


def build_router(context: RestContext) -> APIRouter:
    """The message routes."""
    router = APIRouter()

    @router.post("/v2/messages/publication")
    async def publish_message(body: PublishMessageRequest) -> dict[str, Any]:
        _check_name(body.name)
        tenant = check_tenant(body.tenantId)
        key = await context.engine.publish_message(
            body.name,
            body.correlationKey,
            dt.timedelta(milliseconds=body.timeToLive),
            body.messageId or "",
            body.variables,
        )
        return {"messageKey": format_key(key), "tenantId": tenant}

    @router.post("/v2/messages/correlation")
    async def correlate_message(body: CorrelateMessageRequest) -> dict[str, Any]:
        _check_name(body.name)
        check_tenant(body.tenantId)
        key = await context.engine.publish_message(
            body.name, body.correlationKey, dt.timedelta(0), "", body.variables
        )
        instance = context.history_now().correlated_instance(key)
        if instance is None:
            raise ApiProblem.not_found(
                f"Command 'CORRELATE' rejected with code 'NOT_FOUND': Expected to find subscription for "
                f"message with name '{body.name}' and correlation key '{body.correlationKey}', "
                "but none was found."
            )
        return {
            "messageKey": format_key(key),
            "tenantId": TENANT_DEFAULT,
            "processInstanceKey": format_key(instance),
        }

    return router
