"""ManyChat External Request → ``manychat.lead-captured``.

ManyChat signs nothing, so the request carries a shared secret header (``X-Fleet-Webhook-Secret`` =
``MANYCHAT_WEBHOOK_SECRET``) configured in the External Request. The body is ManyChat's "Full Subscriber Data"
(``id``, ``first_name``, ``last_name``, ``email``, ``phone``, ``custom_fields`` as a name → value map); the
lead fields may also be given at the top level. ManyChat has no event id: the message id is the subscriber id
plus a hash of the body, so an identical redelivery is dropped.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.requests import Request
from starlette.responses import Response

from workers.ingress._body import parse_json, validate
from workers.ingress._context import IngressContext, publish_all
from workers.ingress._publisher import EventMessage
from workers.ingress._signatures import verify_shared_secret

__all__ = ["SECRET_HEADER", "ManyChatSubscriber", "handle_manychat", "lead_captured"]

SECRET_HEADER = "X-Fleet-Webhook-Secret"


class ManyChatSubscriber(BaseModel):
    """The subscriber ManyChat sends (Full Subscriber Data), with optional top-level lead fields."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=64, description="ManyChat subscriber id")
    first_name: str | None = Field(default=None, max_length=256)
    last_name: str | None = Field(default=None, max_length=256)
    email: str | None = Field(default=None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    phone: str | None = Field(default=None, max_length=64)
    whatsapp_phone: str | None = Field(default=None, max_length=64)
    product_interest: str | None = Field(default=None, max_length=256)
    country: str | None = Field(default=None, max_length=64)
    engagement_score: float | None = None
    custom_fields: dict[str, Any] = Field(default_factory=dict)

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("email", "phone", "whatsapp_phone", "first_name", "last_name", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


def _custom(subscriber: ManyChatSubscriber, *names: str) -> Any:
    lowered = {key.lower(): value for key, value in subscriber.custom_fields.items()}
    for name in names:
        value = lowered.get(name)
        if value not in (None, ""):
            return value
    return None


def _score(value: Any) -> float:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int | float):
        return value
    try:
        return float(str(value)) if value is not None else 0
    except ValueError:
        return 0


def lead_captured(subscriber: ManyChatSubscriber, body: bytes) -> EventMessage:
    """The message for one captured lead."""
    body_hash = hashlib.sha256(body).hexdigest()[:32]
    score = subscriber.engagement_score
    if score is None:
        score = _score(_custom(subscriber, "engagement_score", "engagementscore"))
    variables: dict[str, Any] = {
        "manychatUserId": subscriber.id,
        "email": subscriber.email or _custom(subscriber, "email"),
        "firstName": subscriber.first_name,
        "lastName": subscriber.last_name,
        "phone": subscriber.phone or subscriber.whatsapp_phone,
        "leadSource": "manychat",
        "productInterest": subscriber.product_interest
        or _custom(subscriber, "product_interest", "productinterest"),
        "country": subscriber.country or _custom(subscriber, "country"),
        "engagementScore": int(score) if float(score).is_integer() else score,
    }
    return EventMessage(
        name="manychat.lead-captured",
        correlation_key=subscriber.id,
        message_id=f"manychat:{subscriber.id}:{body_hash}",
        variables=variables,
    )


async def handle_manychat(context: IngressContext, request: Request) -> Response:
    """``POST /webhooks/manychat``."""
    secret = context.secret(context.settings.manychat_webhook_secret, "MANYCHAT_WEBHOOK_SECRET")
    body = await context.body(request)
    verify_shared_secret(request.headers.get(SECRET_HEADER), secret, header=SECRET_HEADER)
    subscriber = validate(ManyChatSubscriber, parse_json(body))
    return await publish_all(context, [lead_captured(subscriber, body)])
