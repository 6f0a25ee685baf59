"""WhatsApp Cloud API webhooks → ``whatsapp.image-received``.

``GET`` is Meta's verification handshake: ``hub.mode=subscribe`` and ``hub.verify_token`` =
``WHATSAPP_VERIFY_TOKEN`` → 200 with ``hub.challenge`` as plain text, else 403. ``POST`` carries
``X-Hub-Signature-256: sha256=<hex HMAC-SHA256(WHATSAPP_APP_SECRET, body)>``. Every inbound ``image`` message
becomes one message (id ``whatsapp:<wamid>``); texts, other types and delivery statuses are ignored.
"""

from __future__ import annotations

import hmac

from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from workers.ingress._body import parse_json, validate
from workers.ingress._context import IngressContext, ignored, publish_all
from workers.ingress._problems import Rejection
from workers.ingress._publisher import EventMessage
from workers.ingress._signatures import verify_hub_signature

__all__ = ["WhatsAppWebhook", "handle_whatsapp", "handle_whatsapp_verification", "images_received"]

SIGNATURE_HEADER = "X-Hub-Signature-256"


class WhatsAppImage(BaseModel):
    """``messages[].image``."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1)
    mime_type: str | None = None
    sha256: str | None = None
    caption: str | None = None


class WhatsAppMessage(BaseModel):
    """One inbound message."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    sender: str = Field(alias="from", min_length=1)
    id: str = Field(min_length=1)
    timestamp: str | None = None
    type: str
    image: WhatsAppImage | None = None


class WhatsAppMetadata(BaseModel):
    """``value.metadata``: the business number that received the message."""

    model_config = ConfigDict(extra="ignore")

    phone_number_id: str
    display_phone_number: str | None = None


class WhatsAppValue(BaseModel):
    """``changes[].value``."""

    model_config = ConfigDict(extra="ignore")

    messaging_product: str | None = None
    metadata: WhatsAppMetadata | None = None
    messages: list[WhatsAppMessage] = Field(default_factory=list)


class WhatsAppChange(BaseModel):
    """``entry[].changes[]``."""

    model_config = ConfigDict(extra="ignore")

    field: str
    value: WhatsAppValue


class WhatsAppEntry(BaseModel):
    """``entry[]``: one business account."""

    model_config = ConfigDict(extra="ignore")

    id: str
    changes: list[WhatsAppChange]


class WhatsAppWebhook(BaseModel):
    """A WhatsApp Business Account webhook delivery."""

    model_config = ConfigDict(extra="ignore")

    object: str
    entry: list[WhatsAppEntry]


def images_received(webhook: WhatsAppWebhook) -> list[EventMessage]:
    """One message per inbound image."""
    messages = []
    for entry in webhook.entry:
        for change in entry.changes:
            if change.field != "messages":
                continue
            phone_number_id = change.value.metadata.phone_number_id if change.value.metadata else None
            for inbound in change.value.messages:
                if inbound.type != "image" or inbound.image is None:
                    continue
                messages.append(
                    EventMessage(
                        name="whatsapp.image-received",
                        correlation_key=inbound.id,
                        message_id=f"whatsapp:{inbound.id}",
                        variables={
                            "whatsappMessageId": inbound.id,
                            "whatsappFrom": inbound.sender,
                            "whatsappMediaId": inbound.image.id,
                            "whatsappCaption": inbound.image.caption,
                            "whatsappPhoneNumberId": phone_number_id,
                        },
                    )
                )
    return messages


async def handle_whatsapp_verification(context: IngressContext, request: Request) -> Response:
    """``GET /webhooks/whatsapp``: Meta's subscription handshake."""
    expected = context.secret(context.settings.whatsapp_verify_token, "WHATSAPP_VERIFY_TOKEN")
    query = request.query_params
    mode, token, challenge = query.get("hub.mode"), query.get("hub.verify_token"), query.get("hub.challenge")
    if mode != "subscribe" or challenge is None:
        raise Rejection(403, "invalid-verification", "expected hub.mode=subscribe with a hub.challenge")
    if token is None or not hmac.compare_digest(token.encode(), expected.encode()):
        raise Rejection(403, "invalid-verification", "hub.verify_token is not the configured token")
    return PlainTextResponse(challenge)


async def handle_whatsapp(context: IngressContext, request: Request) -> Response:
    """``POST /webhooks/whatsapp``."""
    secret = context.secret(context.settings.whatsapp_app_secret, "WHATSAPP_APP_SECRET")
    body = await context.body(request)
    verify_hub_signature(request.headers.get(SIGNATURE_HEADER), secret, body, header=SIGNATURE_HEADER)
    webhook = validate(WhatsAppWebhook, parse_json(body))
    messages = images_received(webhook)
    if not messages:
        return ignored("no inbound image message in the delivery")
    return await publish_all(context, messages)
