"""``ocr.extract-receipt``: read vendor, date, total and tax from a receipt photo in the document store."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from workers import BpmnError, Integration, PermanentError, TransientError, current_job_context
from workers.integrations.ocr._dates import DateOrder
from workers.integrations.ocr._image import UnreadableImageError
from workers.integrations.ocr._reader import ReceiptReading, read_receipt
from workers.integrations.ocr._tesseract import (
    TesseractFailedError,
    TesseractMissingError,
    TesseractTimeoutError,
)
from workers.storage import DocumentNotFoundError, DocumentStore, InvalidDocumentIdError

__all__ = ["ExtractReceipt", "create_ocr_integration", "ocr", "receipt_variables"]

_TIMEOUT = timedelta(minutes=2)
_DEFAULT_BUDGET = timedelta(seconds=90)


class ExtractReceipt(BaseModel):
    """Input of ``ocr.extract-receipt``."""

    model_config = ConfigDict(extra="ignore")

    documentId: str = Field(min_length=1, max_length=1024)
    """The receipt photo in the document store (what the WhatsApp media download returned)."""
    dateOrder: DateOrder = "DMY"
    """How to read ambiguous numeric dates such as 03/04/2024."""
    ocrLanguage: str = Field(default="eng", pattern=r"^[a-z_]{3,16}(\+[a-z_]{3,16})*$")
    """Tesseract language(s), e.g. ``eng`` or ``deu+eng`` (the language data must be installed)."""
    minOcrConfidence: float | None = Field(default=None, ge=0, le=1)
    """When set, a reading below it ends the task with BPMN error ``OCR_LOW_CONFIDENCE``."""


def receipt_variables(reading: ReceiptReading) -> dict[str, Any]:
    """The process variables a reading produces (amounts as JSON numbers, the date as ISO text)."""
    fields = reading.fields
    return {
        "vendorName": fields.vendor,
        "receiptDate": fields.receipt_date.isoformat() if fields.receipt_date else None,
        "totalAmount": float(fields.total) if fields.total is not None else None,
        "taxAmount": float(fields.tax) if fields.tax is not None else None,
        "currency": fields.currency,
        "ocrConfidence": reading.confidence,
        "ocrMissingFields": fields.missing,
        "ocrAmountsAgree": fields.amounts_agree,
    }


def _budget() -> timedelta:
    context = current_job_context()
    if context is None:
        return _DEFAULT_BUDGET
    return max(context.deadline - datetime.now(UTC) - timedelta(seconds=2), timedelta(seconds=1))


def create_ocr_integration(
    store: Callable[[], DocumentStore] = DocumentStore.from_environment,
) -> Integration:
    """The ``ocr`` integration (worker group ``documents``) reading from the store ``store()`` returns."""
    integration = Integration("ocr", group="documents")

    @integration.task(
        "ocr.extract-receipt",
        timeout=_TIMEOUT,
        input_model=ExtractReceipt,
        # Tesseract keeps a core busy for a second or more per receipt.
        max_jobs_to_activate=2,
        max_running_jobs=2,
    )
    async def extract_receipt(
        *,
        documentId: str,
        dateOrder: DateOrder = "DMY",
        ocrLanguage: str = "eng",
        minOcrConfidence: float | None = None,
    ) -> dict[str, Any]:
        """Read the receipt; ``ocrConfidence`` (0..1) says how far to trust the fields."""
        budget = _budget()
        try:
            reading = await asyncio.to_thread(
                lambda: read_receipt(
                    store().read(documentId), language=ocrLanguage, date_order=dateOrder, timeout=budget
                )
            )
        except (DocumentNotFoundError, InvalidDocumentIdError) as error:
            raise PermanentError(
                f"{error}: check the documentId mapping and that the media download stored the file, "
                "then resolve the incident"
            ) from error
        except UnreadableImageError as error:
            raise BpmnError("RECEIPT_UNREADABLE", f"document {documentId!r} is {error}") from error
        except TesseractMissingError as error:
            raise PermanentError(f"{error}; then resolve the incident") from error
        except (TesseractTimeoutError, TesseractFailedError) as error:
            raise TransientError(str(error)) from error
        variables = receipt_variables(reading)
        if minOcrConfidence is not None and reading.confidence < minOcrConfidence:
            raise BpmnError(
                "OCR_LOW_CONFIDENCE",
                f"receipt read with confidence {reading.confidence} < {minOcrConfidence}; "
                f"missing: {', '.join(reading.fields.missing) or 'none'}",
                variables,
            )
        return variables

    return integration


ocr = create_ocr_integration()
"""The integration ``fleet run`` serves: receipts from ``FLEET_DOCUMENTS_DIR``."""
