"""whatsapp-ticket end to end: photo -> OCR (real Tesseract) -> correction task when unsure -> sheet, document,
ticket, WhatsApp reply."""

from __future__ import annotations

import io
import shutil
from typing import Any

import pytest
from PIL import Image
from process_harness import Flows

from sandbox._images import Receipt
from sandbox.google_sheets import DEFAULT_SPREADSHEET_ID, GoogleSheetsEmulator
from sandbox.manychat import ManyChatEmulator
from sandbox.whatsapp import WhatsAppEmulator
from workers.integrations.persistence import FleetDatabase, TicketRecord
from workers.storage import DocumentStore

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs the tesseract binary (OCR)")

SENDER = "34600999888"


def _whatsapp(flows: Flows) -> WhatsAppEmulator:
    return flows.stack.sandbox.emulator("whatsapp", WhatsAppEmulator)


async def _photo_received(flows: Flows, **inbound: Any) -> tuple[int, str]:
    payload = _whatsapp(flows).inbound(SENDER, caption="ticket almuerzo", **inbound)
    value = payload["entry"][0]["changes"][0]["value"]
    message = value["messages"][0]
    variables = {
        "whatsappMessageId": message["id"],
        "whatsappFrom": message["from"],
        "whatsappMediaId": message["image"]["id"],
        "whatsappCaption": message["image"].get("caption"),
        "whatsappPhoneNumberId": value["metadata"]["phone_number_id"],
    }
    await flows.publish("whatsapp.image-received", message["id"], variables, f"whatsapp:{message['id']}")
    return await flows.started_instance("whatsapp-ticket"), str(message["id"])


async def _ticket(ticket_id: str) -> TicketRecord | None:
    database = await FleetDatabase.from_environment()
    try:
        return await database.get_ticket(ticket_id)
    finally:
        await database.close()


def _receipt_rows(flows: Flows) -> list[list[Any]]:
    return flows.stack.sandbox.emulator("google_sheets", GoogleSheetsEmulator).values(
        DEFAULT_SPREADSHEET_ID, "Sheet1"
    )


def _blank_photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (600, 800), color=235).save(buffer, format="JPEG")
    return buffer.getvalue()


async def test_readable_receipt_becomes_a_ticket_with_document_row_and_reply(flows: Flows) -> None:
    receipt = Receipt(merchant="CAFE CENTRAL", date="2024-03-15", items=(("Coffee", 350), ("Croissant", 220)))
    key, wamid = await _photo_received(flows, receipt=receipt)

    variables = await flows.completed(key, within=90)

    assert variables["vendorName"] == "CAFE CENTRAL"
    assert variables["receiptDate"] == "2024-03-15"
    assert variables["totalAmount"] == 5.7
    assert variables["ocrConfidence"] >= 0.6
    assert variables["ticketReply"] == "sent"
    await flows.env.assert_that(key).has_not_passed_element("CorrectReceipt")
    rows = _receipt_rows(flows)
    assert [row[:3] for row in rows] == [[wamid, SENDER, "CAFE CENTRAL"]]
    store = DocumentStore.from_environment()
    assert store.exists(variables["accountingDocumentId"])
    assert store.read(variables["accountingDocumentId"]).startswith(b"%PDF")
    ticket = await _ticket(wamid)
    assert ticket is not None
    assert ticket.status == "recorded" and ticket.accounting_document_id == variables["accountingDocumentId"]
    assert ticket.subject == "ticket almuerzo"
    assert ticket.customer_email is None  # the sender is no ManyChat subscriber: anonymous ticket
    sent = _whatsapp(flows).sent
    assert len(sent) == 1
    assert "CAFE CENTRAL" in str(sent[0]) and "5.7" in str(sent[0])


async def test_unsure_reading_goes_to_a_person_and_their_values_are_used(flows: Flows) -> None:
    key, wamid = await _photo_received(flows, image=_blank_photo())
    await flows.waiting_at(key, "CorrectReceipt")
    assert flows.variables(key)["ocrConfidence"] < 0.6

    await flows.complete_user_task_via_rest(
        key,
        "CorrectReceipt",
        {
            "vendorName": "PANADERIA SOL",
            "receiptDate": "2024-04-02",
            "totalAmount": 12.4,
            "taxAmount": 1.13,
            "currency": "EUR",
        },
    )

    variables = await flows.completed(key, within=60)
    assert variables["ticketReply"] == "sent"
    ticket = await _ticket(wamid)
    assert ticket is not None and ticket.vendor_name == "PANADERIA SOL"
    assert str(ticket.total_amount) == "12.40"
    assert [row[2] for row in _receipt_rows(flows)] == ["PANADERIA SOL"]


async def test_unreadable_photo_gets_a_request_for_a_new_one(flows: Flows) -> None:
    key, wamid = await _photo_received(flows, image=b"this is not a picture", mime_type="image/jpeg")

    variables = await flows.completed(key, within=60)

    assert variables["ticketReply"] == "asked-for-new-photo"
    await flows.env.assert_that(key).has_passed_element("ReceiptUnreadable")
    assert await _ticket(wamid) is None
    sent = _whatsapp(flows).sent
    assert len(sent) == 1 and "No pudimos leer" in str(sent[0])
    assert _receipt_rows(flows) == []


async def test_sender_known_in_manychat_is_named_on_the_ticket(flows: Flows) -> None:
    flows.stack.sandbox.emulator("manychat", ManyChatEmulator).add_subscriber(
        first_name="Pablo", last_name="Ruiz", email="pablo@example.com", phone=f"+{SENDER}"
    )
    key, wamid = await _photo_received(flows, receipt=Receipt(merchant="FERRETERIA LUZ", date="2024-05-20"))

    variables = await flows.completed(key, within=90)

    assert variables["customerName"] == "Pablo Ruiz"
    await flows.env.assert_that(key).has_not_passed_element("SenderUnknown")
    ticket = await _ticket(wamid)
    assert ticket is not None and ticket.customer_email == "pablo@example.com"
