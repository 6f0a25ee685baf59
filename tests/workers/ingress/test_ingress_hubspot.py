"""POST /webhooks/hubspot: the HubSpot emulator's v3-signed event arrays, the 5-minute window, refusals."""

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
from sandbox.hubspot import HubSpotEmulator
from workers.ingress import create_app

URL = "http://ingress.test/webhooks/hubspot"


def _event(event_id: int = 7, kind: str = "contact.propertyChange", **extra: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "eventId": event_id,
        "subscriptionId": 2,
        "portalId": 62515,
        "appId": 54321,
        "occurredAt": 1_700_000_000_000,
        "subscriptionType": kind,
        "attemptNumber": 0,
        "objectId": 1001,
        "changeSource": "CRM_UI",
    }
    if kind == "contact.propertyChange":
        event |= {"propertyName": "lifecyclestage", "propertyValue": "lead"}
    return event | extra


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with run_sandbox(["hubspot"], webhook_retry_delays=(timedelta(milliseconds=20),)) as running:
        yield running


@pytest.fixture
def emulator(sandbox: Sandbox) -> HubSpotEmulator:
    return sandbox.emulator("hubspot", HubSpotEmulator)


@pytest.fixture
def publisher() -> RecordingPublisher:
    return RecordingPublisher()


@pytest.fixture
async def client(
    emulator: HubSpotEmulator, publisher: RecordingPublisher
) -> AsyncIterator[httpx.AsyncClient]:
    settings = ingress_settings(hubspot_client_secret=SecretStr(emulator.client_secret))
    async with asgi_client(create_app(settings, publisher)) as http:
        yield http


async def test_contact_creation_and_change_through_the_emulator_become_messages(
    sandbox: Sandbox, emulator: HubSpotEmulator
) -> None:
    publisher = RecordingPublisher()
    settings = ingress_settings(hubspot_client_secret=SecretStr(emulator.client_secret))
    async with serving(create_app(settings, publisher)) as ingress_url:
        emulator.webhook.target_url = f"{ingress_url}/webhooks/hubspot"
        async with httpx.AsyncClient(
            base_url=sandbox.base_urls["hubspot"],
            headers={"Authorization": f"Bearer {sandbox.credentials['hubspot']['token']}"},
        ) as hubspot:
            created = await hubspot.post(
                "/crm/v3/objects/contacts", json={"properties": {"email": "jane@example.com"}}
            )
            contact_id = created.json()["id"]
            await hubspot.patch(
                f"/crm/v3/objects/contacts/{contact_id}", json={"properties": {"lifecyclestage": "lead"}}
            )
        await publisher.wait_for(2)
        await sandbox.webhooks.wait_idle()
    deliveries = sandbox.webhooks.for_source("hubspot")
    assert all(delivery.attempts[-1].status == 200 for delivery in deliveries)
    creation, change = publisher.messages
    assert creation.name == change.name == "hubspot.contact-changed"
    assert creation.correlation_key == change.correlation_key == contact_id
    assert creation.variables == {
        "hubspotContactId": contact_id,
        "hubspotSubscriptionType": "contact.creation",
        "hubspotPropertyName": None,
        "hubspotPropertyValue": None,
        "hubspotEventId": creation.message_id.removeprefix("hubspot:"),
    }
    assert change.variables["hubspotSubscriptionType"] == "contact.propertyChange"
    assert (change.variables["hubspotPropertyName"], change.variables["hubspotPropertyValue"]) == (
        "lifecyclestage",
        "lead",
    )
    assert creation.message_id != change.message_id


async def test_a_batch_publishes_each_handled_event_and_skips_the_rest(
    client: httpx.AsyncClient, emulator: HubSpotEmulator, publisher: RecordingPublisher
) -> None:
    body = json.dumps(
        [_event(1, "contact.creation"), _event(2), _event(3, "contact.deletion"), _event(2)]
    ).encode()
    response = await client.post(
        "/webhooks/hubspot", content=body, headers=emulator.signed_headers("POST", URL, body)
    )
    assert response.status_code == 200
    assert [item["result"] for item in response.json()["messages"]] == ["published", "published", "duplicate"]
    assert [message.message_id for message in publisher.messages] == ["hubspot:1", "hubspot:2"]


async def test_only_unhandled_subscription_types_are_ignored(
    client: httpx.AsyncClient, emulator: HubSpotEmulator, publisher: RecordingPublisher
) -> None:
    body = json.dumps([_event(9, "contact.deletion")]).encode()
    response = await client.post(
        "/webhooks/hubspot", content=body, headers=emulator.signed_headers("POST", URL, body)
    )
    assert response.status_code == 200 and response.json()["status"] == "ignored"
    assert "contact.deletion" in response.json()["reason"] and publisher.messages == []


async def test_signatures_older_than_five_minutes_are_refused(
    sandbox: Sandbox, emulator: HubSpotEmulator, publisher: RecordingPublisher
) -> None:
    settings = ingress_settings(hubspot_client_secret=SecretStr(emulator.client_secret))
    body = json.dumps([_event()]).encode()
    headers = emulator.signed_headers("POST", URL, body)
    late = create_app(settings, publisher, now=lambda: time.time() + 301)
    in_time = create_app(settings, publisher, now=lambda: time.time() + 290)
    async with asgi_client(late) as http:
        assert is_problem(
            await http.post("/webhooks/hubspot", content=body, headers=headers), 401, "expired-signature"
        )
    assert publisher.messages == []
    async with asgi_client(in_time) as http:
        assert (await http.post("/webhooks/hubspot", content=body, headers=headers)).status_code == 200
    assert len(publisher.messages) == 1


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (lambda h, b: ({k: v for k, v in h.items() if k != "X-HubSpot-Signature-v3"}, b), "missing-signature"),
        (lambda h, b: ({k: v for k, v in h.items() if k != "X-HubSpot-Request-Timestamp"}, b), "missing-signature"),
        (lambda h, b: (h, b.replace(b"lead", b"customer")), "invalid-signature"),
        (lambda h, b: (h | {"X-HubSpot-Request-Timestamp": str(int(h["X-HubSpot-Request-Timestamp"]) + 1)}, b),
         "invalid-signature"),
    ],
)  # fmt: skip
async def test_tampered_or_missing_signatures_are_refused(
    client: httpx.AsyncClient,
    emulator: HubSpotEmulator,
    publisher: RecordingPublisher,
    tamper: Any,
    reason: str,
) -> None:
    body = json.dumps([_event()]).encode()
    headers, sent = tamper(emulator.signed_headers("POST", URL, body), body)
    response = await client.post("/webhooks/hubspot", content=sent, headers=headers)
    assert is_problem(response, 401, reason) and publisher.messages == []


async def test_a_signature_for_another_url_is_refused_unless_it_is_the_public_url(
    emulator: HubSpotEmulator, publisher: RecordingPublisher
) -> None:
    public = "https://hooks.example.com"
    body = json.dumps([_event()]).encode()
    headers = emulator.signed_headers("POST", f"{public}/webhooks/hubspot?app=fleet", body)
    secret = SecretStr(emulator.client_secret)
    async with asgi_client(create_app(ingress_settings(hubspot_client_secret=secret), publisher)) as http:
        response = await http.post("/webhooks/hubspot?app=fleet", content=body, headers=headers)
        assert is_problem(response, 401, "invalid-signature")
    behind_proxy = ingress_settings(hubspot_client_secret=secret, public_url=public)
    async with asgi_client(create_app(behind_proxy, publisher)) as http:
        assert (
            await http.post("/webhooks/hubspot?app=fleet", content=body, headers=headers)
        ).status_code == 200
    assert len(publisher.messages) == 1


@pytest.mark.parametrize(
    ("document", "status", "reason"),
    [
        (b"[{", 400, "malformed-json"),
        (json.dumps({"eventId": 1}).encode(), 422, "invalid-payload"),
        (json.dumps([{"eventId": "x", "subscriptionType": "contact.creation", "objectId": 1}]).encode(), 422,
         "invalid-payload"),
        (json.dumps([_event(i) for i in range(101)]).encode(), 422, "invalid-payload"),
    ],
)  # fmt: skip
async def test_signed_but_invalid_deliveries_are_refused(
    client: httpx.AsyncClient,
    emulator: HubSpotEmulator,
    publisher: RecordingPublisher,
    document: bytes,
    status: int,
    reason: str,
) -> None:
    response = await client.post(
        "/webhooks/hubspot", content=document, headers=emulator.signed_headers("POST", URL, document)
    )
    assert is_problem(response, status, reason) and publisher.messages == []
