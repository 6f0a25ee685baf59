from __future__ import annotations

import hashlib

import httpx
import pytest
from pydantic import SecretStr

from workers.integrations._http import ApiTransientError, Tuning
from workers.integrations.whatsapp import MediaInfo, WhatsAppClient, WhatsAppSettings

CONTENT = b"\x89PNG photo"


def settings() -> WhatsAppSettings:
    return WhatsAppSettings(base_url="http://127.0.0.1:9", token=SecretStr("EAAG-test-token"))


async def test_a_download_that_does_not_match_its_sha256_is_transient() -> None:
    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=CONTENT[:4], headers={"Content-Type": "image/png"})

    info = MediaInfo(
        id="1",
        url="http://127.0.0.1:9/media/1",
        mime_type="image/png",
        sha256=hashlib.sha256(CONTENT).hexdigest(),
    )
    client = WhatsAppClient(settings(), tuning=Tuning(transport=httpx.MockTransport(serve)))
    async with client.api:
        with pytest.raises(ApiTransientError, match="does not match its SHA-256"):
            await client.download(info)


async def test_a_complete_download_keeps_its_content_type() -> None:
    seen: list[str] = []

    def serve(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        return httpx.Response(200, content=CONTENT, headers={"Content-Type": "image/png; charset=binary"})

    info = MediaInfo(
        id="1",
        url="http://127.0.0.1:9/media/1",
        mime_type="image/png",
        sha256=hashlib.sha256(CONTENT).hexdigest(),
    )
    client = WhatsAppClient(settings(), tuning=Tuning(transport=httpx.MockTransport(serve)))
    async with client.api:
        media = await client.download(info)
    assert media.content == CONTENT and media.mime_type == "image/png"
    assert seen == ["Bearer EAAG-test-token"]
