"""WhatsApp task handlers (worker group ``messaging``): store an inbound image, send a text reply."""

from __future__ import annotations

import asyncio
import mimetypes
import re
from datetime import timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from workers import BpmnError, Integration, PermanentError
from workers.integrations._http import ApiPermanentError, PerEventLoop, settings_from_environment
from workers.integrations.whatsapp._client import WhatsAppClient
from workers.integrations.whatsapp._settings import WhatsAppSettings
from workers.storage import DocumentStore

__all__ = [
    "MESSAGING_WINDOW_CLOSED",
    "DownloadMediaInput",
    "DownloadMediaOutput",
    "SendTextInput",
    "SendTextOutput",
    "document_id_for",
    "whatsapp",
    "whatsapp_clients",
]

MESSAGING_WINDOW_CLOSED = "MESSAGING_WINDOW_CLOSED"
"""BPMN error: more than 24 h since the user's last message (Graph code 131047); only templates may be sent."""
_REENGAGEMENT_CODE = "131047"
_UNSAFE_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]")

whatsapp = Integration("whatsapp", group="messaging")
whatsapp_clients: PerEventLoop[WhatsAppClient] = PerEventLoop(
    lambda: WhatsAppClient(settings_from_environment(WhatsAppSettings))
)
"""The WhatsApp client of the running event loop."""


def document_id_for(media_id: str, mime_type: str) -> str:
    """``whatsapp/<media id>.<extension>``: stable for one media, so a rerun overwrites the same file."""
    safe = _UNSAFE_CHARACTERS.sub("_", media_id).lstrip("._-")[:100] or "media"
    extension = mimetypes.guess_extension(mime_type) or ".bin"
    return f"whatsapp/{safe}{extension}"


class _Input(BaseModel):
    model_config = ConfigDict(extra="ignore")


class DownloadMediaInput(_Input):
    """``whatsapp.download-media``: the media id from the inbound message (``image.id``)."""

    whatsappMediaId: str = Field(min_length=1, max_length=200)


class DownloadMediaOutput(BaseModel):
    """Where the image now is in the fleet's document storage."""

    documentId: str
    documentContentType: str
    documentSize: int
    documentChecksum: str


@whatsapp.task(
    "whatsapp.download-media",
    timeout=timedelta(seconds=60),
    input_model=DownloadMediaInput,
    output_model=DownloadMediaOutput,
)
async def download_media(whatsappMediaId: str) -> dict[str, Any]:
    """Resolve the media id to its URL, download it with the token, store the bytes (under ``FLEET_DOCUMENTS_DIR``)."""
    client = whatsapp_clients.get()
    info = await client.media_info(whatsappMediaId)
    media = await client.download(info)
    store = DocumentStore.from_environment()
    document_id = document_id_for(whatsappMediaId, media.mime_type)
    try:
        stored = await asyncio.to_thread(store.put, document_id, media.content, content_type=media.mime_type)
    except OSError as error:
        raise PermanentError(
            f"Cannot write {document_id} to the document store ({type(error).__name__}: {error.strerror}). "
            "Fix FLEET_DOCUMENTS_DIR (space, permissions), then resolve the incident."
        ) from None
    return DownloadMediaOutput(
        documentId=stored.document_id,
        documentContentType=stored.content_type,
        documentSize=stored.size,
        documentChecksum=stored.checksum,
    ).model_dump()


class SendTextInput(_Input):
    """``whatsapp.send-text``: recipient (``wa_id``), text, and optionally the sending number and the quoted message."""

    whatsappTo: str = Field(pattern=r"^\+?\d{6,20}$")
    text: str = Field(min_length=1, max_length=4096)
    whatsappPhoneNumberId: str | None = Field(default=None, pattern=r"^\d+$")
    replyToMessageId: str | None = Field(default=None, min_length=1)


class SendTextOutput(BaseModel):
    """The sent message's id (``wamid...``)."""

    whatsappMessageId: str


@whatsapp.task(
    "whatsapp.send-text",
    timeout=timedelta(seconds=30),
    input_model=SendTextInput,
    output_model=SendTextOutput,
)
async def send_text(
    whatsappTo: str,
    text: str,
    whatsappPhoneNumberId: str | None = None,
    replyToMessageId: str | None = None,
) -> dict[str, Any]:
    """Send a text reply; recorded in the idempotency store so a redelivered job does not send it again."""
    client = whatsapp_clients.get()
    if not (whatsappPhoneNumberId or client.default_phone_number_id):
        raise PermanentError(
            "No sending number: map whatsappPhoneNumberId (the inbound metadata.phone_number_id) in the model "
            "or set WHATSAPP_PHONE_NUMBER_ID, then resolve the incident."
        )
    try:
        message_id = await client.send_text(
            whatsappTo.lstrip("+"), text, phone_number_id=whatsappPhoneNumberId, reply_to=replyToMessageId
        )
    except ApiPermanentError as error:
        if error.failure.code == _REENGAGEMENT_CODE:
            raise BpmnError(MESSAGING_WINDOW_CLOSED, error.message) from error
        raise
    return SendTextOutput(whatsappMessageId=message_id).model_dump()
