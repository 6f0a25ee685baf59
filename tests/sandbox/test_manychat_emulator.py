from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from sandbox import Sandbox, run_sandbox
from sandbox.manychat import ManyChatEmulator


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with run_sandbox(["manychat"]) as running:
        yield running


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    environment = sandbox.environment()
    async with httpx.AsyncClient(
        base_url=environment["MANYCHAT_BASE_URL"],
        headers={"Authorization": f"Bearer {environment['MANYCHAT_TOKEN']}"},
    ) as http:
        yield http


@pytest.fixture
def subscriber(sandbox: Sandbox) -> str:
    return sandbox.emulator("manychat", ManyChatEmulator).add_subscriber(
        email="jane@example.com", first_name="Jane"
    )


def content(*messages: dict[str, Any], actions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "version": "v2",
        "content": {"messages": list(messages), "actions": actions or [], "quick_replies": []},
    }


async def test_send_content_runs_its_actions(
    sandbox: Sandbox, client: httpx.AsyncClient, subscriber: str
) -> None:
    answer = await client.post(
        "/fb/sending/sendContent",
        json={
            "subscriber_id": int(subscriber),
            "data": content(
                {
                    "type": "text",
                    "text": "Hi!",
                    "buttons": [{"type": "url", "caption": "Pay", "url": "https://x"}],
                },
                actions=[
                    {"action": "add_tag", "tag_name": "lead"},
                    {"action": "set_field_value", "field_name": "lead_score", "value": 7},
                ],
            ),
        },
    )
    assert answer.status_code == 200 and answer.json() == {"status": "success"}
    record = sandbox.emulator("manychat", ManyChatEmulator).subscriber(subscriber)
    assert record is not None
    assert [tag["name"] for tag in record["tags"]] == ["lead"]
    assert {field["name"]: field["value"] for field in record["custom_fields"]}["lead_score"] == 7


async def test_closed_24_hour_window_needs_a_message_tag(
    sandbox: Sandbox, client: httpx.AsyncClient, subscriber: str
) -> None:
    sandbox.clock.advance(timedelta(hours=25))
    message = {"subscriber_id": int(subscriber), "data": content({"type": "text", "text": "Late"})}
    closed = await client.post("/fb/sending/sendContent", json=message)
    assert closed.status_code == 400
    assert closed.json()["status"] == "error" and closed.json()["code"] == 3011
    tagged = await client.post("/fb/sending/sendContent", json={**message, "message_tag": "ACCOUNT_UPDATE"})
    assert tagged.status_code == 200


async def test_dynamic_block_limits_are_validated(client: httpx.AsyncClient, subscriber: str) -> None:
    too_many = content(*({"type": "text", "text": str(index)} for index in range(11)))
    answer = await client.post(
        "/fb/sending/sendContent", json={"subscriber_id": int(subscriber), "data": too_many}
    )
    assert answer.status_code == 400
    assert answer.json()["details"]["messages"][0]["message"] == "Messages count can not be more than 10"
    wrong_version = {"version": "v1", "content": {"messages": []}}
    assert (
        await client.post(
            "/fb/sending/sendContent", json={"subscriber_id": int(subscriber), "data": wrong_version}
        )
    ).status_code == 400


async def test_custom_fields_are_typed(client: httpx.AsyncClient, subscriber: str) -> None:
    ok = await client.post(
        "/fb/subscriber/setCustomFieldByName",
        json={"subscriber_id": int(subscriber), "field_name": "LEAD_SCORE", "field_value": 9},
    )
    assert ok.json() == {"status": "success"}
    wrong = await client.post(
        "/fb/subscriber/setCustomFieldByName",
        json={"subscriber_id": int(subscriber), "field_name": "lead_score", "field_value": "nine"},
    )
    assert wrong.status_code == 400 and "details" in wrong.json()
    found = await client.get("/fb/subscriber/findByCustomField", params={"field_id": 1, "field_value": "9"})
    assert [item["id"] for item in found.json()["data"]] == [subscriber]


async def test_find_by_system_field_and_get_info(client: httpx.AsyncClient, subscriber: str) -> None:
    found = await client.get("/fb/subscriber/findBySystemField", params={"email": "JANE@example.com"})
    assert found.json()["data"]["id"] == subscriber
    both = await client.get(
        "/fb/subscriber/findBySystemField", params={"email": "a@b.co", "phone": "+15550001111"}
    )
    assert both.status_code == 400
    info = await client.get("/fb/subscriber/getInfo", params={"subscriber_id": subscriber})
    assert info.json()["data"]["first_name"] == "Jane"
    missing = await client.get("/fb/subscriber/getInfo", params={"subscriber_id": "1"})
    assert missing.status_code == 400


async def test_create_subscriber_and_tags(client: httpx.AsyncClient) -> None:
    created = await client.post(
        "/fb/subscriber/createSubscriber",
        json={"first_name": "Ann", "whatsapp_phone": "+15551230000", "has_opt_in_sms": False},
    )
    subscriber_id = created.json()["data"]["id"]
    assert (
        await client.post(
            "/fb/subscriber/addTagByName", json={"subscriber_id": int(subscriber_id), "tag_name": "vip"}
        )
    ).status_code == 200
    unknown = await client.post(
        "/fb/subscriber/addTagByName", json={"subscriber_id": int(subscriber_id), "tag_name": "nope"}
    )
    assert unknown.status_code == 400


async def test_auth_and_rate_limits(sandbox: Sandbox, client: httpx.AsyncClient, subscriber: str) -> None:
    async with httpx.AsyncClient(base_url=sandbox.base_urls["manychat"]) as anonymous:
        assert (await anonymous.get("/fb/page/getTags")).status_code == 401
        wrong = await anonymous.get("/fb/page/getTags", headers={"Authorization": "Bearer 1234567:abc"})
        assert wrong.status_code == 401 and wrong.json()["status"] == "error"
    await client.put("/__sandbox/rate-limits", json={"getInfo": {"limit": 1}})
    await client.get("/fb/subscriber/getInfo", params={"subscriber_id": subscriber})
    limited = await client.get("/fb/subscriber/getInfo", params={"subscriber_id": subscriber})
    assert limited.status_code == 429
    assert limited.json() == {"status": "error", "message": "Too many requests"}
    assert "retry-after" not in limited.headers


async def test_whatsapp_contacts_need_the_content_type(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    contact = sandbox.emulator("manychat", ManyChatEmulator).add_subscriber(whatsapp_phone="+15551230000")
    plain = {"subscriber_id": int(contact), "data": content({"type": "text", "text": "Hi"})}
    refused = await client.post("/fb/sending/sendContent", json=plain)
    assert refused.status_code == 400
    typed = {"version": "v2", "content": {"type": "whatsapp", "messages": [{"type": "text", "text": "Hi"}]}}
    assert (
        await client.post("/fb/sending/sendContent", json={"subscriber_id": int(contact), "data": typed})
    ).status_code == 200
    video = {
        "version": "v2",
        "content": {"type": "whatsapp", "messages": [{"type": "video", "url": "https://x/v.mp4"}]},
    }
    assert (
        await client.post("/fb/sending/sendContent", json={"subscriber_id": int(contact), "data": video})
    ).status_code == 400
