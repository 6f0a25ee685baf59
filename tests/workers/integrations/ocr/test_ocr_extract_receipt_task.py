"""ocr.extract-receipt as the fleet runs it: a photo from the document store to process variables."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytesseract  # type: ignore[import-untyped]
import pytest
from ocr_receipt_images import GERMAN_BAKERY, US_DINER, Photo, draw_receipt
from PIL import Image

from workers.integrations.ocr import create_ocr_integration, ocr, read_receipt
from workers.integrations.ocr._tesseract import TesseractTimeoutError
from workers.runtime import Integration
from workers.storage import DocumentStore
from workers.testing import JobEnvironment

TASK = "ocr.extract-receipt"


@pytest.fixture
def store(tmp_path: Path) -> DocumentStore:
    return DocumentStore(tmp_path / "documents")


@pytest.fixture
def integration(store: DocumentStore) -> Integration:
    return create_ocr_integration(lambda: store)


def blank_page() -> bytes:
    encoded = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(encoded, format="PNG")
    return encoded.getvalue()


def test_the_fleet_serves_ocr_in_the_documents_group() -> None:
    assert (ocr.name, ocr.group, ocr.task_types) == ("ocr", "documents", ("ocr.extract-receipt",))


@pytest.mark.usefixtures("tesseract")
async def test_a_stored_receipt_photo_becomes_variables(
    store: DocumentStore, integration: Integration
) -> None:
    photo = draw_receipt(
        US_DINER,
        Photo(font="vera-sans", rotation_degrees=2, noise=0.02, blur_radius=0.7, image_format="JPEG"),
    )
    store.put("whatsapp/wamid-abc.jpg", photo, content_type="image/jpeg")

    outcome = await JobEnvironment().run(
        integration,
        TASK,
        variables={"documentId": "whatsapp/wamid-abc.jpg", "dateOrder": "MDY", "minOcrConfidence": 0.6},
    )

    assert outcome.kind == "completed", outcome.message
    variables = dict(outcome.variables)
    confidence = variables.pop("ocrConfidence")
    assert variables == {
        "vendorName": "BLUE MOON DINER",
        "receiptDate": "2024-11-02",
        "totalAmount": 25.53,
        "taxAmount": 2.03,
        "currency": "USD",
        "ocrMissingFields": [],
        "ocrAmountsAgree": True,
    }
    assert 0.75 <= confidence <= 1.0


@pytest.mark.usefixtures("tesseract")
async def test_a_page_without_text_is_a_low_confidence_error_when_a_minimum_is_set(
    store: DocumentStore, integration: Integration
) -> None:
    store.put("uploads/blank.png", blank_page(), content_type="image/png")
    environment = JobEnvironment()

    strict = await environment.run(
        integration, TASK, variables={"documentId": "uploads/blank.png", "minOcrConfidence": 0.5}
    )
    lenient = await environment.run(integration, TASK, variables={"documentId": "uploads/blank.png"})

    assert strict.kind == "error_thrown" and strict.error_code == "OCR_LOW_CONFIDENCE"
    assert strict.variables["ocrConfidence"] == 0.0
    assert strict.variables["ocrMissingFields"] == ["vendor", "date", "total", "tax"]
    assert strict.variables["ocrAmountsAgree"] is False
    assert lenient.kind == "completed"
    assert lenient.variables["ocrConfidence"] == 0.0 and lenient.variables["totalAmount"] is None


async def test_a_document_that_is_no_image_is_a_bpmn_error(
    store: DocumentStore, integration: Integration
) -> None:
    store.put("whatsapp/voice.ogg", b"OggS\x00\x02 not a photo", content_type="audio/ogg")

    outcome = await JobEnvironment().run(integration, TASK, variables={"documentId": "whatsapp/voice.ogg"})

    assert outcome.kind == "error_thrown" and outcome.error_code == "RECEIPT_UNREADABLE"


async def test_a_missing_document_is_an_incident(integration: Integration) -> None:
    outcome = await JobEnvironment().run(
        integration, TASK, variables={"documentId": "whatsapp/never-stored.jpg"}
    )

    assert outcome.is_incident
    assert "never-stored.jpg" in (outcome.message or "")


async def test_a_document_id_leaving_the_store_is_an_incident(integration: Integration) -> None:
    outcome = await JobEnvironment().run(integration, TASK, variables={"documentId": "../../etc/passwd"})

    assert outcome.is_incident


async def test_a_worker_without_tesseract_raises_an_incident_saying_what_to_install(
    store: DocumentStore, integration: Integration, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.put(
        "whatsapp/r.png", draw_receipt(GERMAN_BAKERY, Photo(font="vera-sans")), content_type="image/png"
    )
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")

    outcome = await JobEnvironment().run(integration, TASK, variables={"documentId": "whatsapp/r.png"})

    assert outcome.is_incident
    assert "apt-get install" in (outcome.message or "")


async def test_an_unknown_date_order_is_an_incident(store: DocumentStore, integration: Integration) -> None:
    outcome = await JobEnvironment().run(
        integration, TASK, variables={"documentId": "whatsapp/r.png", "dateOrder": "YDM"}
    )

    assert outcome.is_incident
    assert "dateOrder" in (outcome.message or "")


@pytest.mark.usefixtures("tesseract")
async def test_a_language_without_installed_data_is_an_incident(
    store: DocumentStore, integration: Integration
) -> None:
    store.put(
        "whatsapp/r.png", draw_receipt(GERMAN_BAKERY, Photo(font="vera-sans")), content_type="image/png"
    )

    outcome = await JobEnvironment().run(
        integration, TASK, variables={"documentId": "whatsapp/r.png", "ocrLanguage": "qqq"}
    )

    assert outcome.is_incident
    assert "language data" in (outcome.message or "")


def test_no_time_left_stops_before_running_tesseract() -> None:
    with pytest.raises(TesseractTimeoutError):
        read_receipt(draw_receipt(GERMAN_BAKERY, Photo(font="vera-sans")), timeout=timedelta(0))
