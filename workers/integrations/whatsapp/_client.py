"""WhatsApp Cloud API client: media download (two steps) and text messages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ConfigDict, Field

from workers.integrations._http import (
    ApiClient,
    ApiConfig,
    ApiFailure,
    ApiTransientError,
    BearerAuth,
    ErrorDetail,
    Replay,
    Tuning,
    json_or_none,
    read_generic_error,
)
from workers.integrations.whatsapp._settings import WhatsAppSettings

__all__ = ["Media", "MediaInfo", "WhatsAppClient", "read_graph_error"]

_PAIR_RATE_LIMIT = 131056
_THROTTLING_CODES = {4, 80007, 130429, _PAIR_RATE_LIMIT}
"""Rate limits: the request was refused before anything was sent."""
_TEMPORARY_CODES = {1, 2, 131000, 131016}
"""Unknown/temporary/service unavailable: the request may or may not have been carried out."""
_PAIR_RATE_WAIT = timedelta(seconds=6)


class MediaInfo(BaseModel):
    """``GET /<MEDIA_ID>``: a short-lived download URL and what it holds (``file_size`` is a string)."""

    model_config = ConfigDict(extra="allow")

    id: str
    url: str
    mime_type: str
    sha256: str | None = None
    file_size: int | None = None


@dataclass(frozen=True)
class Media:
    """Downloaded media bytes."""

    media_id: str
    content: bytes
    mime_type: str


class _SentMessage(BaseModel):
    id: str


class _SendAnswer(BaseModel):
    model_config = ConfigDict(extra="allow")

    messages: list[_SentMessage] = Field(min_length=1)


def read_graph_error(response: httpx.Response) -> ErrorDetail:
    """Graph's ``{"error":{"message","type","code","error_subcode","error_data":{"details"},"fbtrace_id"}}``.

    Decisions go by ``code`` (not by the message): throttling codes are retried (they refused the request),
    temporary errors are retried as possibly applied, everything else (190 expired token, 100 invalid
    parameter, 131047 window closed ...) is final.
    """
    body = json_or_none(response)
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return read_generic_error(response)
    code = error.get("code")
    message = str(error.get("message") or response.reason_phrase)
    error_data = error.get("error_data")
    if isinstance(error_data, dict) and error_data.get("details"):
        message += f" ({error_data['details']})"
    if error.get("fbtrace_id"):
        message += f" [fbtrace_id {error['fbtrace_id']}]"
    retryable: bool | None = None
    not_applied = False
    retry_after = None
    if code in _THROTTLING_CODES:
        retryable, not_applied = True, True
        retry_after = _PAIR_RATE_WAIT if code == _PAIR_RATE_LIMIT else None
    elif code in _TEMPORARY_CODES:
        retryable = True
    elif isinstance(code, int):
        retryable = response.status_code >= 500
    return ErrorDetail(
        message=message,
        code=str(code) if code is not None else None,
        retryable=retryable,
        retry_after=retry_after,
        not_applied=not_applied,
    )


class WhatsAppClient:
    """One WhatsApp Business account (the token decides which); each method is one call (with retries)."""

    def __init__(
        self,
        settings: WhatsAppSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        tuning: Tuning | None = None,
    ) -> None:
        self.default_phone_number_id = settings.phone_number_id
        self._version = settings.api_version
        self.api = ApiClient(
            ApiConfig(
                api="WhatsApp",
                base_url=settings.base_url,
                auth=BearerAuth(settings.token),
                secrets=(settings.token.get_secret_value(),),
                read_error=read_graph_error,
            ),
            transport=transport,
            tuning=tuning,
        )

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.api.aclose()

    async def media_info(self, media_id: str) -> MediaInfo:
        """Step 1: the media's download URL (valid for about 5 minutes) and MIME type."""
        operation = "media.retrieve"
        response = await self.api.request(
            operation, "GET", f"/{self._version}/{quote(media_id, safe='')}", replay=Replay.SAFE
        )
        return self.api.parse(operation, response, MediaInfo)

    async def download(self, info: MediaInfo) -> Media:
        """Step 2: the bytes behind the URL, fetched with the same token; checked against ``sha256``."""
        operation = "media.download"
        response = await self.api.request(operation, "GET", info.url, replay=Replay.SAFE)
        content = response.content
        if info.sha256 and hashlib.sha256(content).hexdigest() != info.sha256.lower():
            raise ApiTransientError(
                f"WhatsApp {operation}: the downloaded media does not match its SHA-256 (truncated download?)",
                failure=ApiFailure("WhatsApp", operation, response.status_code, "CHECKSUM_MISMATCH"),
                may_have_acted=False,
            )
        mime_type = response.headers.get("Content-Type", info.mime_type).split(";")[0].strip()
        return Media(media_id=info.id, content=content, mime_type=mime_type or info.mime_type)

    async def send_text(
        self,
        to: str,
        body: str,
        *,
        phone_number_id: str | None = None,
        reply_to: str | None = None,
        preview_url: bool = False,
    ) -> str:
        """Send a text message and return its ``wamid``; not idempotent (a repeat sends it twice)."""
        sender = phone_number_id or self.default_phone_number_id
        if not sender:
            raise ValueError("no phone number id: pass one or set WHATSAPP_PHONE_NUMBER_ID")
        operation = "messages.send"
        message: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": "text",
            "text": {"body": body, "preview_url": preview_url},
        }
        if reply_to:
            message["context"] = {"message_id": reply_to}
        response = await self.api.request(
            operation,
            "POST",
            f"/{self._version}/{quote(sender, safe='')}/messages",
            replay=Replay.UNSAFE,
            json=message,
        )
        return self.api.parse(operation, response, _SendAnswer).messages[0].id
