"""``documents.generate-accounting-document``: render the ticket's accounting PDF and store it once."""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from workers import Integration, current_job_context
from workers.integrations.documents._content import AccountingDocument
from workers.integrations.documents._pdf import render_accounting_pdf
from workers.storage import DocumentStore, StoredDocument

__all__ = [
    "GenerateAccountingDocument",
    "accounting_document_id",
    "create_documents_integration",
    "documents",
]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_PDF = "application/pdf"


class GenerateAccountingDocument(BaseModel):
    """Input of ``documents.generate-accounting-document`` (amounts gross, tax included in the total)."""

    model_config = ConfigDict(extra="ignore")

    ticketId: str = Field(min_length=1, max_length=200)
    vendorName: str = Field(min_length=1, max_length=300)
    receiptDate: date
    totalAmount: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    taxAmount: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2)
    currency: str | None = Field(default=None, pattern=r"^[A-Za-z]{3}$")
    receiptDocumentId: str | None = None
    submittedBy: str | None = Field(default=None, max_length=300)

    @model_validator(mode="after")
    def _tax_within_total(self) -> GenerateAccountingDocument:
        if self.taxAmount is not None and self.taxAmount > self.totalAmount:
            raise ValueError(f"taxAmount {self.taxAmount} exceeds totalAmount {self.totalAmount}")
        return self


def accounting_document_id(ticket_id: str, idempotency_key: str) -> str:
    """``accounting/<ticket>/<hash of the key>.pdf``: one document per idempotency key."""
    ticket_segment = _UNSAFE.sub("-", ticket_id).lstrip("._-")[:64] or "ticket"
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]
    return f"accounting/{ticket_segment}/{digest}.pdf"


def _generate(store: DocumentStore, document_id: str, document: AccountingDocument) -> StoredDocument:
    if store.exists(document_id):
        return store.describe(document_id)
    stored, _ = store.put_if_absent(document_id, render_accounting_pdf(document), content_type=_PDF)
    return stored


def create_documents_integration(
    store: Callable[[], DocumentStore] = DocumentStore.from_environment,
) -> Integration:
    """The ``documents`` integration writing into the store ``store()`` returns (read once per job)."""
    integration = Integration("documents", group="documents")

    @integration.task(
        "documents.generate-accounting-document",
        timeout=timedelta(seconds=60),
        input_model=GenerateAccountingDocument,
    )
    async def generate_accounting_document(
        *,
        ticketId: str,
        vendorName: str,
        receiptDate: date,
        totalAmount: Decimal,
        taxAmount: Decimal | None = None,
        currency: str | None = None,
        receiptDocumentId: str | None = None,
        submittedBy: str | None = None,
    ) -> dict[str, str | int]:
        """Render the PDF and store it under a key-derived id; a repeated key returns the stored one."""
        context = current_job_context()
        idempotency_key = context.idempotency_key if context else f"{ticketId}/accounting-document"
        document = AccountingDocument(
            ticket_id=ticketId,
            vendor_name=vendorName,
            receipt_date=receiptDate,
            total=totalAmount,
            tax=taxAmount,
            currency=currency.upper() if currency else None,
            receipt_document_id=receiptDocumentId,
            submitted_by=submittedBy,
        )
        document_id = accounting_document_id(ticketId, idempotency_key)
        stored = await asyncio.to_thread(_generate, store(), document_id, document)
        return {
            "accountingDocumentId": stored.document_id,
            "accountingDocumentChecksum": stored.checksum,
            "accountingDocumentSize": stored.size,
        }

    return integration


documents = create_documents_integration()
"""The integration ``fleet run`` serves: documents under ``FLEET_DOCUMENTS_DIR``."""
