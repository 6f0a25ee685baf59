"""POST /webhooks/manychat and POST /approvals: shared-secret headers, payload validation, message ids."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from ingress_support import SECRETS, RecordingPublisher, asgi_client, ingress_settings, is_problem

from workers.ingress import create_app

MANYCHAT = {"X-Fleet-Webhook-Secret": SECRETS["manychat_webhook_secret"]}
APPROVALS = {"X-Fleet-Webhook-Secret": SECRETS["approvals_secret"]}


def _subscriber(**changes: Any) -> dict[str, Any]:
    subscriber: dict[str, Any] = {
        "id": 1234567,
        "key": "user:1234567",
        "page_id": 998,
        "first_name": "Jane",
        "last_name": "Doe",
        "email": "jane@example.com",
        "phone": "+15551234567",
        "custom_fields": {"product_interest": "solar", "Country": "DE", "engagement_score": 42},
    }
    return subscriber | changes


@pytest.fixture
def publisher() -> RecordingPublisher:
    return RecordingPublisher()


@pytest.fixture
async def client(publisher: RecordingPublisher) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(create_app(ingress_settings(), publisher)) as http:
        yield http


async def test_a_manychat_subscriber_becomes_a_lead_captured_message(
    client: httpx.AsyncClient, publisher: RecordingPublisher
) -> None:
    response = await client.post("/webhooks/manychat", json=_subscriber(), headers=MANYCHAT)
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    [message] = publisher.messages
    assert message.name == "manychat.lead-captured" and message.correlation_key == "1234567"
    assert message.message_id.startswith("manychat:1234567:")
    assert message.variables == {
        "manychatUserId": "1234567",
        "email": "jane@example.com",
        "firstName": "Jane",
        "lastName": "Doe",
        "phone": "+15551234567",
        "leadSource": "manychat",
        "productInterest": "solar",
        "country": "DE",
        "engagementScore": 42,
    }


async def test_identical_bodies_share_a_message_id_and_changed_bodies_do_not(
    client: httpx.AsyncClient, publisher: RecordingPublisher
) -> None:
    body = json.dumps(_subscriber()).encode()
    results = [
        (await client.post("/webhooks/manychat", content=body, headers=MANYCHAT)).json()["messages"][0][
            "result"
        ]
        for _ in range(5)
    ]
    assert results == ["published"] + ["duplicate"] * 4
    changed = await client.post("/webhooks/manychat", json=_subscriber(first_name="Janet"), headers=MANYCHAT)
    assert changed.json()["messages"][0]["result"] == "published"
    assert (
        len(publisher.messages) == 2 and publisher.messages[0].message_id != publisher.messages[1].message_id
    )


async def test_top_level_lead_fields_and_missing_optional_ones(
    client: httpx.AsyncClient, publisher: RecordingPublisher
) -> None:
    document = {
        "id": "77",
        "whatsapp_phone": "+4915",
        "product_interest": "heat pump",
        "engagement_score": 2.5,
    }
    assert (await client.post("/webhooks/manychat", json=document, headers=MANYCHAT)).status_code == 200
    variables = publisher.messages[0].variables
    assert variables["phone"] == "+4915" and variables["productInterest"] == "heat pump"
    assert variables["engagementScore"] == 2.5 and variables["email"] is None and variables["country"] is None


@pytest.mark.parametrize(
    ("headers", "reason"),
    [({}, "missing-secret"), ({"X-Fleet-Webhook-Secret": "guess"}, "invalid-secret")],
)
async def test_manychat_without_the_shared_secret_is_refused(
    client: httpx.AsyncClient, publisher: RecordingPublisher, headers: dict[str, str], reason: str
) -> None:
    response = await client.post("/webhooks/manychat", json=_subscriber(), headers=headers)
    assert is_problem(response, 401, reason) and publisher.messages == []


@pytest.mark.parametrize(
    ("document", "status", "reason"),
    [
        (b"{", 400, "malformed-json"),
        (json.dumps({"first_name": "no id"}).encode(), 422, "invalid-payload"),
        (json.dumps(_subscriber(email="not-an-email")).encode(), 422, "invalid-payload"),
    ],
)
async def test_malformed_manychat_bodies_are_refused(
    client: httpx.AsyncClient, publisher: RecordingPublisher, document: bytes, status: int, reason: str
) -> None:
    response = await client.post("/webhooks/manychat", content=document, headers=MANYCHAT)
    assert is_problem(response, status, reason) and publisher.messages == []


def _approval(**changes: Any) -> dict[str, Any]:
    request = {
        "requestId": "REQ-2026-0042",
        "requestedBy": "ada@example.com",
        "subject": "Supplier invoice 42",
        "amount": 1250.0,
        "rpaQueue": "invoice-entry",
        "rpaPayload": {"invoiceId": 42},
    }
    return request | changes


async def test_an_approval_request_is_accepted_once(
    client: httpx.AsyncClient, publisher: RecordingPublisher
) -> None:
    first = await client.post("/approvals", json=_approval(), headers=APPROVALS)
    again = await client.post("/approvals", json=_approval(), headers=APPROVALS)
    assert first.status_code == again.status_code == 202
    assert [first.json()["messages"][0]["result"], again.json()["messages"][0]["result"]] == [
        "published",
        "duplicate",
    ]
    [message] = publisher.messages
    assert message.name == "approval.requested" and message.message_id == "approval:REQ-2026-0042"
    assert message.correlation_key == "REQ-2026-0042"
    assert message.variables == {
        "approvalRequestId": "REQ-2026-0042",
        "requestedBy": "ada@example.com",
        "approvalSubject": "Supplier invoice 42",
        "approvalAmount": 1250,
        "rpaQueue": "invoice-entry",
        "rpaPayload": {"invoiceId": 42},
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"requestId": "has spaces"}, "requestId"),
        ({"amount": -1}, "amount"),
        ({"rpaQueue": ""}, "rpaQueue"),
        ({"unexpected": True}, "unexpected"),
    ],
)
async def test_invalid_approval_requests_name_the_field(
    client: httpx.AsyncClient, publisher: RecordingPublisher, changes: dict[str, Any], field: str
) -> None:
    response = await client.post("/approvals", json=_approval(**changes), headers=APPROVALS)
    assert is_problem(response, 422, "invalid-payload") and field in response.json()["detail"]
    assert publisher.messages == []


async def test_approvals_need_their_own_secret(
    client: httpx.AsyncClient, publisher: RecordingPublisher
) -> None:
    response = await client.post("/approvals", json=_approval(), headers=MANYCHAT)
    assert is_problem(response, 401, "invalid-secret") and publisher.messages == []
