"""The receipt tasks chained as a model would chain them: the variables of one task are the next one's input."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from ocr_receipt_images import FRENCH_CAFE, Photo, draw_receipt

from workers.integrations.documents import create_documents_integration
from workers.integrations.ocr import create_ocr_integration
from workers.integrations.persistence import DatabaseProvider, FleetDatabase, create_fleet_db_integration
from workers.storage import DocumentStore
from workers.testing import JobEnvironment


@pytest.mark.usefixtures("tesseract")
async def test_photo_to_accounting_document_to_ticket_row(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path / "documents")
    database_url = f"sqlite:///{tmp_path / 'fleet.sqlite3'}"

    async def open_database() -> FleetDatabase:
        return await FleetDatabase.open(database_url)

    provider = DatabaseProvider(open_database)
    environment = JobEnvironment()
    photo = draw_receipt(
        FRENCH_CAFE, Photo(font="vera-sans", rotation_degrees=-2, noise=0.02, blur_radius=0.6)
    )
    store.put("whatsapp/wamid-cafe.jpg", photo, content_type="image/jpeg")
    process = {"ticketId": "TCK-CAFE-1", "receiptDocumentId": "whatsapp/wamid-cafe.jpg"}

    # Given the photo the WhatsApp download stored, when OCR reads it ...
    read = await environment.run(
        create_ocr_integration(lambda: store),
        "ocr.extract-receipt",
        variables={"documentId": process["receiptDocumentId"], "minOcrConfidence": 0.8},
    )
    assert read.kind == "completed", read.message
    process.update(read.variables)

    # ... then the accounting document is generated from the OCR variables ...
    generated = await environment.run(
        create_documents_integration(lambda: store),
        "documents.generate-accounting-document",
        variables=process,
    )
    assert generated.kind == "completed", generated.message
    process.update(generated.variables)

    # ... and the ticket row records both documents and the fields.
    try:
        saved = await environment.run(
            create_fleet_db_integration(provider), "fleet-db.save-ticket", variables=process
        )
        assert saved.kind == "completed", saved.message
        ticket = await (await provider.get()).get_ticket("TCK-CAFE-1")
    finally:
        await provider.close()

    assert ticket is not None
    assert (ticket.vendor_name, str(ticket.total_amount), str(ticket.tax_amount), ticket.currency) == (
        "CAFE DE LA GARE",
        "1052.80",
        "95.70",
        "EUR",
    )
    assert ticket.receipt_document_id == "whatsapp/wamid-cafe.jpg"
    assert ticket.accounting_document_id == process["accountingDocumentId"]
    assert ticket.ocr_confidence == process["ocrConfidence"]
    pdf_text = pypdf.PdfReader(io.BytesIO(store.read(ticket.accounting_document_id))).pages[0].extract_text()
    assert "1,052.80 EUR" in pdf_text and "2023-06-28" in pdf_text and "TCK-CAFE-1" in pdf_text
