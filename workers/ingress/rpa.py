"""OpenRPA callbacks (the Node-RED flow behind a workitem queue) → ``rpa.bot-finished``.

Verification exactly as the flow signs: ``X-OpenRPA-Signature: sha256=<hex HMAC-SHA256(OPENRPA_CALLBACK_SECRET,
body)>``. The message correlates on ``correlationId`` (given when the bot was triggered); a callback without one
was not triggered by the fleet and is ignored.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import Response

from workers.ingress._body import parse_json, validate
from workers.ingress._context import IngressContext, ignored, publish_all
from workers.ingress._publisher import EventMessage
from workers.ingress._signatures import verify_hub_signature

__all__ = ["SIGNATURE_HEADER", "RpaCallback", "bot_finished", "handle_rpa"]

SIGNATURE_HEADER = "X-OpenRPA-Signature"


class RpaCallback(BaseModel):
    """What the flow POSTs when a workitem is finished."""

    model_config = ConfigDict(extra="ignore")

    workitemId: str = Field(min_length=1, max_length=128)
    wiq: str | None = None
    name: str | None = None
    state: str = Field(min_length=1, max_length=64)
    correlationId: str | None = Field(default=None, max_length=256)
    payload: dict[str, Any] | None = None
    errormessage: str | None = None
    errortype: str | None = None
    retries: int | None = None
    finishedAt: str | None = None


def bot_finished(callback: RpaCallback, correlation_id: str) -> EventMessage:
    """The message for one finished workitem."""
    return EventMessage(
        name="rpa.bot-finished",
        correlation_key=correlation_id,
        message_id=f"rpa:{callback.workitemId}:{callback.state}",
        variables={
            "rpaCorrelationId": correlation_id,
            "rpaWorkitemId": callback.workitemId,
            "rpaState": callback.state,
            "rpaResult": callback.payload or {},
            "rpaError": callback.errormessage or None,
        },
    )


async def handle_rpa(context: IngressContext, request: Request) -> Response:
    """``POST /webhooks/rpa``."""
    secret = context.secret(context.settings.openrpa_callback_secret, "OPENRPA_CALLBACK_SECRET")
    body = await context.body(request)
    verify_hub_signature(request.headers.get(SIGNATURE_HEADER), secret, body, header=SIGNATURE_HEADER)
    callback = validate(RpaCallback, parse_json(body))
    if not callback.correlationId:
        return ignored("the workitem has no correlationId (not triggered by the fleet)")
    return await publish_all(context, [bot_finished(callback, callback.correlationId)])
