import base64
import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from webhook_receiver import Receiver

from sandbox import Sandbox, run_sandbox
from sandbox.hubspot import HubSpotEmulator


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with run_sandbox(["hubspot"]) as running:
        yield running


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    environment = sandbox.environment()
    async with httpx.AsyncClient(
        base_url=environment["HUBSPOT_BASE_URL"],
        headers={"Authorization": f"Bearer {environment['HUBSPOT_TOKEN']}"},
    ) as http:
        yield http


def upsert(email: str, trace: str | None = None, **properties: str) -> dict[str, object]:
    item: dict[str, object] = {"idProperty": "email", "id": email, "properties": properties}
    if trace is not None:
        item["objectWriteTraceId"] = trace
    return item


async def test_requests_without_a_valid_token_get_401(sandbox: Sandbox) -> None:
    base = sandbox.base_urls["hubspot"]
    async with httpx.AsyncClient(base_url=base) as anonymous:
        missing = await anonymous.get("/crm/v3/objects/contacts")
        wrong = await anonymous.get("/crm/v3/objects/contacts", headers={"Authorization": "Bearer nope"})
    for answer in (missing, wrong):
        assert answer.status_code == 401
        assert answer.json()["category"] == "INVALID_AUTHENTICATION"
        assert answer.json()["status"] == "error"


async def test_batch_upsert_creates_then_updates_by_email(client: httpx.AsyncClient) -> None:
    created = await client.post(
        "/crm/v3/objects/contacts/batch/upsert",
        json={"inputs": [upsert("Jane@Example.com", firstname="Jane", lifecyclestage="lead")]},
    )
    assert created.status_code == 200
    body = created.json()
    assert body["status"] == "COMPLETE"
    first = body["results"][0]
    assert first["new"] is True
    assert first["properties"]["email"] == "jane@example.com"
    updated = await client.post(
        "/crm/objects/2026-03/contacts/batch/upsert",
        json={"inputs": [upsert("jane@example.com", hs_lead_status="OPEN")]},
    )
    second = updated.json()["results"][0]
    assert second["new"] is False and second["id"] == first["id"]
    read = await client.get(
        f"/crm/v3/objects/contacts/{first['id']}", params={"properties": "firstname,hs_lead_status"}
    )
    assert read.json()["properties"] == {"firstname": "Jane", "hs_lead_status": "OPEN"}
    by_email = await client.get("/crm/v3/objects/contacts/jane@example.com", params={"idProperty": "email"})
    assert by_email.json()["id"] == first["id"]


async def test_invalid_properties_fail_the_whole_batch_with_400(client: httpx.AsyncClient) -> None:
    answer = await client.post(
        "/crm/v3/objects/contacts/batch/upsert",
        json={
            "inputs": [
                upsert("ok@example.com", firstname="Ok"),
                upsert("bad@example.com", lifecyclestage="Lead", favourite_colour="blue"),
            ]
        },
    )
    assert answer.status_code == 400
    error = answer.json()
    assert error["category"] == "VALIDATION_ERROR"
    assert {item["code"] for item in error["errors"]} == {"INVALID_OPTION", "PROPERTY_DOESNT_EXIST"}
    assert error["message"].startswith("Property values were not valid")
    listed = await client.get("/crm/v3/objects/contacts")
    assert listed.json()["results"] == []


async def test_object_write_trace_ids_give_a_multi_status_answer(client: httpx.AsyncClient) -> None:
    answer = await client.post(
        "/crm/v3/objects/contacts/batch/upsert",
        json={
            "inputs": [
                upsert("ok@example.com", "t-1", firstname="Ok"),
                upsert("bad@example.com", "t-2", hs_lead_status="MAYBE"),
            ]
        },
    )
    assert answer.status_code == 207
    body = answer.json()
    assert body["numErrors"] == 1
    assert body["errors"][0]["context"] == {"objectWriteTraceId": ["t-2"]}
    assert [result["objectWriteTraceId"] for result in body["results"]] == ["t-1"]


async def test_create_conflicts_on_an_existing_email(client: httpx.AsyncClient) -> None:
    first = await client.post("/crm/v3/objects/contacts", json={"properties": {"email": "a@example.com"}})
    assert first.status_code == 201
    again = await client.post("/crm/v3/objects/contacts", json={"properties": {"email": "A@example.com"}})
    assert again.status_code == 409
    assert again.json()["message"] == f"Contact already exists. Existing ID: {first.json()['id']}"
    read_only = await client.patch(
        f"/crm/v3/objects/contacts/{first.json()['id']}", json={"properties": {"createdate": "x"}}
    )
    assert read_only.json()["errors"][0]["code"] == "READ_ONLY_VALUE"
    missing = await client.get("/crm/v3/objects/contacts/999999")
    assert missing.status_code == 404 and missing.json()["category"] == "OBJECT_NOT_FOUND"


async def test_search_filters_sorts_and_pages(client: httpx.AsyncClient) -> None:
    for index in range(3):
        await client.post(
            "/crm/v3/objects/contacts",
            json={
                "properties": {
                    "email": f"p{index}@example.com",
                    "firstname": f"P{index}",
                    "lifecyclestage": "lead",
                }
            },
        )
    await client.post(
        "/crm/v3/objects/contacts",
        json={"properties": {"email": "c@example.com", "lifecyclestage": "customer"}},
    )
    query = {
        "filterGroups": [
            {"filters": [{"propertyName": "lifecyclestage", "operator": "EQ", "value": "lead"}]}
        ],
        "sorts": [{"propertyName": "email", "direction": "DESCENDING"}],
        "properties": ["email"],
        "limit": 2,
    }
    page = (await client.post("/crm/v3/objects/contacts/search", json=query)).json()
    assert page["total"] == 3
    assert [result["properties"]["email"] for result in page["results"]] == [
        "p2@example.com",
        "p1@example.com",
    ]
    rest = (
        await client.post(
            "/crm/v3/objects/contacts/search", json={**query, "after": page["paging"]["next"]["after"]}
        )
    ).json()
    assert [result["properties"]["email"] for result in rest["results"]] == ["p0@example.com"]
    assert "paging" not in rest
    bad = await client.post(
        "/crm/v3/objects/contacts/search",
        json={"filterGroups": [{"filters": [{"propertyName": "email", "operator": "LIKE", "value": "x"}]}]},
    )
    assert bad.status_code == 400


async def test_responses_carry_rate_limit_headers_and_429_has_the_real_body(
    client: httpx.AsyncClient,
) -> None:
    answer = await client.get("/crm/v3/objects/contacts")
    assert answer.headers["X-HubSpot-RateLimit-Max"] == "190"
    assert answer.headers["X-HubSpot-RateLimit-Remaining"] == "189"
    assert answer.headers["X-HubSpot-RateLimit-Interval-Milliseconds"] == "10000"
    assert answer.headers["X-HubSpot-RateLimit-Daily"] == "650000"
    await client.put("/__sandbox/rate-limits", json={"ten_secondly": {"limit": 1}})
    await client.get("/crm/v3/objects/contacts")
    limited = await client.get("/crm/v3/objects/contacts")
    assert limited.status_code == 429
    body = limited.json()
    assert body["errorType"] == "RATE_LIMIT" and body["policyName"] == "TEN_SECONDLY_ROLLING"
    assert int(limited.headers["Retry-After"]) >= 1


async def test_search_has_its_own_limit(client: httpx.AsyncClient) -> None:
    statuses = [(await client.post("/crm/v3/objects/contacts/search", json={})).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


async def test_custom_properties_are_created_through_the_api(client: httpx.AsyncClient) -> None:
    created = await client.post(
        "/crm/v3/properties/contacts",
        json={
            "name": "lead_score",
            "label": "Lead score",
            "type": "number",
            "fieldType": "number",
            "groupName": "contactinformation",
        },
    )
    assert created.status_code == 201
    ok = await client.post(
        "/crm/v3/objects/contacts", json={"properties": {"email": "s@example.com", "lead_score": 7}}
    )
    assert ok.json()["properties"]["lead_score"] == "7"
    duplicate = await client.post(
        "/crm/v3/properties/contacts", json={"name": "lead_score", "label": "x", "type": "number"}
    )
    assert duplicate.status_code == 409


async def test_contact_changes_are_sent_as_v3_signed_webhooks(
    sandbox: Sandbox, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    await client.put("/__sandbox/hubspot/webhooks", json={"target_url": receiver.url})
    await client.post("/crm/v3/objects/contacts", json={"properties": {"email": "w@example.com"}})
    (delivery,) = await receiver.wait_for(1)
    events = json.loads(delivery.body)
    assert events[0]["subscriptionType"] == "contact.creation"
    timestamp = delivery.headers["x-hubspot-request-timestamp"]
    secret = sandbox.credentials["hubspot"]["client_secret"]
    source = b"POST" + receiver.url.encode() + delivery.body + timestamp.encode()
    expected = base64.b64encode(hmac.new(secret.encode(), source, hashlib.sha256).digest()).decode()
    assert delivery.headers["x-hubspot-signature-v3"] == expected
    assert sandbox.emulator("hubspot", HubSpotEmulator).find_by_email("w@example.com") == str(
        events[0]["objectId"]
    )


async def test_redeliveries_count_attempts_and_are_signed_anew(
    sandbox: Sandbox, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    receiver.statuses = [503]
    await client.put("/__sandbox/hubspot/webhooks", json={"target_url": receiver.url})
    await client.post("/crm/v3/objects/contacts", json={"properties": {"email": "r@example.com"}})
    first, second = await receiver.wait_for(2)
    assert [json.loads(delivery.body)[0]["attemptNumber"] for delivery in (first, second)] == [0, 1]
    secret = sandbox.credentials["hubspot"]["client_secret"]
    source = (
        b"POST" + receiver.url.encode() + second.body + second.headers["x-hubspot-request-timestamp"].encode()
    )
    expected = base64.b64encode(hmac.new(secret.encode(), source, hashlib.sha256).digest()).decode()
    assert second.headers["x-hubspot-signature-v3"] == expected


# --- search paging: limit (at most 200) and the paging.next.after cursor

SEARCH = "/crm/v3/objects/contacts/search"
LEADS = {
    "filterGroups": [{"filters": [{"propertyName": "lifecyclestage", "operator": "EQ", "value": "lead"}]}]
}


def seed(sandbox: Sandbox, count: int, stage: str = "lead") -> set[str]:
    hubspot = sandbox.emulator("hubspot", HubSpotEmulator)
    return {
        hubspot.seed_contact({"email": f"{stage}{index}@example.com", "lifecyclestage": stage})
        for index in range(count)
    }


async def search(client: httpx.AsyncClient, **body: Any) -> dict[str, Any]:
    answer = await client.post(SEARCH, json={**LEADS, **body})
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


async def test_pages_of_200_follow_the_after_cursor_to_every_match(
    sandbox: Sandbox, client: httpx.AsyncClient
) -> None:
    leads = seed(sandbox, 450)
    seed(sandbox, 3, stage="customer")

    pages = [await search(client, limit=200)]
    while "paging" in pages[-1]:
        pages.append(await search(client, limit=200, after=pages[-1]["paging"]["next"]["after"]))

    assert [len(page["results"]) for page in pages] == [200, 200, 50]
    assert {page["total"] for page in pages} == {450}
    ids = [result["id"] for page in pages for result in page["results"]]
    assert len(ids) == len(set(ids)) and set(ids) == leads


async def test_the_default_page_is_10_and_more_than_200_is_refused(
    sandbox: Sandbox, client: httpx.AsyncClient
) -> None:
    seed(sandbox, 12)
    first = await search(client)
    assert len(first["results"]) == 10 and first["total"] == 12 and first["paging"]["next"]["after"]
    too_many = await client.post(SEARCH, json={**LEADS, "limit": 201})
    assert too_many.status_code == 400 and too_many.json()["category"] == "VALIDATION_ERROR"


async def test_the_last_full_page_has_no_next_cursor(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    seed(sandbox, 4)
    first = await search(client, limit=2)
    last = await search(client, limit=2, after=first["paging"]["next"]["after"])
    assert len(last["results"]) == 2 and "paging" not in last


async def test_no_match_is_an_empty_page_without_cursor(client: httpx.AsyncClient) -> None:
    empty = await search(client, limit=200)
    assert empty == {"total": 0, "results": []}


async def test_a_zero_limit_counts_without_offering_a_cursor_that_never_moves(
    sandbox: Sandbox, client: httpx.AsyncClient
) -> None:
    seed(sandbox, 3)
    counted = await search(client, limit=0)
    assert counted == {"total": 3, "results": []}


@pytest.mark.parametrize("after", ["-1", "abc", True])
async def test_an_invalid_cursor_is_a_validation_error(client: httpx.AsyncClient, after: Any) -> None:
    answer = await client.post(SEARCH, json={**LEADS, "after": after})
    assert answer.status_code == 400 and answer.json()["category"] == "VALIDATION_ERROR"
