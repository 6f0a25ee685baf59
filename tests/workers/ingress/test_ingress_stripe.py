"""POST /webhooks/stripe: the Stripe emulator's signed deliveries, and every way a delivery is refused."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from ingress_support import RecordingPublisher, asgi_client, ingress_settings, is_problem, serving
from pydantic import SecretStr

from sandbox import Sandbox, run_sandbox
from sandbox.stripe import StripeEmulator, stripe_signature
from workers.ingress import create_app

SECRET = "whsec_test_secret"


def _event(event_type: str = "payment_intent.succeeded", **intent: Any) -> dict[str, Any]:
    data = {
        "id": "pi_3Abc",
        "object": "payment_intent",
        "amount": 4200,
        "amount_received": 4200,
        "currency": "EUR",
        "customer": "cus_9",
        "receipt_email": "jane@example.com",
        "latest_charge": "ch_1",
        **intent,
    }
    return {"id": "evt_1Abc", "object": "event", "type": event_type, "created": 1, "data": {"object": data}}


def _signed(body: bytes, *, secret: str = SECRET, at: float | None = None) -> dict[str, str]:
    timestamp = int(time.time() if at is None else at)
    return {"Stripe-Signature": stripe_signature(secret, body, timestamp), "Content-Type": "application/json"}


@pytest.fixture
def publisher() -> RecordingPublisher:
    return RecordingPublisher()


@pytest.fixture
async def client(publisher: RecordingPublisher) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(create_app(ingress_settings(), publisher)) as http:
        yield http


async def test_payment_intent_succeeded_becomes_one_message_with_the_contract_variables(
    client: httpx.AsyncClient, publisher: RecordingPublisher
) -> None:
    body = json.dumps(_event()).encode()
    response = await client.post("/webhooks/stripe", content=body, headers=_signed(body))
    assert response.status_code == 200
    assert response.json() == {
        "status": "accepted",
        "messages": [
            {"name": "stripe.payment-succeeded", "messageId": "stripe:evt_1Abc", "result": "published"}
        ],
    }
    [message] = publisher.messages
    assert message.correlation_key == "pi_3Abc"
    assert message.variables == {
        "stripeEventId": "evt_1Abc",
        "paymentIntentId": "pi_3Abc",
        "amount": 4200,
        "currency": "eur",
        "stripeCustomerId": "cus_9",
        "customerEmail": "jane@example.com",
        "riskLevel": None,
        "riskScore": None,
    }


async def test_risk_and_email_come_from_an_expanded_charge(
    client: httpx.AsyncClient, publisher: RecordingPublisher
) -> None:
    charge = {
        "id": "ch_1",
        "billing_details": {"email": "billing@example.com"},
        "outcome": {"risk_level": "elevated", "risk_score": 67},
    }
    body = json.dumps(_event(receipt_email=None, latest_charge=charge, customer={"id": "cus_2"})).encode()
    assert (await client.post("/webhooks/stripe", content=body, headers=_signed(body))).status_code == 200
    variables = publisher.messages[0].variables
    assert (variables["riskLevel"], variables["riskScore"]) == ("elevated", 67)
    assert (variables["customerEmail"], variables["stripeCustomerId"]) == ("billing@example.com", "cus_2")


async def test_redeliveries_are_duplicates_of_one_message(
    client: httpx.AsyncClient, publisher: RecordingPublisher
) -> None:
    body = json.dumps(_event()).encode()
    results = []
    for _ in range(5):
        response = await client.post("/webhooks/stripe", content=body, headers=_signed(body))
        assert response.status_code == 200
        results.append(response.json()["messages"][0]["result"])
    assert results == ["published", "duplicate", "duplicate", "duplicate", "duplicate"]
    assert len(publisher.messages) == 1


async def test_a_header_with_several_v1_values_is_accepted_during_secret_rotation(
    client: httpx.AsyncClient, publisher: RecordingPublisher
) -> None:
    body = json.dumps(_event()).encode()
    now = int(time.time())
    old = stripe_signature("whsec_previous", body, now)
    current_v1 = stripe_signature(SECRET, body, now).split(",")[1]
    header = f"{old},{current_v1},v0=feedface"
    response = await client.post("/webhooks/stripe", content=body, headers={"Stripe-Signature": header})
    assert response.status_code == 200 and len(publisher.messages) == 1


@pytest.mark.parametrize(
    ("make_headers", "reason"),
    [
        (lambda body: {}, "missing-signature"),
        (lambda body: _signed(body + b" "), "invalid-signature"),
        (lambda body: _signed(body, secret="whsec_wrong"), "invalid-signature"),
        (lambda body: _signed(body, at=time.time() - 301), "expired-signature"),
        (lambda body: {"Stripe-Signature": "garbage"}, "invalid-signature"),
    ],
)
async def test_unverified_deliveries_are_refused_and_publish_nothing(
    client: httpx.AsyncClient, publisher: RecordingPublisher, make_headers: Any, reason: str
) -> None:
    body = json.dumps(_event()).encode()
    response = await client.post("/webhooks/stripe", content=body, headers=make_headers(body))
    assert is_problem(response, 401, reason)
    assert response.json()["instance"] == "/webhooks/stripe"
    assert publisher.messages == []


async def test_a_tampered_body_with_the_original_signature_is_refused(
    client: httpx.AsyncClient, publisher: RecordingPublisher
) -> None:
    original = json.dumps(_event()).encode()
    tampered = json.dumps(_event(amount=1)).encode()
    response = await client.post("/webhooks/stripe", content=tampered, headers=_signed(original))
    assert is_problem(response, 401, "invalid-signature") and publisher.messages == []


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        (b"{not json", 400, "malformed-json"),
        (b"\xff\xfe", 400, "malformed-json"),
        (json.dumps({"id": "nope", "type": "x", "data": {"object": {}}}).encode(), 422, "invalid-payload"),
        (json.dumps(_event(amount=None)).encode(), 422, "invalid-payload"),
        (json.dumps(_event(id="seti_1")).encode(), 422, "invalid-payload"),
        (json.dumps([1, 2]).encode(), 422, "invalid-payload"),
    ],
)
async def test_signed_but_malformed_bodies_are_refused(
    client: httpx.AsyncClient, publisher: RecordingPublisher, body: bytes, status: int, reason: str
) -> None:
    response = await client.post("/webhooks/stripe", content=body, headers=_signed(body))
    assert is_problem(response, status, reason)
    assert publisher.messages == []


@pytest.mark.parametrize("event_type", ["charge.succeeded", "checkout.session.completed", "customer.created"])
async def test_event_types_the_product_does_not_use_are_ignored(
    client: httpx.AsyncClient, publisher: RecordingPublisher, event_type: str
) -> None:
    body = json.dumps(_event(event_type)).encode()
    response = await client.post("/webhooks/stripe", content=body, headers=_signed(body))
    assert response.status_code == 200
    assert response.json()["status"] == "ignored" and event_type in response.json()["reason"]
    assert publisher.messages == []


async def test_without_a_secret_the_endpoint_is_unavailable_and_says_which_variable() -> None:
    publisher = RecordingPublisher()
    app = create_app(ingress_settings(stripe_webhook_secret=None), publisher)
    body = json.dumps(_event()).encode()
    async with asgi_client(app) as http:
        response = await http.post("/webhooks/stripe", content=body, headers=_signed(body))
    assert (
        is_problem(response, 503, "not-configured") and "STRIPE_WEBHOOK_SECRET" in response.json()["detail"]
    )
    assert publisher.messages == []


@pytest.fixture
async def stripe_sandbox() -> AsyncIterator[Sandbox]:
    async with run_sandbox(["stripe"], webhook_retry_delays=(timedelta(milliseconds=20),)) as running:
        yield running


async def test_the_stripe_emulator_delivers_a_payment_over_http(stripe_sandbox: Sandbox) -> None:
    credentials = stripe_sandbox.credentials["stripe"]
    publisher = RecordingPublisher()
    settings = ingress_settings(stripe_webhook_secret=SecretStr(credentials["webhook_secret"]))
    async with serving(create_app(settings, publisher)) as ingress_url:
        emulator = stripe_sandbox.emulator("stripe", StripeEmulator)
        emulator.add_webhook_endpoint(f"{ingress_url}/webhooks/stripe")
        async with httpx.AsyncClient(
            base_url=stripe_sandbox.base_urls["stripe"],
            headers={"Authorization": f"Bearer {credentials['api_key']}"},
        ) as stripe:
            created = await stripe.post(
                "/v1/payment_intents",
                data={
                    "amount": "2500",
                    "currency": "usd",
                    "payment_method": "pm_card_visa",
                    "confirm": "true",
                    "receipt_email": "ada@example.com",
                },
            )
        assert created.status_code == 200 and created.json()["status"] == "succeeded"
        await stripe_sandbox.webhooks.wait_idle()
    deliveries = stripe_sandbox.webhooks.for_source("stripe")
    event_types = sorted(json.loads(delivery.body)["type"] for delivery in deliveries)
    assert event_types == ["charge.succeeded", "payment_intent.created", "payment_intent.succeeded"]
    assert all(delivery.delivered and delivery.attempts[0].status == 200 for delivery in deliveries)
    [message] = publisher.messages
    intent = created.json()
    assert message.name == "stripe.payment-succeeded" and message.correlation_key == intent["id"]
    assert message.variables["amount"] == 2500 and message.variables["currency"] == "usd"
    assert message.variables["customerEmail"] == "ada@example.com"
    succeeded = next(d for d in deliveries if json.loads(d.body)["type"] == "payment_intent.succeeded")
    assert message.message_id == "stripe:" + json.loads(succeeded.body)["id"]


async def test_deliveries_signed_with_another_secret_are_refused_on_every_retry(
    stripe_sandbox: Sandbox,
) -> None:
    credentials = stripe_sandbox.credentials["stripe"]
    publisher = RecordingPublisher()
    async with serving(create_app(ingress_settings(), publisher)) as ingress_url:
        emulator = stripe_sandbox.emulator("stripe", StripeEmulator)
        emulator.add_webhook_endpoint(f"{ingress_url}/webhooks/stripe", ["payment_intent.succeeded"])
        async with httpx.AsyncClient(
            base_url=stripe_sandbox.base_urls["stripe"],
            headers={"Authorization": f"Bearer {credentials['api_key']}"},
        ) as stripe:
            await stripe.post(
                "/v1/payment_intents",
                data={
                    "amount": "900",
                    "currency": "eur",
                    "payment_method": "pm_card_visa",
                    "confirm": "true",
                },
            )
        await stripe_sandbox.webhooks.wait_idle()
    [delivery] = stripe_sandbox.webhooks.for_source("stripe")
    assert [attempt.status for attempt in delivery.attempts] == [401, 401]
    assert publisher.messages == []
