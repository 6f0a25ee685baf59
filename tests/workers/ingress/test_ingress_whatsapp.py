"""/webhooks/whatsapp: Meta's GET handshake and signed POSTs from the WhatsApp emulator; texts are ignored."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from ingress_support import RecordingPublisher, asgi_client, ingress_settings, is_problem, serving
from pydantic import SecretStr

from sandbox import Sandbox, run_sandbox
from sandbox.whatsapp import WhatsAppEmulator, hub_signature
from workers.ingress import IngressSettings, create_app


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with run_sandbox(["whatsapp"], webhook_retry_delays=(timedelta(milliseconds=20),)) as running:
        yield running


@pytest.fixture
def emulator(sandbox: Sandbox) -> WhatsAppEmulator:
    return sandbox.emulator("whatsapp", WhatsAppEmulator)


def _settings(emulator: WhatsAppEmulator) -> IngressSettings:
    return ingress_settings(
        whatsapp_verify_token=SecretStr(emulator.verify_token),
        whatsapp_app_secret=SecretStr(emulator.app_secret),
    )


async def test_the_emulator_verifies_the_callback_and_delivers_an_image(
    sandbox: Sandbox, emulator: WhatsAppEmulator
) -> None:
    publisher = RecordingPublisher()
    async with serving(create_app(_settings(emulator), publisher)) as ingress_url:
        assert await emulator.configure_webhook(f"{ingress_url}/webhooks/whatsapp") is True
        payload = emulator.inbound("15551234567", caption="receipt from lunch")
        await publisher.wait_for(1)
        await sandbox.webhooks.wait_idle()
    wamid = payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
    media_id = payload["entry"][0]["changes"][0]["value"]["messages"][0]["image"]["id"]
    [message] = publisher.messages
    assert message.name == "whatsapp.image-received"
    assert message.correlation_key == wamid and message.message_id == f"whatsapp:{wamid}"
    assert message.variables == {
        "whatsappMessageId": wamid,
        "whatsappFrom": "15551234567",
        "whatsappMediaId": media_id,
        "whatsappCaption": "receipt from lunch",
        "whatsappPhoneNumberId": emulator.phone_number_id,
    }


async def test_a_text_message_is_acknowledged_and_ignored(
    sandbox: Sandbox, emulator: WhatsAppEmulator
) -> None:
    publisher = RecordingPublisher()
    async with serving(create_app(_settings(emulator), publisher)) as ingress_url:
        await emulator.configure_webhook(f"{ingress_url}/webhooks/whatsapp")
        emulator.inbound("15551234567", text="hello")
        await sandbox.webhooks.wait_idle()
    [delivery] = sandbox.webhooks.for_source("whatsapp")
    assert delivery.delivered and [attempt.status for attempt in delivery.attempts] == [200]
    assert publisher.messages == []


async def test_the_handshake_needs_subscribe_and_the_token(emulator: WhatsAppEmulator) -> None:
    async with asgi_client(create_app(_settings(emulator), RecordingPublisher())) as http:
        good = {
            "hub.mode": "subscribe",
            "hub.verify_token": emulator.verify_token,
            "hub.challenge": "1158201444",
        }
        answer = await http.get("/webhooks/whatsapp", params=good)
        assert answer.status_code == 200 and answer.text == "1158201444"
        assert answer.headers["content-type"].startswith("text/plain")
        wrong_token = await http.get("/webhooks/whatsapp", params=good | {"hub.verify_token": "guess"})
        assert is_problem(wrong_token, 403, "invalid-verification")
        wrong_mode = await http.get("/webhooks/whatsapp", params=good | {"hub.mode": "unsubscribe"})
        assert is_problem(wrong_mode, 403, "invalid-verification")
        no_token = await http.get(
            "/webhooks/whatsapp", params={"hub.mode": "subscribe", "hub.challenge": "1"}
        )
        assert is_problem(no_token, 403, "invalid-verification")


async def test_unsigned_or_mis_signed_posts_are_refused(emulator: WhatsAppEmulator) -> None:
    publisher = RecordingPublisher()
    payload = emulator.inbound("15550001111")
    body = json.dumps(payload).encode()
    async with asgi_client(create_app(_settings(emulator), publisher)) as http:
        missing = await http.post("/webhooks/whatsapp", content=body)
        wrong = await http.post(
            "/webhooks/whatsapp", content=body, headers={"X-Hub-Signature-256": hub_signature("other", body)}
        )
        tampered = await http.post(
            "/webhooks/whatsapp",
            content=body.replace(b"15550001111", b"15550002222"),
            headers={"X-Hub-Signature-256": hub_signature(emulator.app_secret, body)},
        )
        good = await http.post(
            "/webhooks/whatsapp",
            content=body,
            headers={"X-Hub-Signature-256": hub_signature(emulator.app_secret, body)},
        )
    assert is_problem(missing, 401, "missing-signature")
    assert is_problem(wrong, 401, "invalid-signature") and is_problem(tampered, 401, "invalid-signature")
    assert good.status_code == 200 and len(publisher.messages) == 1


async def test_statuses_and_invalid_envelopes(emulator: WhatsAppEmulator) -> None:
    publisher = RecordingPublisher()
    statuses = {
        "object": "whatsapp_business_account",
        "entry": [
            {"id": "1", "changes": [{"field": "messages", "value": {"statuses": [{"id": "wamid.X"}]}}]}
        ],
    }
    invalid = {"object": "whatsapp_business_account", "entry": [{"changes": []}]}
    async with asgi_client(create_app(_settings(emulator), publisher)) as http:
        for document, status in ((statuses, 200), (invalid, 422)):
            body = json.dumps(document).encode()
            headers = {"X-Hub-Signature-256": hub_signature(emulator.app_secret, body)}
            response = await http.post("/webhooks/whatsapp", content=body, headers=headers)
            assert response.status_code == status
    assert publisher.messages == []


async def test_two_images_in_one_delivery_are_two_messages() -> None:
    def image(wamid: str) -> dict[str, object]:
        return {"from": "4915", "id": wamid, "timestamp": "1", "type": "image", "image": {"id": f"m-{wamid}"}}

    document = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "waba",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "metadata": {"phone_number_id": "pn1"},
                            "messages": [
                                image("wamid.A"),
                                {"from": "4915", "id": "wamid.T", "type": "text"},
                                image("wamid.B"),
                            ],
                        },
                    }
                ],
            }
        ],
    }
    publisher = RecordingPublisher()
    body = json.dumps(document).encode()
    settings = ingress_settings()
    async with asgi_client(create_app(settings, publisher)) as http:
        secret = settings.whatsapp_app_secret
        assert secret is not None
        headers = {"X-Hub-Signature-256": hub_signature(secret.get_secret_value(), body)}
        assert (await http.post("/webhooks/whatsapp", content=body, headers=headers)).status_code == 200
    assert [message.message_id for message in publisher.messages] == ["whatsapp:wamid.A", "whatsapp:wamid.B"]
    assert publisher.messages[1].variables["whatsappCaption"] is None
