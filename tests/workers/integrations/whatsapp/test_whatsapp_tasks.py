"""WhatsApp tasks end to end: handler -> real client -> HTTP -> WhatsApp emulator on 127.0.0.1."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from sandbox import Sandbox
from sandbox._common import FaultSettings
from sandbox.whatsapp import WhatsAppEmulator
from workers.integrations._http import Tuning, settings_from_environment
from workers.integrations.whatsapp import WhatsAppClient, WhatsAppSettings, whatsapp, whatsapp_clients
from workers.storage import DocumentStore
from workers.testing import JobEnvironment

USER = "4915112345678"
CANARY = "EAAGcanary0token0d1f9b3e7a5c"
PHOTO = b"\xff\xd8\xff\xe0" + b"receipt-photo-bytes" * 50


def graph(sandbox: Sandbox) -> WhatsAppEmulator:
    return sandbox.emulator("whatsapp", WhatsAppEmulator)


async def test_inbound_image_lands_in_the_document_store(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("whatsapp")
    payload = graph(sandbox).inbound(USER, image=PHOTO, mime_type="image/jpeg")
    media_id = payload["entry"][0]["changes"][0]["value"]["messages"][0]["image"]["id"]
    outcome = await JobEnvironment().run(
        whatsapp, "whatsapp.download-media", variables={"whatsappMediaId": media_id}
    )
    assert outcome.kind == "completed", outcome.message
    assert outcome.variables["documentId"] == f"whatsapp/{media_id}.jpg"
    assert outcome.variables["documentContentType"] == "image/jpeg"
    assert outcome.variables["documentSize"] == len(PHOTO)
    store = DocumentStore(Path(os.environ["FLEET_DOCUMENTS_DIR"]))
    assert store.read(outcome.variables["documentId"]) == PHOTO
    paths = [record.path for record in sandbox.host("whatsapp").requests]
    assert paths == [f"/v21.0/{media_id}", "/whatsapp_business/attachments/"]


async def test_an_unknown_media_id_is_an_incident(start_sandbox: Any) -> None:
    await start_sandbox("whatsapp")
    outcome = await JobEnvironment().run(
        whatsapp, "whatsapp.download-media", variables={"whatsappMediaId": "123"}
    )
    assert outcome.is_incident
    assert outcome.message is not None and "WhatsApp media.retrieve answered HTTP 400 100" in outcome.message


async def test_a_text_reply_is_sent_once_per_task_instance(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("whatsapp")
    inbound = graph(sandbox).inbound(USER, text="hello")
    wamid = inbound["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
    env = JobEnvironment()
    job: dict[str, Any] = {"process_instance_key": 31, "element_instance_key": 32}
    variables = {"whatsappTo": USER, "text": "Thanks, got it!", "replyToMessageId": wamid}
    first = await env.run(whatsapp, "whatsapp.send-text", variables=variables, **job)
    again = await env.run(whatsapp, "whatsapp.send-text", variables=variables, **job)
    assert first.kind == again.kind == "completed", first.message
    assert first.variables["whatsappMessageId"].startswith("wamid.")
    assert again.variables == first.variables
    sent = graph(sandbox).sent
    assert len(sent) == 1
    assert "Thanks, got it!" in str(sent[0]) and wamid in str(sent[0])


async def test_a_server_error_on_send_is_not_repeated_in_process(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("whatsapp")
    graph(sandbox).inbound(USER, text="hello")
    sandbox.host("whatsapp").faults.configure(FaultSettings(fail_next=1, error_status=500))
    outcome = await JobEnvironment().run(
        whatsapp, "whatsapp.send-text", variables={"whatsappTo": USER, "text": "hi"}
    )
    assert outcome.kind == "failed" and outcome.retries == 2
    assert "may have been carried out" in (outcome.message or "")
    assert [record.status for record in sandbox.host("whatsapp").requests] == [500]


async def test_the_pair_rate_limit_is_waited_out_and_the_message_sent(
    start_sandbox: Any, clock_sleep: Any
) -> None:
    sandbox: Sandbox = await start_sandbox("whatsapp")
    sleep = clock_sleep(sandbox)
    whatsapp_clients.provide(
        WhatsAppClient(settings_from_environment(WhatsAppSettings), tuning=Tuning(sleep=sleep))
    )
    graph(sandbox).inbound(USER, text="hello")
    sandbox.host("whatsapp").limiter.configure("pair", 1, timedelta(seconds=6))
    env = JobEnvironment()
    for text in ("one", "two"):
        outcome = await env.run(whatsapp, "whatsapp.send-text", variables={"whatsappTo": USER, "text": text})
        assert outcome.kind == "completed", outcome.message
    assert [record.status for record in sandbox.host("whatsapp").requests] == [200, 400, 200]
    assert sleep.waits and sleep.waits[0] >= 6
    assert len(graph(sandbox).sent) == 2


async def test_the_token_never_reaches_messages_or_logs(
    start_sandbox: Any, monkeypatch: pytest.MonkeyPatch, captured_logs: Any
) -> None:
    sandbox: Sandbox = await start_sandbox("whatsapp")
    media_id = graph(sandbox).add_media(PHOTO, "image/jpeg")
    monkeypatch.setenv("WHATSAPP_TOKEN", CANARY)
    outcome = await JobEnvironment().run(
        whatsapp, "whatsapp.download-media", variables={"whatsappMediaId": media_id}
    )
    assert outcome.is_incident and "HTTP 401" in (outcome.message or "")
    assert CANARY not in (outcome.message or "") and CANARY not in captured_logs.text()
