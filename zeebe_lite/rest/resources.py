"""``POST /v2/resources/{resourceKey}/deletion``: delete a process definition or a DMN resource (DRG).

200 with an empty body when deleted; 404 for an unknown key (the engine's NOT_FOUND rejection). A deleted
process definition can no longer be started; its running instances go on and it disappears after the last.
"""

from __future__ import annotations

from fastapi import APIRouter, Response

from zeebe_lite.rest.context import RestContext
from zeebe_lite.rest.keys import parse_key
from zeebe_lite.rest.requests import OperationRequest

__all__ = ["build_router"]


def build_router(context: RestContext) -> APIRouter:
    """The resource deletion route."""
    router = APIRouter()

    @router.post("/v2/resources/{resource_key}/deletion")
    async def delete_resource(resource_key: str, body: OperationRequest | None = None) -> Response:
        key = parse_key(resource_key, "resourceKey")
        await context.engine.delete_resource(key)
        return Response(status_code=200)

    return router
