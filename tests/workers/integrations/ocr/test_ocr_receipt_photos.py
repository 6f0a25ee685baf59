"""Real Tesseract on receipt photos drawn with Pillow: the fields read back are the ones drawn."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from ocr_receipt_images import FRENCH_CAFE, GERMAN_BAKERY, UK_BOOKSHOP, US_DINER, Photo, Receipt, draw_receipt

from workers.integrations.ocr import read_receipt

pytestmark = pytest.mark.usefixtures("tesseract")

EXPECTED = {
    GERMAN_BAKERY.vendor: ("BAECKEREI SCHMIDT", date(2024, 3, 15), "7.95", "1.27", "EUR"),
    US_DINER.vendor: ("BLUE MOON DINER", date(2024, 11, 2), "25.53", "2.03", "USD"),
    UK_BOOKSHOP.vendor: ("RIVERSIDE BOOKS", date(2025, 2, 7), "16.24", "2.71", "GBP"),
    FRENCH_CAFE.vendor: ("CAFE DE LA GARE", date(2023, 6, 28), "1052.80", "95.70", "EUR"),
}


@pytest.mark.parametrize(
    ("receipt", "photo"),
    [
        (
            GERMAN_BAKERY,
            Photo(
                font="liberation-sans", rotation_degrees=-4, noise=0.03, blur_radius=0.9, image_format="JPEG"
            ),
        ),
        (
            GERMAN_BAKERY,
            Photo(font="dejavu-mono", rotation_degrees=6, noise=0.02, blur_radius=0.7, scale=0.7),
        ),
        (
            GERMAN_BAKERY,
            Photo(font="liberation-sans", rotation_degrees=-3, noise=0.02, blur_radius=0.7, shadow=0.65),
        ),
        (
            US_DINER,
            Photo(
                font="dejavu-serif",
                rotation_degrees=3.5,
                noise=0.02,
                blur_radius=0.5,
                scale=1.6,
                image_format="JPEG",
            ),
        ),
        (UK_BOOKSHOP, Photo(font="liberation-mono", rotation_degrees=-2.2, noise=0.05, blur_radius=1.0)),
        (FRENCH_CAFE, Photo(font="liberation-serif", rotation_degrees=2, noise=0.03, blur_radius=0.8)),
        (
            FRENCH_CAFE,
            Photo(
                font="vera-sans",
                rotation_degrees=-5,
                noise=0.02,
                blur_radius=0.6,
                scale=0.8,
                image_format="JPEG",
            ),
        ),
    ],
    ids=lambda value: (
        value.vendor if isinstance(value, Receipt) else f"{value.font}-{value.rotation_degrees}deg"
    ),
)
def test_fields_of_noisy_skewed_photos(
    receipt: Receipt, photo: Photo, require_font: Callable[[str], None]
) -> None:
    require_font(photo.font)

    reading = read_receipt(draw_receipt(receipt, photo))

    vendor, receipt_date, total, tax, currency = EXPECTED[receipt.vendor]
    fields = reading.fields
    assert fields.vendor == vendor, reading.text
    assert fields.receipt_date == receipt_date, reading.text
    assert fields.total == Decimal(total), reading.text
    assert fields.tax == Decimal(tax), reading.text
    assert fields.currency == currency
    assert fields.missing == []
    if photo.font == "dejavu-mono":
        # Its dotted zeros read as 8 in the item prices (3,20 -> 3,28): the cross-check notices.
        assert not fields.amounts_agree
        assert reading.confidence >= 0.75
    else:
        assert fields.amounts_agree, reading.text
        assert reading.confidence >= 0.9
    assert reading.skew_degrees == pytest.approx(-photo.rotation_degrees, abs=0.35)


@pytest.mark.parametrize(("receipt", "turned"), [(GERMAN_BAKERY, 90), (US_DINER, 180)])
def test_sideways_and_upside_down_photos_are_turned_upright(receipt: Receipt, turned: int) -> None:
    reading = read_receipt(draw_receipt(receipt, Photo(font="vera-sans", rotation_degrees=turned)))

    vendor, receipt_date, total, tax, currency = EXPECTED[receipt.vendor]
    assert reading.rotation_degrees == (360 - turned) % 360
    fields = reading.fields
    assert (fields.vendor, fields.receipt_date, fields.total, fields.tax, fields.currency) == (
        vendor,
        receipt_date,
        Decimal(total),
        Decimal(tax),
        currency,
    )
    assert reading.confidence >= 0.75


def test_a_tiny_blurred_photo_reads_with_lower_confidence() -> None:
    sharp = read_receipt(draw_receipt(UK_BOOKSHOP, Photo(font="vera-sans")))
    poor = read_receipt(
        draw_receipt(UK_BOOKSHOP, Photo(font="vera-sans", blur_radius=1.6, scale=0.55, image_format="JPEG"))
    )

    assert sharp.confidence >= 0.85
    assert poor.confidence < sharp.confidence - 0.2
    assert poor.fields.missing != []
