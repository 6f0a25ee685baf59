"""Body limits, probes, the OpenAPI document, engine outages and secrets that never leak."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from ingress_support import SECRETS, RecordingPublisher, asgi_client, ingress_settings, is_problem, serving
from pyzeebe import ZeebeClient, create_insecure_channel

from sandbox.stripe import stripe_signature
from workers.ingress import (
    EventMessage,
    IngressSettings,
    PublishResult,
    ZeebeMessagePublisher,
    create_app,
    load_ingress_settings,
)
from zeebe_lite.testing import free_port

MANYCHAT = {"X-Fleet-Webhook-Secret": SECRETS["manychat_webhook_secret"]}


async def test_bodies_over_the_limit_get_413_with_or_without_content_length() -> None:
    publisher = RecordingPublisher()
    app = create_app(ingress_settings(max_body_bytes=1024), publisher)
    big = json.dumps({"id": "1", "first_name": "x" * 2000}).encode()

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(big), 256):
            yield big[start : start + 256]

    async with serving(app) as url, httpx.AsyncClient(base_url=url) as http:
        declared = await http.post("/webhooks/manychat", content=big, headers=MANYCHAT)
        streamed = await http.post("/webhooks/manychat", content=chunks(), headers=MANYCHAT)
        small = await http.post("/webhooks/manychat", json={"id": "1"}, headers=MANYCHAT)
    assert "content-length" not in {key.lower() for key in streamed.request.headers}
    assert is_problem(declared, 413, "payload-too-large") and is_problem(streamed, 413, "payload-too-large")
    assert small.status_code == 200 and len(publisher.messages) == 1


async def test_an_oversize_body_is_refused_before_its_signature_is_looked_at() -> None:
    publisher = RecordingPublisher()
    app = create_app(ingress_settings(max_body_bytes=100), publisher)
    async with asgi_client(app) as http:
        response = await http.post("/webhooks/stripe", content=b"x" * 101)
    assert is_problem(response, 413, "payload-too-large")


async def test_probes_report_the_gateway() -> None:
    publisher = RecordingPublisher()
    async with asgi_client(create_app(ingress_settings(), publisher)) as http:
        assert (await http.get("/healthz")).json() == {"status": "ok"}
        ready = await http.get("/readyz")
        assert ready.status_code == 200 and ready.json() == {"ready": True, "checks": {"gateway": "ok"}}
        publisher.ready = False
        down = await http.get("/readyz")
    assert down.status_code == 503 and down.json()["checks"]["gateway"] == "ConnectionError"


async def test_an_unreachable_engine_answers_503_so_the_provider_retries() -> None:
    channel = create_insecure_channel(grpc_address=f"127.0.0.1:{free_port()}")
    publisher = ZeebeMessagePublisher(ZeebeClient(channel), timedelta(hours=1))
    try:
        async with asgi_client(create_app(ingress_settings(), publisher)) as http:
            response = await http.post("/webhooks/manychat", json={"id": "5"}, headers=MANYCHAT)
            ready = await http.get("/readyz")
    finally:
        await channel.close()
    assert is_problem(response, 503, "engine-unavailable") and response.headers["retry-after"] == "30"
    assert ready.status_code == 503 and ready.json()["ready"] is False


async def test_the_openapi_document_describes_every_endpoint_and_payload() -> None:
    async with asgi_client(create_app(ingress_settings(), RecordingPublisher())) as http:
        document = (await http.get("/openapi.json")).json()
    paths = document["paths"]
    assert set(paths) == {
        "/webhooks/manychat",
        "/webhooks/hubspot",
        "/webhooks/stripe",
        "/webhooks/whatsapp",
        "/webhooks/rpa",
        "/approvals",
        "/healthz",
        "/readyz",
    }
    assert set(paths["/webhooks/whatsapp"]) == {"get", "post"}
    stripe = paths["/webhooks/stripe"]["post"]
    assert stripe["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/StripeEvent"
    }
    assert {"200", "400", "401", "413", "422", "503"} <= set(stripe["responses"])
    assert any(parameter["name"] == "Stripe-Signature" for parameter in stripe["parameters"])
    schemas = document["components"]["schemas"]
    assert "requestId" in schemas["ApprovalRequest"]["properties"]
    assert schemas["HubSpotDelivery"]["type"] == "array"
    assert "WhatsAppMessage" in schemas and "Problem" in schemas
    assert paths["/approvals"]["post"]["responses"]["202"]


def test_secrets_are_read_from_the_provider_variables_and_never_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", "whsec_from_env")
    monkeypatch.setenv("FLEET_APPROVALS_SECRET", "approve-me")
    monkeypatch.setenv("FLEET_INGRESS_MESSAGE_TTL", "PT2H")
    monkeypatch.setenv("FLEET_INGRESS_MAX_BODY_BYTES", "2048")
    settings = load_ingress_settings()
    assert settings.stripe_webhook_secret is not None
    assert settings.stripe_webhook_secret.get_secret_value() == "whsec_from_env"
    assert settings.approvals_secret is not None and settings.message_ttl.total_seconds() == 7200
    assert settings.max_body_bytes == 2048
    assert "whsec_from_env" not in repr(settings) and "approve-me" not in str(settings.model_dump())


def test_invalid_settings_name_the_variable_not_the_value(monkeypatch: pytest.MonkeyPatch) -> None:
    from workers.ingress import IngressSettingsError

    monkeypatch.setenv("FLEET_INGRESS_MESSAGE_TTL", "-5")
    monkeypatch.setenv("FLEET_INGRESS_PUBLIC_URL", "hooks.example.com")
    with pytest.raises(IngressSettingsError) as raised:
        load_ingress_settings()
    message = str(raised.value)
    assert "FLEET_INGRESS_MESSAGE_TTL" in message and "FLEET_INGRESS_PUBLIC_URL" in message


async def test_rejections_are_logged_without_secrets_or_bodies(
    captured_logs: list[dict[str, object]],
) -> None:
    settings: IngressSettings = ingress_settings()
    body = b'{"id":"evt_x","type":"t","data":{"object":{}}}'
    async with asgi_client(create_app(settings, RecordingPublisher())) as http:
        await http.post(
            "/webhooks/stripe",
            content=body,
            headers={"Stripe-Signature": stripe_signature("whsec_wrong", body, 1)},
        )
        await http.post("/webhooks/manychat", json={"id": "1"}, headers=MANYCHAT)
    text = json.dumps(captured_logs, default=str)
    assert "ingress.rejected" in text and "invalid-signature" in text
    for secret in SECRETS.values():
        assert secret not in text
    assert "evt_x" not in text


class _HangingPublisher(RecordingPublisher):
    async def publish(self, message: EventMessage) -> PublishResult:
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")


async def test_a_hanging_engine_is_given_up_on_after_the_publish_timeout() -> None:
    app = create_app(ingress_settings(publish_timeout=timedelta(milliseconds=50)), _HangingPublisher())
    async with asgi_client(app) as http:
        response = await http.post("/webhooks/manychat", json={"id": "5"}, headers=MANYCHAT)
    assert is_problem(response, 503, "engine-unavailable")


async def test_the_handshake_is_documented_with_its_query_and_plain_text_answer() -> None:
    async with asgi_client(create_app(ingress_settings(), RecordingPublisher())) as http:
        handshake = (await http.get("/openapi.json")).json()["paths"]["/webhooks/whatsapp"]["get"]
    assert [(p["name"], p["in"]) for p in handshake["parameters"]] == [
        ("hub.mode", "query"),
        ("hub.verify_token", "query"),
        ("hub.challenge", "query"),
    ]
    assert "text/plain" in handshake["responses"]["200"]["content"]
    assert set(handshake["responses"]) == {"200", "403", "503"}
