"""End to end on a real zeebe_lite: webhooks over HTTP start (or correlate with) process instances, once.

The fixture models (tests/fixtures/ingress) have the contract's message start events; the ingress publishes
through pyzeebe's ZeebeClient to the in-process gateway. Every rejection is checked against the engine's
records: no message, no instance.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from ingress_support import SECRETS, ingress_settings, serving
from pydantic import SecretStr

from sandbox import Sandbox, run_sandbox
from sandbox.hubspot import HubSpotEmulator
from sandbox.stripe import StripeEmulator, stripe_signature
from sandbox.whatsapp import WhatsAppEmulator, hub_signature
from workers.ingress import ZeebeMessagePublisher, create_app
from zeebe_lite.records import (
    BpmnElementType,
    MessageIntent,
    ProcessInstanceIntent,
    RecordStream,
    RejectionType,
    ValueType,
)
from zeebe_lite.testing import ZeebeTestEnvironment, root_variables

MODELS = Path(__file__).parents[2] / "fixtures" / "ingress"
MODEL_FILES = [
    MODELS / f"{name}.bpmn"
    for name in (
        "stripe-payment",
        "lead-intake",
        "hubspot-lead-to-manychat",
        "whatsapp-ticket",
        "approval-rpa",
    )
]


@dataclass
class Stack:
    env: ZeebeTestEnvironment
    url: str
    http: httpx.AsyncClient
    sandbox: Sandbox

    def stripe_headers(
        self, body: bytes, *, at: float | None = None, secret: str | None = None
    ) -> dict[str, str]:
        """Signed as the Stripe emulator signs, with its endpoint secret unless another is given."""
        chosen = secret or self.sandbox.credentials["stripe"]["webhook_secret"]
        return {"Stripe-Signature": stripe_signature(chosen, body, int(time.time() if at is None else at))}


@pytest.fixture
async def stack() -> AsyncIterator[Stack]:
    async with run_sandbox(["hubspot", "whatsapp", "openrpa", "stripe"], webhook_retry_delays=()) as sandbox:
        hubspot = sandbox.emulator("hubspot", HubSpotEmulator)
        whatsapp = sandbox.emulator("whatsapp", WhatsAppEmulator)
        settings = ingress_settings(
            hubspot_client_secret=SecretStr(hubspot.client_secret),
            whatsapp_verify_token=SecretStr(whatsapp.verify_token),
            whatsapp_app_secret=SecretStr(whatsapp.app_secret),
            openrpa_callback_secret=SecretStr(sandbox.credentials["openrpa"]["callback_secret"]),
            stripe_webhook_secret=SecretStr(sandbox.credentials["stripe"]["webhook_secret"]),
            max_body_bytes=64 * 1024,
        )
        async with await ZeebeTestEnvironment.start() as env:
            await env.deploy(*MODEL_FILES)
            publisher = ZeebeMessagePublisher(env.client, timedelta(hours=1))
            async with (
                serving(create_app(settings, publisher)) as url,
                httpx.AsyncClient(base_url=url) as http,
            ):
                yield Stack(env, url, http, sandbox)


def _instances(records: RecordStream, process_id: str) -> list[int]:
    started = (
        records.of_type(ValueType.PROCESS_INSTANCE)
        .events()
        .with_intent(ProcessInstanceIntent.ELEMENT_ACTIVATED)
        .filter(
            lambda record: (
                record.value.bpmn_element_type == BpmnElementType.PROCESS
                and record.value.bpmn_process_id == process_id
            )
        )
    )
    return [record.key for record in started]


def _published(records: RecordStream) -> RecordStream:
    return records.of_type(ValueType.MESSAGE).events().with_intent(MessageIntent.PUBLISHED)


def _stripe_event(event_id: str = "evt_e2e_1") -> bytes:
    intent = {
        "id": "pi_e2e_1",
        "object": "payment_intent",
        "amount": 9900,
        "amount_received": 9900,
        "currency": "eur",
        "customer": "cus_e2e",
        "receipt_email": "buyer@example.com",
        "latest_charge": "ch_e2e",
    }
    document = {
        "id": event_id,
        "object": "event",
        "type": "payment_intent.succeeded",
        "data": {"object": intent},
    }
    return json.dumps(document).encode()


async def test_the_same_stripe_event_five_times_starts_one_instance(stack: Stack) -> None:
    body = _stripe_event()
    results = []
    for _ in range(5):
        response = await stack.http.post("/webhooks/stripe", content=body, headers=stack.stripe_headers(body))
        assert response.status_code == 200
        results.append(response.json()["messages"][0]["result"])
    await stack.env.wait_until_idle()
    records = stack.env.records()
    assert results == ["published"] + ["duplicate"] * 4
    [instance] = _instances(records, "stripe-payment")
    assert len(_published(records)) == 1
    duplicates = records.of_type(ValueType.MESSAGE).rejections()
    assert [record.rejection_type for record in duplicates] == [RejectionType.ALREADY_EXISTS] * 4
    [message] = _published(records).values()
    assert (message.name, message.correlation_key, message.message_id) == (
        "stripe.payment-succeeded",
        "pi_e2e_1",
        "stripe:evt_e2e_1",
    )
    assert message.time_to_live == 3_600_000
    variables = root_variables(records, instance)
    assert variables["paymentIntentId"] == "pi_e2e_1" and variables["amount"] == 9900
    assert variables["customerEmail"] == "buyer@example.com" and variables["riskLevel"] is None
    await stack.env.assert_that(instance).is_waiting_at("review")


async def test_refused_requests_leave_no_trace_in_the_engine(stack: Stack) -> None:
    body = _stripe_event("evt_refused")
    oversize = json.dumps({"id": "1", "first_name": "x" * 70_000}).encode()
    manychat = {"X-Fleet-Webhook-Secret": SECRETS["manychat_webhook_secret"]}
    attempts = [
        ("/webhooks/stripe", body.replace(b"9900", b"1"), stack.stripe_headers(body), 401),
        ("/webhooks/stripe", body, stack.stripe_headers(body, at=time.time() - 600), 401),
        ("/webhooks/stripe", body, {}, 401),
        ("/webhooks/stripe", body, stack.stripe_headers(body, secret="whsec_other"), 401),
        ("/webhooks/stripe", b"{oops", stack.stripe_headers(b"{oops"), 400),
        ("/webhooks/manychat", oversize, manychat, 413),
        ("/webhooks/manychat", b'{"first_name": "no id"}', manychat, 422),
        ("/webhooks/manychat", b'{"id": "1"}', {"X-Fleet-Webhook-Secret": "wrong"}, 401),
        (
            "/webhooks/hubspot",
            b"[]",
            {"X-HubSpot-Signature-v3": "x", "X-HubSpot-Request-Timestamp": "1"},
            401,
        ),
        ("/webhooks/whatsapp", b"{}", {"X-Hub-Signature-256": "sha256=00"}, 401),
        ("/webhooks/rpa", b"{}", {}, 401),
        ("/approvals", b'{"requestId": "r"}', {"X-Fleet-Webhook-Secret": SECRETS["approvals_secret"]}, 422),
    ]
    for path, content, headers, status in attempts:
        response = await stack.http.post(path, content=content, headers=headers)
        assert response.status_code == status, (path, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    await stack.env.wait_until_idle()
    records = stack.env.records()
    assert len(records.of_type(ValueType.MESSAGE)) == 0
    assert len(records.of_type(ValueType.PROCESS_INSTANCE)) == 0


async def test_an_ignored_event_starts_nothing(stack: Stack) -> None:
    document = json.loads(_stripe_event("evt_refund"))
    document["type"] = "charge.refunded"
    body = json.dumps(document).encode()
    response = await stack.http.post("/webhooks/stripe", content=body, headers=stack.stripe_headers(body))
    assert response.status_code == 200 and response.json()["status"] == "ignored"
    await stack.env.wait_until_idle()
    assert len(stack.env.records().of_type(ValueType.MESSAGE)) == 0


async def test_hubspot_redeliveries_start_one_instance_per_event(stack: Stack) -> None:
    hubspot = stack.sandbox.emulator("hubspot", HubSpotEmulator)
    target = f"{stack.url}/webhooks/hubspot"
    hubspot.webhook.target_url = target
    async with httpx.AsyncClient(
        base_url=stack.sandbox.base_urls["hubspot"],
        headers={"Authorization": f"Bearer {stack.sandbox.credentials['hubspot']['token']}"},
    ) as api:
        created = await api.post(
            "/crm/v3/objects/contacts", json={"properties": {"email": "lee@example.com"}}
        )
    await stack.sandbox.webhooks.wait_idle()
    [delivery] = stack.sandbox.webhooks.for_source("hubspot")
    for _ in range(4):  # HubSpot retries: same events, signed again
        response = await stack.http.post(
            "/webhooks/hubspot",
            content=delivery.body,
            headers=hubspot.signed_headers("POST", target, delivery.body),
        )
        assert response.json()["messages"][0]["result"] == "duplicate"
    await stack.env.wait_until_idle()
    records = stack.env.records()
    [instance] = _instances(records, "hubspot-lead-to-manychat")
    await stack.env.assert_that(instance).is_completed()
    variables = root_variables(records, instance)
    assert variables["hubspotContactId"] == created.json()["id"]
    assert variables["hubspotSubscriptionType"] == "contact.creation"


async def test_manychat_and_whatsapp_redeliveries_start_one_instance_each(stack: Stack) -> None:
    body = json.dumps({"id": 555, "first_name": "Ana", "email": "ana@example.com"}).encode()
    for _ in range(5):
        response = await stack.http.post(
            "/webhooks/manychat",
            content=body,
            headers={"X-Fleet-Webhook-Secret": SECRETS["manychat_webhook_secret"]},
        )
        assert response.status_code == 200
    whatsapp = stack.sandbox.emulator("whatsapp", WhatsAppEmulator)
    assert await whatsapp.configure_webhook(f"{stack.url}/webhooks/whatsapp")
    payload = whatsapp.inbound("15557654321", caption="broken screen")
    await stack.sandbox.webhooks.wait_idle()
    raw = json.dumps(payload).encode()
    for _ in range(4):
        signed = {"X-Hub-Signature-256": hub_signature(whatsapp.app_secret, raw)}
        assert (await stack.http.post("/webhooks/whatsapp", content=raw, headers=signed)).status_code == 200
    await stack.env.wait_until_idle()
    records = stack.env.records()
    [lead] = _instances(records, "lead-intake")
    [ticket] = _instances(records, "whatsapp-ticket")
    assert root_variables(records, lead)["manychatUserId"] == "555"
    assert root_variables(records, lead)["leadSource"] == "manychat"
    assert root_variables(records, ticket)["whatsappCaption"] == "broken screen"
    assert len(_published(records)) == 2


async def test_an_approval_waits_for_the_robot_and_its_callback_completes_it(stack: Stack) -> None:
    request = {
        "requestId": "REQ-77",
        "requestedBy": "ada",
        "subject": "New supplier",
        "amount": 300,
        "rpaQueue": "invoice-entry",
        "rpaPayload": {"supplier": "ACME"},
    }
    approvals = {"X-Fleet-Webhook-Secret": SECRETS["approvals_secret"]}
    assert (await stack.http.post("/approvals", json=request, headers=approvals)).status_code == 202
    await stack.env.wait_until_idle()
    [instance] = _instances(stack.env.records(), "approval-rpa")
    await stack.env.assert_that(instance).is_waiting_at("bot-finished")

    environment = stack.sandbox.environment()
    async with httpx.AsyncClient(
        base_url=environment["OPENRPA_BASE_URL"],
        headers={"Authorization": f"Bearer {environment['OPENRPA_TOKEN']}"},
    ) as openrpa:
        pushed = await openrpa.post(
            "/api/workitems",
            json={
                "wiq": "invoice-entry",
                "name": "New supplier",
                "payload": request["rpaPayload"],
                "callbackUrl": f"{stack.url}/webhooks/rpa",
                "correlationId": "REQ-77",
            },
        )
    assert pushed.status_code == 201
    await stack.env.assert_that(instance).is_completed()
    variables = root_variables(stack.env.records(), instance)
    assert variables["rpaState"] == "successful" and variables["rpaResult"]["supplier"] == "ACME"
    assert variables["approvalAmount"] == 300 and variables["rpaWorkitemId"] == pushed.json()["_id"]


async def test_a_payment_made_on_the_stripe_emulator_starts_its_instance(stack: Stack) -> None:
    stripe = stack.sandbox.emulator("stripe", StripeEmulator)
    stripe.add_webhook_endpoint(f"{stack.url}/webhooks/stripe")
    async with httpx.AsyncClient(
        base_url=stack.sandbox.base_urls["stripe"],
        headers={"Authorization": f"Bearer {stack.sandbox.credentials['stripe']['api_key']}"},
    ) as api:
        paid = await api.post(
            "/v1/payment_intents",
            data={"amount": "1999", "currency": "chf", "payment_method": "pm_card_visa", "confirm": "true"},
        )
    await stack.sandbox.webhooks.wait_idle()
    await stack.env.wait_until_idle()
    records = stack.env.records()
    [instance] = _instances(records, "stripe-payment")
    variables = root_variables(records, instance)
    assert variables["paymentIntentId"] == paid.json()["id"]
    assert (variables["amount"], variables["currency"]) == (1999, "chf")
    assert len(_published(records)) == 1  # charge.succeeded and payment_intent.created were ignored


async def test_readiness_asks_the_real_gateway(stack: Stack) -> None:
    ready = await stack.http.get("/readyz")
    assert ready.status_code == 200 and ready.json()["ready"] is True
