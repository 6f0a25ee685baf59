"""documents.generate-accounting-document: a real PDF in the document store, one per idempotency key."""

from __future__ import annotations

import hashlib
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pypdf

from workers.integrations.documents import (
    AccountingDocument,
    accounting_document_id,
    create_documents_integration,
    render_accounting_pdf,
)
from workers.storage import DocumentStore
from workers.testing import JobEnvironment

TASK = "documents.generate-accounting-document"
VARIABLES = {
    "ticketId": "TCK-2024-0042",
    "vendorName": "Café Müller & Söhne",
    "receiptDate": "2024-03-15",
    "totalAmount": 119.9,
    "taxAmount": 19.14,
    "currency": "eur",
    "receiptDocumentId": "whatsapp/wamid-1.jpg",
    "submittedBy": "Jane Doe",
}


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


async def test_generates_a_pdf_with_every_field_and_an_approval_line(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path)
    integration = create_documents_integration(lambda: store)

    outcome = await JobEnvironment().run(integration, TASK, variables=VARIABLES)

    assert outcome.kind == "completed", outcome.message
    document_id = outcome.variables["accountingDocumentId"]
    content = store.read(document_id)
    assert content.startswith(b"%PDF-")
    assert len(pypdf.PdfReader(io.BytesIO(content)).pages) == 1
    assert outcome.variables["accountingDocumentChecksum"] == "sha256:" + hashlib.sha256(content).hexdigest()
    assert outcome.variables["accountingDocumentSize"] == len(content)
    assert store.describe(document_id).content_type == "application/pdf"
    text = pdf_text(content)
    for expected in (
        "Accounting document",
        "TCK-2024-0042",
        "Café Müller & Söhne",
        "2024-03-15",
        "119.90 EUR",
        "19.14 EUR",
        "100.76 EUR",
        "whatsapp/wamid-1.jpg",
        "Jane Doe",
        "Approved by:",
        "Signature:",
    ):
        assert expected in text, f"{expected!r} missing from the PDF text"


async def test_the_same_idempotency_key_yields_the_same_document(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path)
    integration = create_documents_integration(lambda: store)
    environment = JobEnvironment()
    variables = {**VARIABLES, "idempotencyKey": "ticket/TCK-2024-0042/accounting"}

    first = await environment.run(integration, TASK, variables=variables)
    # A fresh environment has no idempotency record: the document store itself prevents a duplicate.
    second = await JobEnvironment().run(integration, TASK, variables=variables)

    assert first.kind == second.kind == "completed"
    assert second.variables == first.variables
    assert [path.name for path in (tmp_path / "accounting" / "TCK-2024-0042").glob("*.pdf")] == [
        Path(first.variables["accountingDocumentId"]).name
    ]


async def test_different_task_instances_get_different_documents(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path)
    integration = create_documents_integration(lambda: store)
    environment = JobEnvironment()

    first = await environment.run(integration, TASK, variables=VARIABLES)
    second = await environment.run(integration, TASK, variables=VARIABLES)

    assert first.variables["accountingDocumentId"] != second.variables["accountingDocumentId"]
    # Same content, so the same checksum: the PDF carries no timestamp.
    assert first.variables["accountingDocumentChecksum"] == second.variables["accountingDocumentChecksum"]


async def test_a_document_without_tax_or_currency_says_so(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path)
    variables = {**VARIABLES, "taxAmount": None, "currency": None}

    outcome = await JobEnvironment().run(
        create_documents_integration(lambda: store), TASK, variables=variables
    )

    assert outcome.kind == "completed", outcome.message
    text = pdf_text(store.read(outcome.variables["accountingDocumentId"]))
    assert "not stated" in text
    assert "119.90" in text and "EUR" not in text


async def test_tax_above_total_is_an_incident_naming_the_problem(tmp_path: Path) -> None:
    integration = create_documents_integration(lambda: DocumentStore(tmp_path))

    outcome = await JobEnvironment().run(
        integration, TASK, variables={**VARIABLES, "taxAmount": 500, "totalAmount": 100}
    )

    assert outcome.is_incident
    assert "taxAmount" in (outcome.message or "")
    assert not (tmp_path / "accounting").exists()


async def test_missing_required_fields_are_an_incident(tmp_path: Path) -> None:
    integration = create_documents_integration(lambda: DocumentStore(tmp_path))

    outcome = await JobEnvironment().run(integration, TASK, variables={"ticketId": "T-1"})

    assert outcome.is_incident
    assert "vendorName" in (outcome.message or "")


def test_rendering_is_deterministic() -> None:
    document = AccountingDocument(
        "T-7", "ACME", date(2025, 1, 2), Decimal("10.00"), Decimal("1.60"), "USD", None, None
    )
    assert render_accounting_pdf(document) == render_accounting_pdf(document)


def test_document_ids_are_safe_and_key_specific() -> None:
    first = accounting_document_id("../T 1/x", "key-1")
    assert first.startswith("accounting/T-1-x/")
    assert first != accounting_document_id("../T 1/x", "key-2")
    DocumentStore(Path("/nonexistent")).path_of(first)  # a valid id: no InvalidDocumentIdError
