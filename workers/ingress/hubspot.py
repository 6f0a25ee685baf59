"""HubSpot webhooks (a JSON array of up to 100 events, v3 signature) → ``hubspot.contact-changed``.

Verification: ``X-HubSpot-Signature-v3`` = base64 HMAC-SHA256(``HUBSPOT_CLIENT_SECRET``, method + URL + body +
timestamp), ``X-HubSpot-Request-Timestamp`` (ms) at most 5 minutes old. The URL is the one HubSpot called: the
request URL, or ``FLEET_INGRESS_PUBLIC_URL`` + path + query behind a proxy. ``contact.creation`` and
``contact.propertyChange`` become messages; other subscription types are ignored.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from starlette.requests import Request
from starlette.responses import Response

from workers.ingress._body import parse_json, validate
from workers.ingress._context import IngressContext, ignored, publish_all
from workers.ingress._problems import Rejection
from workers.ingress._publisher import EventMessage
from workers.ingress._signatures import verify_hubspot_v3

__all__ = ["HANDLED_SUBSCRIPTIONS", "HubSpotEvent", "contact_changed", "handle_hubspot"]

HANDLED_SUBSCRIPTIONS = frozenset({"contact.creation", "contact.propertyChange"})


class HubSpotEvent(BaseModel):
    """One event of a HubSpot webhook delivery."""

    model_config = ConfigDict(extra="ignore")

    eventId: int = Field(ge=0)
    subscriptionType: str = Field(min_length=1)
    objectId: int = Field(ge=0)
    portalId: int | None = None
    occurredAt: int | None = None
    attemptNumber: int | None = None
    propertyName: str | None = None
    propertyValue: str | None = None
    changeSource: str | None = None


HubSpotDelivery = TypeAdapter(list[HubSpotEvent])
_MAX_EVENTS = 100


def contact_changed(event: HubSpotEvent) -> EventMessage:
    """The message for one contact event."""
    return EventMessage(
        name="hubspot.contact-changed",
        correlation_key=str(event.objectId),
        message_id=f"hubspot:{event.eventId}",
        variables={
            "hubspotContactId": str(event.objectId),
            "hubspotSubscriptionType": event.subscriptionType,
            "hubspotPropertyName": event.propertyName,
            "hubspotPropertyValue": event.propertyValue,
            "hubspotEventId": str(event.eventId),
        },
    )


def _signed_urls(context: IngressContext, request: Request) -> list[str]:
    public = context.settings.public_url
    if public is None:
        return [str(request.url)]
    query = request.url.query
    return [f"{public}{request.url.path}{'?' + query if query else ''}"]


async def handle_hubspot(context: IngressContext, request: Request) -> Response:
    """``POST /webhooks/hubspot``."""
    secret = context.secret(context.settings.hubspot_client_secret, "HUBSPOT_CLIENT_SECRET")
    body = await context.body(request)
    verify_hubspot_v3(
        signature=request.headers.get("X-HubSpot-Signature-v3"),
        timestamp=request.headers.get("X-HubSpot-Request-Timestamp"),
        secret=secret,
        method=request.method,
        urls=_signed_urls(context, request),
        body=body,
        now=context.now(),
        max_age=context.settings.hubspot_max_age,
    )
    events = validate(HubSpotDelivery, parse_json(body))
    if len(events) > _MAX_EVENTS:
        raise Rejection(422, "invalid-payload", f"a delivery carries at most {_MAX_EVENTS} events")
    messages = [contact_changed(event) for event in events if event.subscriptionType in HANDLED_SUBSCRIPTIONS]
    if not messages:
        kinds = sorted({event.subscriptionType for event in events}) or ["none"]
        return ignored(f"no handled subscription type in the delivery ({', '.join(kinds)})")
    return await publish_all(context, messages)
