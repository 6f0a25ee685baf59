"""``POST /approvals``: the fleet's own API to request an approval → ``approval.requested``.

Callers authenticate with ``X-Fleet-Webhook-Secret`` = ``FLEET_APPROVALS_SECRET`` and choose the
``requestId``: sending the same request again starts nothing new (message id ``approval:<requestId>``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import Response

from workers.ingress._body import parse_json, validate
from workers.ingress._context import IngressContext, publish_all
from workers.ingress._publisher import EventMessage
from workers.ingress._signatures import verify_shared_secret

__all__ = ["ApprovalRequest", "approval_requested", "handle_approvals"]

SECRET_HEADER = "X-Fleet-Webhook-Secret"


class ApprovalRequest(BaseModel):
    """An approval to ask for, and the bot to run once it is given."""

    model_config = ConfigDict(extra="forbid")

    requestId: str = Field(
        pattern=r"^[A-Za-z0-9._:-]{1,128}$", description="caller-chosen, unique per request"
    )
    requestedBy: str = Field(min_length=1, max_length=256)
    subject: str = Field(min_length=1, max_length=1000)
    amount: float | None = Field(default=None, ge=0)
    rpaQueue: str = Field(min_length=1, max_length=256, description="OpenRPA workitem queue of the bot")
    rpaPayload: dict[str, Any] = Field(default_factory=dict)


def approval_requested(request: ApprovalRequest) -> EventMessage:
    """The message for one approval request."""
    amount: float | int | None = request.amount
    if amount is not None and float(amount).is_integer():
        amount = int(amount)
    return EventMessage(
        name="approval.requested",
        correlation_key=request.requestId,
        message_id=f"approval:{request.requestId}",
        variables={
            "approvalRequestId": request.requestId,
            "requestedBy": request.requestedBy,
            "approvalSubject": request.subject,
            "approvalAmount": amount,
            "rpaQueue": request.rpaQueue,
            "rpaPayload": request.rpaPayload,
        },
    )


async def handle_approvals(context: IngressContext, request: Request) -> Response:
    """``POST /approvals``: 202 once the request is with the engine."""
    secret = context.secret(context.settings.approvals_secret, "FLEET_APPROVALS_SECRET")
    body = await context.body(request)
    verify_shared_secret(request.headers.get(SECRET_HEADER), secret, header=SECRET_HEADER)
    approval = validate(ApprovalRequest, parse_json(body))
    return await publish_all(context, [approval_requested(approval)], status_code=202)
