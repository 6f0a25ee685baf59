import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from webhook_receiver import Receiver

from sandbox import Sandbox, run_sandbox
from sandbox.whatsapp import WhatsAppEmulator

USER = "15551234567"


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with run_sandbox(["whatsapp"], webhook_retry_delays=()) as running:
        yield running


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    environment = sandbox.environment()
    async with httpx.AsyncClient(
        base_url=f"{environment['WHATSAPP_BASE_URL']}/{environment['WHATSAPP_API_VERSION']}",
        headers={"Authorization": f"Bearer {environment['WHATSAPP_TOKEN']}"},
    ) as http:
        yield http


def messages_path(sandbox: Sandbox) -> str:
    return f"/{sandbox.environment()['WHATSAPP_PHONE_NUMBER_ID']}/messages"


def text(to: str = USER, body: str = "Thanks, got your photo!") -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": {"body": body},
    }


async def test_media_download_is_two_steps_with_the_same_token(
    sandbox: Sandbox, client: httpx.AsyncClient
) -> None:
    whatsapp = sandbox.emulator("whatsapp", WhatsAppEmulator)
    payload = whatsapp.inbound(USER, caption="my receipt")
    image = payload["entry"][0]["changes"][0]["value"]["messages"][0]["image"]
    metadata = await client.get(f"/{image['id']}", params={"phone_number_id": whatsapp.phone_number_id})
    assert metadata.status_code == 200
    info = metadata.json()
    assert info["messaging_product"] == "whatsapp" and info["id"] == image["id"]
    assert isinstance(info["file_size"], str)
    media = await client.get(info["url"])
    assert media.status_code == 200
    assert media.headers["content-type"] == "image/jpeg"
    assert media.content.startswith(b"\xff\xd8\xff")
    assert hashlib.sha256(media.content).hexdigest() == image["sha256"] == info["sha256"]
    assert int(info["file_size"]) == len(media.content)
    async with httpx.AsyncClient() as anonymous:
        assert (await anonymous.get(info["url"])).status_code == 401
    sandbox.clock.advance(timedelta(minutes=5))
    assert (await client.get(info["url"])).status_code == 404


async def test_unknown_media_is_a_graph_error(client: httpx.AsyncClient) -> None:
    answer = await client.get("/123456789")
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == 100 and error["error_subcode"] == 33 and "fbtrace_id" in error


async def test_sending_a_text_reply(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    sandbox.emulator("whatsapp", WhatsAppEmulator).inbound(USER, text="hi")
    answer = await client.post(messages_path(sandbox), json={**text(), "context": {"message_id": "wamid.x"}})
    assert answer.status_code == 200
    body = answer.json()
    assert body["contacts"] == [{"input": USER, "wa_id": USER}]
    assert body["messages"][0]["id"].startswith("wamid.")
    (sent,) = sandbox.state("whatsapp")["state"]["sent"]
    assert sent["status"] == "delivered" and sent["payload"]["text"]["body"] == "Thanks, got your photo!"


@pytest.mark.parametrize(
    ("change", "details"),
    [
        ({"messaging_product": None}, "The parameter messaging_product is required."),
        ({"text": {"body": "x" * 4097}}, "Param text['body'] must be at most 4096 characters long."),
        ({"type": "carousel"}, None),
    ],
)
async def test_invalid_messages_are_rejected(
    sandbox: Sandbox, client: httpx.AsyncClient, change: dict[str, Any], details: str | None
) -> None:
    message = {key: value for key, value in {**text(), **change}.items() if value is not None}
    answer = await client.post(messages_path(sandbox), json=message)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == 100 and error["type"] == "OAuthException"
    if details is not None:
        assert error["error_data"]["details"] == details


async def test_token_errors(sandbox: Sandbox) -> None:
    async with httpx.AsyncClient(base_url=sandbox.environment()["WHATSAPP_BASE_URL"]) as anonymous:
        wrong = await anonymous.post(
            f"/v21.0{messages_path(sandbox)}", json=text(), headers={"Authorization": "Bearer EAAGbad"}
        )
    assert wrong.status_code == 401
    assert wrong.json()["error"]["code"] == 190
    assert "WWW-Authenticate" in wrong.headers


async def test_inbound_photos_arrive_as_signed_webhooks_after_the_handshake(
    sandbox: Sandbox, receiver: Receiver
) -> None:
    admin = sandbox.origins["whatsapp"]
    async with httpx.AsyncClient() as http:
        configured = await http.put(
            f"{admin}/__sandbox/whatsapp/webhook", json={"callback_url": receiver.url}
        )
        assert configured.json()["verified"] is True
        handshake = receiver.requests[0]
        assert handshake.method == "GET" and "hub.mode=subscribe" in handshake.url
        sent = await http.post(f"{admin}/__sandbox/whatsapp/inbound", json={"from": USER, "name": "Jane"})
        assert sent.status_code == 201
    _, delivery = await receiver.wait_for(2)
    secret = sandbox.credentials["whatsapp"]["app_secret"]
    expected = "sha256=" + hmac.new(secret.encode(), delivery.body, hashlib.sha256).hexdigest()
    assert delivery.headers["x-hub-signature-256"] == expected
    value = json.loads(delivery.body)["entry"][0]["changes"][0]["value"]
    assert value["contacts"][0]["profile"]["name"] == "Jane"
    assert value["messages"][0]["type"] == "image"


async def test_free_text_outside_the_24_hour_window_fails_asynchronously(
    sandbox: Sandbox, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    whatsapp = sandbox.emulator("whatsapp", WhatsAppEmulator)
    whatsapp.inbound(USER, text="hello")
    sandbox.clock.advance(timedelta(hours=25))
    await whatsapp.configure_webhook(receiver.url)
    answer = await client.post(messages_path(sandbox), json=text())
    assert answer.status_code == 200
    _, status_delivery = await receiver.wait_for(2)
    status = json.loads(status_delivery.body)["entry"][0]["changes"][0]["value"]["statuses"][0]
    assert status["status"] == "failed" and status["errors"][0]["code"] == 131047
    template = {
        "messaging_product": "whatsapp",
        "to": USER,
        "type": "template",
        "template": {"name": "hello_world", "language": {"code": "en_US"}},
    }
    assert (await client.post(messages_path(sandbox), json=template)).json()["messages"][0][
        "message_status"
    ] == "accepted"


async def test_throughput_and_pair_limits_use_graph_codes(
    sandbox: Sandbox, client: httpx.AsyncClient
) -> None:
    sandbox.emulator("whatsapp", WhatsAppEmulator).inbound(USER, text="hi")
    admin = sandbox.origins["whatsapp"]
    await client.put(f"{admin}/__sandbox/rate-limits", json={"pair": {"limit": 1}})
    assert (await client.post(messages_path(sandbox), json=text())).status_code == 200
    pair = await client.post(messages_path(sandbox), json=text())
    assert pair.status_code == 400 and pair.json()["error"]["code"] == 131056
    await client.put(f"{admin}/__sandbox/rate-limits", json={"pair": None, "throughput": {"limit": 1}})
    assert (await client.post(messages_path(sandbox), json=text())).status_code == 200
    throughput = await client.post(messages_path(sandbox), json=text(to="15557654321"))
    assert throughput.json()["error"]["code"] == 130429


async def test_uploaded_media_can_be_sent(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    phone = sandbox.environment()["WHATSAPP_PHONE_NUMBER_ID"]
    uploaded = await client.post(
        f"/{phone}/media",
        data={"messaging_product": "whatsapp", "type": "application/pdf"},
        files={"file": ("invoice.pdf", b"%PDF-1.4 sandbox", "application/pdf")},
    )
    media_id = uploaded.json()["id"]
    assert (await client.get(f"/{media_id}")).json()["mime_type"] == "application/pdf"
    sandbox.emulator("whatsapp", WhatsAppEmulator).inbound(USER, text="send it")
    document = {"messaging_product": "whatsapp", "to": USER, "type": "document", "document": {"id": media_id}}
    assert (await client.post(messages_path(sandbox), json=document)).status_code == 200
    missing = {**document, "document": {"id": "42"}}
    assert (await client.post(messages_path(sandbox), json=missing)).json()["error"]["code"] == 131053
