"""ManyChat tasks end to end: handler -> real client -> HTTP -> ManyChat emulator on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from sandbox import Sandbox
from sandbox._common import FaultSettings
from sandbox.manychat import ManyChatEmulator
from workers.integrations._http import Tuning, settings_from_environment
from workers.integrations.manychat import ManyChatClient, ManyChatSettings, manychat, manychat_clients
from workers.testing import JobEnvironment

WELCOME = "content20180221085508_278589"
CONTENT = {
    "messages": [{"type": "text", "text": "Your invoice is ready"}],
    "actions": [{"action": "add_tag", "tag_name": "customer"}],
}
CANARY = "1234567:canary0secret0aa41c9d"


def page(sandbox: Sandbox) -> ManyChatEmulator:
    return sandbox.emulator("manychat", ManyChatEmulator)


async def test_find_a_subscriber_by_email_or_phone(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("manychat")
    subscriber_id = page(sandbox).add_subscriber(
        email="lea@example.com", phone="+4915100000001", first_name="Lea"
    )
    env = JobEnvironment()
    by_email = await env.run(manychat, "manychat.find-subscriber", variables={"email": "LEA@example.com"})
    assert by_email.kind == "completed", by_email.message
    assert by_email.variables["manychatUserId"] == subscriber_id
    assert by_email.variables["manychatSubscriber"]["customFields"]["lead_score"] is None
    by_phone = await env.run(manychat, "manychat.find-subscriber", variables={"phone": "+4915100000001"})
    assert by_phone.variables["manychatUserId"] == subscriber_id


async def test_an_unknown_subscriber_is_the_bpmn_error(start_sandbox: Any) -> None:
    await start_sandbox("manychat")
    outcome = await JobEnvironment().run(
        manychat, "manychat.find-subscriber", variables={"email": "nobody@example.com"}
    )
    assert outcome.kind == "error_thrown" and outcome.error_code == "SUBSCRIBER_NOT_FOUND"


async def test_set_a_custom_field_by_name_and_by_id(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("manychat")
    subscriber_id = page(sandbox).add_subscriber(email="a@example.com")
    env = JobEnvironment()
    by_name = await env.run(
        manychat,
        "manychat.set-custom-field",
        variables={"manychatUserId": subscriber_id, "fieldName": "hubspot_contact_id", "fieldValue": "901"},
    )
    by_id = await env.run(
        manychat,
        "manychat.set-custom-field",
        variables={"manychatUserId": int(subscriber_id), "fieldId": 1, "fieldValue": 87},
    )
    assert by_name.kind == by_id.kind == "completed", (by_name.message, by_id.message)
    record = page(sandbox).subscriber(subscriber_id)
    assert record is not None
    fields = {field["name"]: field["value"] for field in record["custom_fields"]}
    assert fields["hubspot_contact_id"] == "901" and fields["lead_score"] == 87


async def test_an_unknown_field_is_an_incident_with_manychats_reason(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("manychat")
    subscriber_id = page(sandbox).add_subscriber(email="a@example.com")
    outcome = await JobEnvironment().run(
        manychat,
        "manychat.set-custom-field",
        variables={"manychatUserId": subscriber_id, "fieldName": "no_such_field", "fieldValue": "x"},
    )
    assert outcome.is_incident and "Field 'no_such_field' not found" in (outcome.message or "")


async def test_send_content_and_flow_once_per_task_instance(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("manychat")
    subscriber_id = page(sandbox).add_subscriber(email="a@example.com")
    env = JobEnvironment()
    job: dict[str, Any] = {"process_instance_key": 41, "element_instance_key": 42}
    variables = {"manychatUserId": subscriber_id, "content": CONTENT}
    for _ in range(2):
        outcome = await env.run(manychat, "manychat.send-content", variables=variables, **job)
        assert outcome.kind == "completed", outcome.message
    flow = await env.run(
        manychat, "manychat.send-flow", variables={"manychatUserId": subscriber_id, "flowNs": WELCOME}
    )
    assert flow.kind == "completed", flow.message
    assert [item["operation"] for item in page(sandbox).sent] == ["sendContent", "sendFlow"]
    assert page(sandbox).sent[0]["data"]["version"] == "v2"


async def test_a_closed_24_hour_window_is_the_bpmn_error_unless_tagged(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("manychat")
    quiet = page(sandbox).add_subscriber(
        email="q@example.com", last_interaction=datetime.now(UTC) - timedelta(days=3)
    )
    env = JobEnvironment()
    closed = await env.run(
        manychat, "manychat.send-content", variables={"manychatUserId": quiet, "content": CONTENT}
    )
    assert closed.kind == "error_thrown" and closed.error_code == "MESSAGING_WINDOW_CLOSED"
    tagged = await env.run(
        manychat,
        "manychat.send-content",
        variables={"manychatUserId": quiet, "content": CONTENT, "messageTag": "ACCOUNT_UPDATE"},
    )
    assert tagged.kind == "completed", tagged.message


async def test_content_over_the_dynamic_block_limits_is_rejected_before_sending(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("manychat")
    too_many = {"messages": [{"type": "text", "text": str(n)} for n in range(11)]}
    outcome = await JobEnvironment().run(
        manychat, "manychat.send-content", variables={"manychatUserId": 1, "content": too_many}
    )
    assert outcome.is_incident and "content.messages" in (outcome.message or "")
    assert list(sandbox.host("manychat").requests) == []


async def test_rate_limited_sends_are_retried_because_they_were_refused(
    start_sandbox: Any, clock_sleep: Any
) -> None:
    sandbox: Sandbox = await start_sandbox("manychat")
    sleep = clock_sleep(sandbox)
    manychat_clients.provide(
        ManyChatClient(settings_from_environment(ManyChatSettings), tuning=Tuning(sleep=sleep))
    )
    subscriber_id = page(sandbox).add_subscriber(email="a@example.com")
    sandbox.host("manychat").faults.configure(FaultSettings(fail_next=1, error_status=429))
    outcome = await JobEnvironment().run(
        manychat, "manychat.send-flow", variables={"manychatUserId": subscriber_id, "flowNs": WELCOME}
    )
    assert outcome.kind == "completed", outcome.message
    assert [record.status for record in sandbox.host("manychat").requests] == [429, 200]
    assert len(page(sandbox).sent) == 1 and len(sleep.waits) == 1


async def test_the_token_never_reaches_messages_or_logs(
    start_sandbox: Any, monkeypatch: pytest.MonkeyPatch, captured_logs: Any
) -> None:
    await start_sandbox("manychat")
    monkeypatch.setenv("MANYCHAT_TOKEN", CANARY)
    outcome = await JobEnvironment().run(
        manychat, "manychat.find-subscriber", variables={"email": "a@example.com"}
    )
    assert outcome.is_incident and "HTTP 401" in (outcome.message or "")
    assert CANARY not in (outcome.message or "") and CANARY not in captured_logs.text()


async def test_find_by_custom_field_takes_the_most_recent_match(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("manychat")
    subscriber_id = page(sandbox).add_subscriber(email="c@example.com")
    env = JobEnvironment()
    await env.run(
        manychat,
        "manychat.set-custom-field",
        variables={"manychatUserId": subscriber_id, "fieldId": 2, "fieldValue": "hs-77"},
    )
    found = await env.run(
        manychat, "manychat.find-subscriber", variables={"customFieldId": 2, "customFieldValue": "hs-77"}
    )
    assert found.kind == "completed", found.message
    assert found.variables["manychatUserId"] == subscriber_id
    missing = await env.run(
        manychat, "manychat.find-subscriber", variables={"customFieldId": 2, "customFieldValue": "hs-00"}
    )
    assert missing.kind == "error_thrown" and missing.error_code == "SUBSCRIBER_NOT_FOUND"
