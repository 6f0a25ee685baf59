"""The fleet's own API clients, configured only through the sandbox's environment, against the emulators."""

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from webhook_receiver import Receiver

from sandbox import Sandbox, run_sandbox
from sandbox.manychat import ManyChatEmulator
from sandbox.openrpa import OpenRPAEmulator
from sandbox.stripe import StripeEmulator
from sandbox.whatsapp import WhatsAppEmulator
from workers.integrations.flowable._client import FlowableClient
from workers.integrations.flowable._settings import FlowableSettings
from workers.integrations.google_sheets._client import GoogleSheetsClient
from workers.integrations.google_sheets._settings import GoogleSheetsSettings
from workers.integrations.hubspot._client import HubSpotClient
from workers.integrations.hubspot._settings import HubSpotSettings
from workers.integrations.manychat._client import ManyChatClient
from workers.integrations.manychat._models import DynamicContent
from workers.integrations.manychat._settings import ManyChatSettings
from workers.integrations.openai._client import ChatMessage, OpenAIClient
from workers.integrations.openai._settings import OpenAISettings
from workers.integrations.rpa._client import OpenRPAClient
from workers.integrations.rpa._settings import OpenRPASettings
from workers.integrations.stripe._client import StripeClient
from workers.integrations.stripe._settings import StripeSettings
from workers.integrations.whatsapp._client import WhatsAppClient
from workers.integrations.whatsapp._settings import WhatsAppSettings


@pytest.fixture
async def sandbox(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Sandbox]:
    async with run_sandbox(
        ["hubspot", "manychat", "stripe", "google_sheets", "openai", "whatsapp", "flowable", "openrpa"]
    ) as running:
        for name, value in running.environment().items():
            monkeypatch.setenv(name, value)
        yield running


async def test_hubspot_upsert(sandbox: Sandbox) -> None:
    client = HubSpotClient(HubSpotSettings())
    try:
        upserted = await client.upsert_contact_by_email(
            "jane@example.com", {"lifecyclestage": "lead"}, trace_id="t-1"
        )
    finally:
        await client.aclose()
    assert upserted.new is True
    assert sandbox.state("hubspot")["state"]["contacts"][0]["properties"]["lifecyclestage"] == "lead"


async def test_sheets_append_with_a_service_account_token(sandbox: Sandbox) -> None:
    client = GoogleSheetsClient(GoogleSheetsSettings())
    try:
        result = await client.append_rows(
            sandbox.environment()["GOOGLE_SHEETS_SPREADSHEET_ID"],
            "Leads!A1:C",
            [["2024-01-01", "jane@example.com", 42]],
        )
    finally:
        await client.aclose()
    assert result.updates.updatedRange == "Leads!A1:C1"
    assert sandbox.state("google_oauth")["state"]["tokens"], (
        "the client fetched a token from the emulated endpoint"
    )


async def test_openai_structured_output(sandbox: Sandbox) -> None:
    schema = {
        "type": "object",
        "properties": {"score": {"type": "integer"}},
        "required": ["score"],
        "additionalProperties": False,
    }
    client = OpenAIClient(OpenAISettings())
    try:
        answer = await client.complete_json(
            [ChatMessage(role="user", content="Score jane")], schema_name="lead_score", schema=schema
        )
    finally:
        await client.aclose()
    assert isinstance(answer.content["score"], int)


async def test_whatsapp_media_and_reply(sandbox: Sandbox) -> None:
    payload = sandbox.emulator("whatsapp", WhatsAppEmulator).inbound("15551234567")
    media_id = payload["entry"][0]["changes"][0]["value"]["messages"][0]["image"]["id"]
    client = WhatsAppClient(WhatsAppSettings())
    try:
        media = await client.download(await client.media_info(media_id))
        message_id = await client.send_text("15551234567", "Thanks, got your photo!")
    finally:
        await client.aclose()
    assert media.mime_type == "image/jpeg" and media.content.startswith(b"\xff\xd8")
    assert message_id.startswith("wamid.")


async def test_flowable_start_and_find(sandbox: Sandbox) -> None:
    client = FlowableClient(FlowableSettings())
    try:
        started = await client.start_process_instance(
            "leadIntake", business_key="hubspot-1", variables={"score": 3}
        )
        found = await client.find_by_business_key("leadIntake", "hubspot-1")
    finally:
        await client.aclose()
    assert found is not None and found.id == started.id


async def test_manychat_fields_and_content(sandbox: Sandbox) -> None:
    subscriber_id = sandbox.emulator("manychat", ManyChatEmulator).add_subscriber(email="jane@example.com")
    client = ManyChatClient(ManyChatSettings())
    try:
        found = await client.find_by_email("jane@example.com")
        await client.set_custom_field(int(subscriber_id), 5, field_name="lead_score")
        await client.send_content(
            int(subscriber_id), DynamicContent(messages=[{"type": "text", "text": "hi"}])
        )
        missing = await client.find_by_email("nobody@example.com")
    finally:
        await client.aclose()
    assert found is not None and str(found.id) == subscriber_id
    assert missing is None
    assert len(sandbox.state("manychat")["state"]["sent"]) == 1


async def test_stripe_metadata_update_is_idempotent(sandbox: Sandbox) -> None:
    stripe = sandbox.emulator("stripe", StripeEmulator)
    async with httpx.AsyncClient(base_url=sandbox.base_urls["stripe"], auth=(stripe.api_key, "")) as http:
        intent = (
            await http.post(
                "/v1/payment_intents",
                data={
                    "amount": "1000",
                    "currency": "eur",
                    "payment_method": "pm_card_visa",
                    "confirm": "true",
                },
            )
        ).json()
    client = StripeClient(StripeSettings())
    try:
        first = await client.update_payment_intent_metadata(
            intent["id"], {"leadId": "1"}, idempotency_key="k-1"
        )
        again = await client.update_payment_intent_metadata(
            intent["id"], {"leadId": "1"}, idempotency_key="k-1"
        )
        charge = await client.retrieve_charge(intent["latest_charge"])
    finally:
        await client.aclose()
    assert first.metadata == again.metadata == {"leadId": "1"}
    assert charge.paid is True


async def test_rpa_workitem_comes_back_through_the_callback(
    sandbox: Sandbox, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENRPA_CALLBACK_URL", receiver.url)
    sandbox.emulator("openrpa", OpenRPAEmulator).queue("invoice-entry").robot.result = {"booked": True}
    client = OpenRPAClient(OpenRPASettings())
    try:
        item = await client.push_workitem(
            "invoice-entry", "Invoice 7", {"invoiceId": 7}, correlation_id="run-7"
        )
    finally:
        await client.aclose()
    assert item.state == "new" and item.correlationId == "run-7"
    (callback,) = await receiver.wait_for(1)
    result = json.loads(callback.body)
    assert (result["state"], result["correlationId"], result["payload"]) == (
        "successful",
        "run-7",
        {"invoiceId": 7, "booked": True},
    )
