"""Accounting documents: one PDF per ticket (vendor, date, amounts, approval line) in the document store.

Task ``documents.generate-accounting-document`` (worker group ``documents``).
"""

from workers.integrations.documents._content import AccountingDocument
from workers.integrations.documents._integration import (
    GenerateAccountingDocument,
    accounting_document_id,
    create_documents_integration,
    documents,
)
from workers.integrations.documents._pdf import render_accounting_pdf

__all__ = [
    "AccountingDocument",
    "GenerateAccountingDocument",
    "accounting_document_id",
    "create_documents_integration",
    "documents",
    "render_accounting_pdf",
]
