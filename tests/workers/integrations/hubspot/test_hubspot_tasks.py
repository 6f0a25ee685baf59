"""HubSpot tasks end to end: handler -> real client -> HTTP -> HubSpot emulator on 127.0.0.1."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from sandbox import Sandbox
from sandbox._common import FaultSettings
from workers.integrations._http import Tuning, settings_from_environment
from workers.integrations.hubspot import HubSpotClient, HubSpotSettings, hubspot, hubspot_clients
from workers.testing import JobEnvironment

CANARY = "pat-na1-canary-0b6e1d2c-5a4f"


def api_requests(sandbox: Sandbox) -> list[str]:
    return [f"{record.method} {record.path}" for record in sandbox.host("hubspot").requests]


async def test_upsert_creates_then_updates_by_email(start_sandbox: Any) -> None:
    await start_sandbox("hubspot")
    env = JobEnvironment()
    first = await env.run(
        hubspot,
        "hubspot.upsert-contact",
        variables={
            "email": "jane@example.com",
            "properties": {"firstname": "Jane", "lifecyclestage": "lead"},
        },
    )
    assert first.kind == "completed", first.message
    assert first.variables["hubspotContactCreated"] is True
    second = await env.run(
        hubspot,
        "hubspot.upsert-contact",
        variables={"email": "jane@example.com", "properties": {"lastname": "Doe"}},
    )
    assert second.kind == "completed", second.message
    assert second.variables == {
        "hubspotContactId": first.variables["hubspotContactId"],
        "hubspotContactCreated": False,
    }

    read = await env.run(
        hubspot,
        "hubspot.get-contact",
        variables={
            "email": "jane@example.com",
            "contactProperties": ["firstname", "lastname", "lifecyclestage"],
        },
    )
    assert read.kind == "completed", read.message
    contact = read.variables["hubspotContact"]
    assert contact["id"] == first.variables["hubspotContactId"]
    assert contact["properties"]["firstname"] == "Jane"
    assert contact["properties"]["lastname"] == "Doe"
    assert contact["properties"]["lifecyclestage"] == "lead"


async def test_update_stage_status_and_owner_then_read_by_id(start_sandbox: Any) -> None:
    await start_sandbox("hubspot")
    env = JobEnvironment()
    created = await env.run(hubspot, "hubspot.upsert-contact", variables={"email": "sam@example.com"})
    contact_id = created.variables["hubspotContactId"]
    updated = await env.run(
        hubspot,
        "hubspot.update-contact",
        variables={
            "hubspotContactId": contact_id,
            "lifecycleStage": "salesqualifiedlead",
            "leadStatus": "IN_PROGRESS",
        },
    )
    assert updated.kind == "completed", updated.message
    assert updated.variables["hubspotContactUpdatedAt"]
    read = await env.run(
        hubspot,
        "hubspot.get-contact",
        variables={"hubspotContactId": contact_id, "contactProperties": ["lifecyclestage", "hs_lead_status"]},
    )
    properties = read.variables["hubspotContact"]["properties"]
    assert properties["lifecyclestage"] == "salesqualifiedlead"
    assert properties["hs_lead_status"] == "IN_PROGRESS"


async def test_unknown_contact_is_the_bpmn_error_contact_not_found(start_sandbox: Any) -> None:
    await start_sandbox("hubspot")
    env = JobEnvironment()
    by_id = await env.run(hubspot, "hubspot.get-contact", variables={"hubspotContactId": "999999"})
    assert by_id.kind == "error_thrown" and by_id.error_code == "CONTACT_NOT_FOUND"
    update = await env.run(
        hubspot, "hubspot.update-contact", variables={"hubspotContactId": "999999", "leadStatus": "OPEN"}
    )
    assert update.kind == "error_thrown" and update.error_code == "CONTACT_NOT_FOUND"


async def test_an_invalid_property_value_is_an_incident_with_hubspots_reason(start_sandbox: Any) -> None:
    await start_sandbox("hubspot")
    env = JobEnvironment()
    created = await env.run(hubspot, "hubspot.upsert-contact", variables={"email": "kim@example.com"})
    outcome = await env.run(
        hubspot,
        "hubspot.update-contact",
        variables={
            "hubspotContactId": created.variables["hubspotContactId"],
            "lifecycleStage": "not-a-stage",
        },
    )
    assert outcome.is_incident
    assert outcome.message is not None
    assert "HubSpot contacts.update answered HTTP 400" in outcome.message
    assert "resolve the incident" in outcome.message


async def test_invalid_input_is_an_incident_before_any_request(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("hubspot")
    outcome = await JobEnvironment().run(
        hubspot, "hubspot.upsert-contact", variables={"email": "not-an-email"}
    )
    assert outcome.is_incident
    assert outcome.message is not None and "email" in outcome.message
    assert api_requests(sandbox) == []


async def test_search_finds_contacts_by_filter(start_sandbox: Any) -> None:
    await start_sandbox("hubspot")
    env = JobEnvironment()
    for email in ("a@shop.test", "b@shop.test"):
        await env.run(
            hubspot, "hubspot.upsert-contact", variables={"email": email, "properties": {"company": "Shop"}}
        )
    await env.run(
        hubspot,
        "hubspot.upsert-contact",
        variables={"email": "c@else.test", "properties": {"company": "Else"}},
    )
    found = await env.run(
        hubspot,
        "hubspot.search-contacts",
        variables={
            "filterGroups": [{"filters": [{"propertyName": "company", "operator": "EQ", "value": "Shop"}]}],
            "contactProperties": ["email"],
        },
    )
    assert found.kind == "completed", found.message
    assert found.variables["hubspotContactsTotal"] == 2
    assert sorted(c["properties"]["email"] for c in found.variables["hubspotContacts"]) == [
        "a@shop.test",
        "b@shop.test",
    ]


async def test_a_429_is_waited_out_as_retry_after_asks(start_sandbox: Any, clock_sleep: Any) -> None:
    sandbox: Sandbox = await start_sandbox("hubspot")
    sleep = clock_sleep(sandbox)
    hubspot_clients.provide(
        HubSpotClient(settings_from_environment(HubSpotSettings), tuning=Tuning(sleep=sleep))
    )
    sandbox.host("hubspot").limiter.configure("ten_secondly", 1, timedelta(seconds=10))
    env = JobEnvironment()
    await env.run(hubspot, "hubspot.upsert-contact", variables={"email": "first@example.com"})
    outcome = await env.run(hubspot, "hubspot.upsert-contact", variables={"email": "second@example.com"})
    assert outcome.kind == "completed", outcome.message
    statuses = [record.status for record in sandbox.host("hubspot").requests]
    assert statuses == [200, 429, 200]
    assert len(sleep.waits) == 1 and sleep.waits[0] >= 9


async def test_server_errors_are_retried_in_process(start_sandbox: Any, clock_sleep: Any) -> None:
    sandbox: Sandbox = await start_sandbox("hubspot")
    hubspot_clients.provide(
        HubSpotClient(settings_from_environment(HubSpotSettings), tuning=Tuning(sleep=clock_sleep(sandbox)))
    )
    sandbox.host("hubspot").faults.configure(FaultSettings(fail_next=2, error_status=503))
    outcome = await JobEnvironment().run(
        hubspot, "hubspot.upsert-contact", variables={"email": "x@example.com"}
    )
    assert outcome.kind == "completed", outcome.message
    assert [record.status for record in sandbox.host("hubspot").requests] == [503, 503, 200]


async def test_persistent_server_errors_fail_the_job_with_retries_left(
    start_sandbox: Any, clock_sleep: Any
) -> None:
    sandbox: Sandbox = await start_sandbox("hubspot")
    hubspot_clients.provide(
        HubSpotClient(settings_from_environment(HubSpotSettings), tuning=Tuning(sleep=clock_sleep(sandbox)))
    )
    sandbox.host("hubspot").faults.configure(FaultSettings(error_rate=1.0, error_status=502))
    outcome = await JobEnvironment().run(
        hubspot, "hubspot.upsert-contact", variables={"email": "x@example.com"}, retries=3
    )
    assert outcome.kind == "failed" and outcome.retries == 2
    assert outcome.message is not None and "answered HTTP 502" in outcome.message


async def test_a_slow_answer_times_out_as_a_transient_failure(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("hubspot")
    fast_fail = Tuning(timeout=httpx.Timeout(0.2), sleep=lambda seconds: _no_wait())
    hubspot_clients.provide(HubSpotClient(settings_from_environment(HubSpotSettings), tuning=fast_fail))
    sandbox.host("hubspot").faults.configure(FaultSettings(latency=timedelta(seconds=1)))
    outcome = await JobEnvironment().run(
        hubspot, "hubspot.get-contact", variables={"hubspotContactId": "1"}, retries=3
    )
    assert outcome.kind == "failed" and outcome.retries == 2
    assert outcome.message is not None and "timed out" in outcome.message


async def _no_wait() -> None:
    return None


async def test_a_completed_upsert_is_replayed_not_resent(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("hubspot")
    env = JobEnvironment()
    job_keys: dict[str, Any] = {"process_instance_key": 77, "element_instance_key": 78}
    first = await env.run(
        hubspot, "hubspot.upsert-contact", variables={"email": "once@example.com"}, **job_keys
    )
    again = await env.run(
        hubspot, "hubspot.upsert-contact", variables={"email": "once@example.com"}, **job_keys
    )
    assert first.kind == again.kind == "completed"
    assert again.variables == first.variables
    assert api_requests(sandbox) == ["POST /crm/v3/objects/contacts/batch/upsert"]


async def test_the_token_never_reaches_messages_or_logs(
    start_sandbox: Any, monkeypatch: pytest.MonkeyPatch, captured_logs: Any
) -> None:
    await start_sandbox("hubspot")
    monkeypatch.setenv("HUBSPOT_TOKEN", CANARY)
    outcome = await JobEnvironment().run(
        hubspot, "hubspot.upsert-contact", variables={"email": "c@example.com"}
    )
    assert outcome.is_incident
    assert outcome.message is not None and "HTTP 401" in outcome.message
    assert CANARY not in outcome.message
    logged = captured_logs.text()
    assert "hubspot" in logged.lower()
    assert CANARY not in logged


async def test_a_call_never_outlives_the_jobs_deadline(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("hubspot")
    sandbox.host("hubspot").faults.configure(FaultSettings(latency=timedelta(seconds=3)))
    # 3.5 s job timeout minus the 2 s margin of the HTTP policy leaves 1.5 s for the call (read timeout: 30 s).
    outcome = await JobEnvironment().run(
        hubspot,
        "hubspot.get-contact",
        variables={"hubspotContactId": "1"},
        timeout=timedelta(seconds=3.5),
        retries=3,
    )
    assert outcome.kind == "failed" and outcome.retries == 2
    assert outcome.message is not None and "timed out" in outcome.message


async def test_a_multi_status_answer_with_errors_is_an_incident_naming_them(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("hubspot")
    outcome = await JobEnvironment().run(
        hubspot,
        "hubspot.upsert-contact",
        variables={"email": "m@example.com", "properties": {"no_such_property": "x"}},
    )
    assert outcome.is_incident
    assert outcome.message is not None and "did not write the contact" in outcome.message
    assert "no_such_property" in outcome.message
    assert [record.status for record in sandbox.host("hubspot").requests] == [207]
