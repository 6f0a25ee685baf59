"""hubspot-lead-to-manychat end to end: a changed HubSpot contact gets a personalised ManyChat message or a skip."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from process_harness import Flows
from pyzeebe.errors import MessageAlreadyExistsError

from sandbox.hubspot import HubSpotEmulator
from sandbox.manychat import ManyChatEmulator


def _manychat(flows: Flows) -> ManyChatEmulator:
    return flows.stack.sandbox.emulator("manychat", ManyChatEmulator)


def _contact(flows: Flows, **properties: str) -> str:
    hubspot = flows.stack.sandbox.emulator("hubspot", HubSpotEmulator)
    return hubspot.seed_contact({"email": "marta@example.com", "firstname": "Marta", **properties})


async def _changed(flows: Flows, contact_id: str, event_id: int = 901) -> dict[str, Any]:
    variables = {
        "hubspotContactId": contact_id,
        "hubspotSubscriptionType": "contact.propertyChange",
        "hubspotPropertyName": "interés_producto",
        "hubspotPropertyValue": "premium",
        "hubspotEventId": event_id,
    }
    await flows.publish("hubspot.contact-changed", contact_id, variables, f"hubspot:{event_id}")
    key = await flows.started_instance("hubspot-lead-to-manychat")
    return await flows.completed(key)


async def test_contact_with_interest_and_subscriber_gets_a_personalised_message(flows: Flows) -> None:
    subscriber = _manychat(flows).add_subscriber(first_name="Marta", email="marta@example.com")
    contact_id = _contact(flows, **{"interés_producto": "premium", "manychat_user_id": subscriber})

    variables = await _changed(flows, contact_id)

    assert variables["manychatSync"] == {"status": "sent"}
    sent = _manychat(flows).sent
    assert [message["subscriber_id"] for message in sent] == [subscriber]
    assert sent[0]["data"]["content"]["messages"][0]["text"] == (
        "¡Hola Marta! Vimos que te interesa premium. ¿Quieres que te contemos más?"
    )


async def test_redelivered_event_starts_the_process_once(flows: Flows) -> None:
    subscriber = _manychat(flows).add_subscriber(email="marta@example.com")
    contact_id = _contact(flows, **{"interés_producto": "basic", "manychat_user_id": subscriber})
    variables = {
        "hubspotContactId": contact_id,
        "hubspotEventId": 7,
        "hubspotSubscriptionType": "contact.creation",
    }
    await flows.publish("hubspot.contact-changed", contact_id, variables, "hubspot:7")
    for _ in range(2):  # the engine rejects a redelivery while the first is buffered; the ingress answers 200
        with pytest.raises(MessageAlreadyExistsError):
            await flows.publish("hubspot.contact-changed", contact_id, variables, "hubspot:7")
    key = await flows.started_instance("hubspot-lead-to-manychat")
    await flows.completed(key)
    await flows.env.wait_until_idle()
    assert len(flows.instances("hubspot-lead-to-manychat")) == 1
    assert len(_manychat(flows).sent) == 1


async def test_contact_without_product_interest_is_skipped(flows: Flows) -> None:
    subscriber = _manychat(flows).add_subscriber(email="marta@example.com")
    contact_id = _contact(flows, manychat_user_id=subscriber)

    variables = await _changed(flows, contact_id)

    assert variables["manychatSync"] == {"status": "skipped", "reason": "no-product-interest"}
    assert _manychat(flows).sent == []


async def test_contact_without_manychat_id_is_skipped(flows: Flows) -> None:
    contact_id = _contact(flows, **{"interés_producto": "premium"})

    variables = await _changed(flows, contact_id)

    assert variables["manychatSync"] == {"status": "skipped", "reason": "no-manychat-user-id"}


async def test_unknown_contact_is_skipped_through_the_error_boundary(flows: Flows) -> None:
    variables = await _changed(flows, "999999")

    assert variables["manychatSync"] == {"status": "skipped", "reason": "contact-not-found"}
    assert "productInterest" not in variables


async def test_closed_messaging_window_is_skipped_with_its_reason(flows: Flows) -> None:
    long_ago = flows.stack.sandbox.clock.now() - dt.timedelta(days=3)
    subscriber = _manychat(flows).add_subscriber(email="marta@example.com", last_interaction=long_ago)
    contact_id = _contact(flows, **{"interés_producto": "premium", "manychat_user_id": subscriber})

    variables = await _changed(flows, contact_id)

    assert variables["manychatSync"] == {"status": "skipped", "reason": "messaging-window-closed"}
    assert _manychat(flows).sent == []
