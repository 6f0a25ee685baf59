"""lead-intake end to end: DMN route (hot / warm / cold) -> HubSpot -> fleet database -> ManyChat, real workers."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import httpx
from process_harness import Flows

from sandbox.hubspot import HubSpotEmulator
from sandbox.manychat import ManyChatEmulator
from workers.dev import prepare_sandbox
from workers.integrations.persistence import FleetDatabase


def _lead(subscriber_id: str, **overrides: Any) -> dict[str, Any]:
    lead: dict[str, Any] = {
        "manychatUserId": subscriber_id,
        "email": "lucia@example.com",
        "firstName": "Lucía",
        "lastName": "Gómez",
        "phone": "+34600111222",
        "leadSource": "manychat",
        "productInterest": "premium",
        "country": "ES",
        "engagementScore": 85,
    }
    lead.update(overrides)
    return lead


async def _capture(flows: Flows, lead: dict[str, Any]) -> int:
    body_hash = hashlib.sha256(json.dumps(lead, sort_keys=True).encode()).hexdigest()[:16]
    subscriber = str(lead["manychatUserId"])
    await flows.publish("manychat.lead-captured", subscriber, lead, f"manychat:{subscriber}:{body_hash}")
    return await flows.started_instance("lead-intake")


def _subscriber(flows: Flows, *, hours_ago: float = 0) -> str:
    manychat = flows.stack.sandbox.emulator("manychat", ManyChatEmulator)
    when = flows.stack.sandbox.clock.now() - dt.timedelta(hours=hours_ago)
    return manychat.add_subscriber(
        first_name="Lucía", last_name="Gómez", email="lucia@example.com", last_interaction=when
    )


async def _stored_lead(flows: Flows) -> Any:
    database = await FleetDatabase.from_environment()
    try:
        return await database.get_lead("lucia@example.com")
    finally:
        await database.close()


async def test_hot_lead_gets_owner_status_and_an_immediate_message(flows: Flows) -> None:
    subscriber = _subscriber(flows)
    key = await _capture(flows, _lead(subscriber))

    variables = await flows.completed(key)

    assert variables["leadRoute"] == "hot"
    assert variables["leadScore"] == 85  # manychat 10 + premium 30 + ES 15 + engagement 85 -> 30
    assert variables["leadFollowUp"] == "message-sent"
    await flows.env.assert_that(key).has_passed_element("HotLeadContacted")
    hubspot = flows.stack.sandbox.emulator("hubspot", HubSpotEmulator)
    contact_id = hubspot.find_by_email("lucia@example.com")
    assert contact_id is not None and contact_id == variables["hubspotContactId"]
    contact = hubspot.contact(contact_id)
    assert contact is not None
    assert contact["lifecyclestage"] == "salesqualifiedlead"
    assert contact["hs_lead_status"] == "IN_PROGRESS"
    assert contact["hubspot_owner_id"] == "77001"
    assert contact["interés_producto"] == "premium"
    assert contact["manychat_user_id"] == subscriber
    sent = flows.stack.sandbox.emulator("manychat", ManyChatEmulator).sent
    assert [message["subscriber_id"] for message in sent] == [subscriber]
    text = sent[0]["data"]["content"]["messages"][0]["text"]
    assert text.startswith("¡Hola Lucía!") and "premium" in text
    stored = await _stored_lead(flows)
    assert stored is not None and stored.lead_score == 85 and stored.hubspot_contact_id == contact_id


async def test_warm_lead_gets_the_nurture_flow_only_after_the_delay(flows: Flows) -> None:
    subscriber = _subscriber(flows)
    key = await _capture(flows, _lead(subscriber, productInterest="basic", engagementScore=30))
    await flows.waiting_at(key, "WaitForFollowUp")
    manychat = flows.stack.sandbox.emulator("manychat", ManyChatEmulator)
    assert manychat.sent == []
    assert flows.variables(key)["leadRoute"] == "warm"  # 10 + 10 + 15 + 5 = 40

    await flows.advance(dt.timedelta(hours=3, minutes=59))
    await flows.waiting_at(key, "WaitForFollowUp")
    await flows.advance(dt.timedelta(minutes=1))

    variables = await flows.completed(key)
    assert variables["leadFollowUp"] == "nurture-flow-started"
    assert [(m["operation"], m["flow_ns"]) for m in manychat.sent] == [
        ("sendFlow", "content20180221085508_278589")
    ]
    contact = flows.stack.sandbox.emulator("hubspot", HubSpotEmulator).contact(variables["hubspotContactId"])
    assert contact is not None
    assert contact["lifecyclestage"] == "marketingqualifiedlead" and contact["hs_lead_status"] == "OPEN"
    assert "hubspot_owner_id" not in contact or not contact["hubspot_owner_id"]


async def test_cold_lead_is_only_stored(flows: Flows) -> None:
    subscriber = _subscriber(flows)
    key = await _capture(
        flows, _lead(subscriber, leadSource="ads", productInterest=None, country="DE", engagementScore=5)
    )

    variables = await flows.completed(key)

    assert variables["leadRoute"] == "cold" and variables["leadScore"] == 5
    await flows.env.assert_that(key).has_passed_element("ColdLeadStored")
    assert flows.stack.sandbox.emulator("manychat", ManyChatEmulator).sent == []
    contact = flows.stack.sandbox.emulator("hubspot", HubSpotEmulator).contact(variables["hubspotContactId"])
    assert contact is not None and contact["lifecyclestage"] == "lead" and contact["hs_lead_status"] == "NEW"
    stored = await _stored_lead(flows)
    assert stored is not None and stored.lead_score == 5


async def test_hot_lead_outside_the_messaging_window_is_not_messaged(flows: Flows) -> None:
    subscriber = _subscriber(flows, hours_ago=30)
    key = await _capture(flows, _lead(subscriber))

    variables = await flows.completed(key)

    assert variables["leadFollowUp"] == "window-closed"
    await flows.env.assert_that(key).has_passed_element("HotLeadNotMessaged")
    await flows.env.assert_that(key).has_no_incidents()
    assert flows.stack.sandbox.emulator("manychat", ManyChatEmulator).sent == []


async def test_technical_failure_is_an_incident_that_ops_can_resolve_through_the_rest_api(
    flows: Flows,
) -> None:
    sandbox = flows.stack.sandbox
    sandbox.reset(
        "hubspot"
    )  # the portal lost its custom properties: HubSpot answers 400 PROPERTY_DOESNT_EXIST
    subscriber = _subscriber(flows)
    key = await _capture(flows, _lead(subscriber))

    await flows.env.assert_that(key).has_incident()
    async with httpx.AsyncClient(base_url=flows.stack.rest_address, timeout=10) as client:
        found = await client.post("/incidents/search", json={"filter": {"processInstanceKey": str(key)}})
        (incident,) = found.json()["items"]
        assert incident["elementId"] == "UpsertHubSpotContact"
        assert "interés_producto" in incident["errorMessage"] or "PROPERTY" in incident["errorMessage"]

        prepare_sandbox(sandbox)  # fix the cause, give the job a retry, resolve
        retried = await client.patch(f"/jobs/{incident['jobKey']}", json={"changeset": {"retries": 1}})
        assert retried.status_code == 204, retried.text
        resolved = await client.post(f"/incidents/{incident['incidentKey']}/resolution")
        assert resolved.status_code == 204, resolved.text

    variables = await flows.completed(key)
    assert variables["leadFollowUp"] == "message-sent"
