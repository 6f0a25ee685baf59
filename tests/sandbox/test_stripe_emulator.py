import asyncio
import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from webhook_receiver import Receiver

from sandbox import Sandbox, run_sandbox
from sandbox.stripe import StripeEmulator, parse_stripe_form


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with run_sandbox(["stripe"], webhook_retry_delays=(timedelta(milliseconds=20),)) as running:
        yield running


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    environment = sandbox.environment()
    async with httpx.AsyncClient(
        base_url=environment["STRIPE_BASE_URL"],
        headers={"Authorization": f"Bearer {environment['STRIPE_API_KEY']}"},
    ) as http:
        yield http


def test_form_brackets_nest_into_objects_and_lists() -> None:
    parsed = parse_stripe_form(
        [
            ("metadata[order]", "7"),
            ("line_items[0][price_data][currency]", "eur"),
            ("line_items[0][quantity]", "2"),
            ("line_items[1][quantity]", "1"),
            ("payment_method_types[]", "card"),
        ]
    )
    assert parsed == {
        "metadata": {"order": "7"},
        "line_items": [{"price_data": {"currency": "eur"}, "quantity": "2"}, {"quantity": "1"}],
        "payment_method_types": ["card"],
    }


async def test_keys_are_checked_as_bearer_or_basic(sandbox: Sandbox) -> None:
    base = sandbox.base_urls["stripe"]
    key = sandbox.credentials["stripe"]["api_key"]
    async with httpx.AsyncClient(base_url=base) as http:
        missing = await http.get("/v1/customers")
        wrong = await http.get("/v1/customers", headers={"Authorization": "Bearer sk_test_wrongwrongwrong"})
        basic = await http.get("/v1/customers", auth=(key, ""))
    assert missing.status_code == 401 and "did not provide an API key" in missing.json()["error"]["message"]
    assert wrong.status_code == 401 and wrong.json()["error"]["type"] == "invalid_request_error"
    assert basic.status_code == 200 and basic.json()["object"] == "list"
    assert basic.headers["Request-Id"].startswith("req_")


async def test_idempotency_key_replays_the_first_answer(client: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "lead-42/create-customer"}
    data = {"email": "jane@example.com", "metadata[leadId]": "42"}
    first = await client.post("/v1/customers", data=data, headers=headers)
    replay = await client.post("/v1/customers", data=data, headers=headers)
    assert replay.status_code == 200
    assert replay.json() == first.json()
    assert replay.headers["Idempotent-Replayed"] == "true"
    listed = await client.get("/v1/customers", params={"email": "jane@example.com"})
    assert len(listed.json()["data"]) == 1
    other = await client.post("/v1/customers", data={"email": "other@example.com"}, headers=headers)
    assert other.status_code == 400
    assert other.json()["error"]["type"] == "idempotency_error"


async def test_failures_after_execution_are_replayed_but_validation_errors_are_not(
    client: httpx.AsyncClient,
) -> None:
    declined = {
        "amount": "2000",
        "currency": "eur",
        "payment_method": "pm_card_chargeDeclined",
        "confirm": "true",
    }
    first = await client.post("/v1/payment_intents", data=declined, headers={"Idempotency-Key": "pay-1"})
    assert first.status_code == 402
    assert first.json()["error"]["code"] == "card_declined"
    again = await client.post("/v1/payment_intents", data=declined, headers={"Idempotency-Key": "pay-1"})
    assert again.status_code == 402 and again.headers["Idempotent-Replayed"] == "true"
    invalid = await client.post(
        "/v1/payment_intents", data={"currency": "eur"}, headers={"Idempotency-Key": "pay-2"}
    )
    assert invalid.status_code == 400 and invalid.json()["error"]["code"] == "parameter_missing"
    fixed = await client.post(
        "/v1/payment_intents",
        data={"amount": "2000", "currency": "eur"},
        headers={"Idempotency-Key": "pay-2"},
    )
    assert fixed.status_code == 200 and fixed.json()["status"] == "requires_payment_method"


async def test_concurrent_requests_with_one_key_conflict(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    sandbox.emulator("stripe", StripeEmulator).processing_delay = timedelta(milliseconds=300)
    headers = {"Idempotency-Key": "same"}
    first, second = await asyncio.gather(
        client.post("/v1/customers", data={"email": "a@example.com"}, headers=headers),
        client.post("/v1/customers", data={"email": "a@example.com"}, headers=headers),
    )
    assert sorted([first.status_code, second.status_code]) == [200, 409]
    conflict = first if first.status_code == 409 else second
    assert conflict.json()["error"]["type"] == "idempotency_error"


async def test_idempotency_keys_expire_after_24_hours(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "old"}
    first = await client.post("/v1/customers", data={"email": "a@example.com"}, headers=headers)
    sandbox.clock.advance(timedelta(hours=24))
    fresh = await client.post("/v1/customers", data={"email": "b@example.com"}, headers=headers)
    assert fresh.status_code == 200 and fresh.json()["id"] != first.json()["id"]


async def test_unknown_parameters_and_json_bodies_are_rejected(client: httpx.AsyncClient) -> None:
    unknown = await client.post("/v1/customers", data={"emial": "x"})
    assert (
        unknown.json()["error"]["code"] == "parameter_unknown" and unknown.json()["error"]["param"] == "emial"
    )
    as_json = await client.post("/v1/customers", json={"email": "x"})
    assert as_json.status_code == 400
    missing = await client.get("/v1/customers/cus_nope")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "resource_missing"


async def test_paid_checkout_sends_signed_events(
    sandbox: Sandbox, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    endpoint = await client.post(
        "/v1/webhook_endpoints", data={"url": receiver.url, "enabled_events[]": "checkout.session.completed"}
    )
    secret = endpoint.json()["secret"]
    session = await client.post(
        "/v1/checkout/sessions",
        data={
            "mode": "payment",
            "success_url": "https://example.com/ok",
            "client_reference_id": "lead-7",
            "customer_email": "jane@example.com",
            "line_items[0][price_data][currency]": "eur",
            "line_items[0][price_data][unit_amount]": "4900",
            "line_items[0][price_data][product_data][name]": "Course",
            "line_items[0][quantity]": "1",
        },
    )
    assert session.json()["amount_total"] == 4900 and session.json()["status"] == "open"
    paid = await client.post(session.json()["url"])
    assert paid.status_code == 200
    (delivery,) = await receiver.wait_for(1)
    event = json.loads(delivery.body)
    assert event["type"] == "checkout.session.completed"
    assert event["data"]["object"]["payment_status"] == "paid"
    assert event["data"]["object"]["client_reference_id"] == "lead-7"
    parts = dict(part.split("=", 1) for part in delivery.headers["stripe-signature"].split(","))
    signed = f"{parts['t']}.".encode() + delivery.body
    assert hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest() == parts["v1"]
    intent = await client.get(f"/v1/payment_intents/{event['data']['object']['payment_intent']}")
    assert intent.json()["status"] == "succeeded"
    refund = await client.post("/v1/refunds", data={"payment_intent": intent.json()["id"], "amount": "900"})
    assert refund.json()["status"] == "succeeded"
    too_much = await client.post(
        "/v1/refunds", data={"payment_intent": intent.json()["id"], "amount": "9000"}
    )
    assert too_much.status_code == 400


async def test_failed_webhook_deliveries_are_retried(
    sandbox: Sandbox, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    receiver.statuses = [500]
    sandbox.emulator("stripe", StripeEmulator).add_webhook_endpoint(receiver.url)
    await client.post("/v1/customers", data={"email": "r@example.com"})
    first, second = await receiver.wait_for(2)
    assert first.body == second.body
    await sandbox.webhooks.wait_idle()
    (delivery,) = sandbox.webhooks.for_source("stripe")
    assert [attempt.status for attempt in delivery.attempts] == [500, 200] and delivery.delivered


async def test_rate_limited_requests_get_429(client: httpx.AsyncClient) -> None:
    await client.put("/__sandbox/rate-limits", json={"read": {"limit": 1}})
    await client.get("/v1/customers")
    limited = await client.get("/v1/customers")
    assert limited.status_code == 429
    assert limited.json()["error"]["type"] == "rate_limit_error"
