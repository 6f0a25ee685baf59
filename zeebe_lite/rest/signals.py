"""``POST /v2/signals/broadcast``: ``signalName`` (required), ``variables``, ``tenantId``; 200 ``{signalKey, tenantId}``.

Every signal subscription (start events, catch events, boundary events) is triggered, as in Zeebe.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from zeebe_lite.rest.context import RestContext
from zeebe_lite.rest.keys import format_key
from zeebe_lite.rest.problems import ApiProblem
from zeebe_lite.rest.requests import RequestBody, check_tenant

__all__ = ["BroadcastSignalRequest", "build_router"]


class BroadcastSignalRequest(RequestBody):
    """The body of ``POST /v2/signals/broadcast``."""

    signalName: str
    variables: dict[str, Any] | None = None
    tenantId: str | None = None


def build_router(context: RestContext) -> APIRouter:
    """The signal route."""
    router = APIRouter()

    @router.post("/v2/signals/broadcast")
    async def broadcast_signal(body: BroadcastSignalRequest) -> dict[str, Any]:
        if not body.signalName:
            raise ApiProblem.invalid_argument("No signalName provided.")
        tenant = check_tenant(body.tenantId)
        key = await context.engine.broadcast_signal(body.signalName, body.variables)
        return {"signalKey": format_key(key), "tenantId": tenant}

    return router
