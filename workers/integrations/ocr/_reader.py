"""From receipt photo bytes to fields and a confidence: preprocess, recognise, extract, score."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from PIL import Image

from workers.integrations.ocr._confidence import receipt_confidence
from workers.integrations.ocr._dates import DateOrder
from workers.integrations.ocr._fields import ReceiptFields, extract_fields
from workers.integrations.ocr._image import load_image, prepare_page
from workers.integrations.ocr._tesseract import TesseractTimeoutError, detect_rotation, read_lines

__all__ = ["ReceiptReading", "read_receipt"]

_TRY_ORIENTATION_BELOW = 0.5
"""A first reading this unsure may come from a photo taken sideways or upside down: ask Tesseract's OSD."""


@dataclass(frozen=True)
class ReceiptReading:
    """The fields read from one receipt, how sure the reading is, and what the preprocessing corrected."""

    fields: ReceiptFields
    confidence: float
    text: str
    skew_degrees: float
    rotation_degrees: int


def _remaining(deadline: datetime) -> timedelta:
    left = deadline - datetime.now(UTC)
    if left <= timedelta(0):
        raise TesseractTimeoutError("no time left before the job's deadline")
    return left


def _read(
    image: Image.Image, *, rotation: int, language: str, date_order: DateOrder, deadline: datetime
) -> tuple[ReceiptReading, Image.Image]:
    turned = image.rotate(rotation, expand=True, fillcolor=255) if rotation else image
    page = prepare_page(turned)
    lines = read_lines(page.image, language=language, timeout=_remaining(deadline))
    fields = extract_fields(lines, date_order=date_order)
    reading = ReceiptReading(
        fields=fields,
        confidence=receipt_confidence(fields),
        text="\n".join(line.text for line in lines),
        skew_degrees=page.skew_degrees,
        rotation_degrees=rotation,
    )
    return reading, page.image


def read_receipt(
    content: bytes,
    *,
    language: str = "eng",
    date_order: DateOrder = "DMY",
    timeout: timedelta = timedelta(seconds=60),
) -> ReceiptReading:
    """Read a receipt photo (any format Pillow decodes). Blocks for a second or more: run it in a thread.

    Raises :class:`~._image.UnreadableImageError` for bytes that are no image, and the ``Tesseract*Error``
    classes of :mod:`._tesseract` when Tesseract is missing, fails or runs out of ``timeout``.
    """
    deadline = datetime.now(UTC) + timeout
    image = load_image(content)
    reading, page = _read(image, rotation=0, language=language, date_order=date_order, deadline=deadline)
    if reading.confidence >= _TRY_ORIENTATION_BELOW:
        return reading
    rotation = detect_rotation(page, timeout=_remaining(deadline))
    if rotation == 0:
        return reading
    turned, _ = _read(image, rotation=rotation, language=language, date_order=date_order, deadline=deadline)
    return turned if turned.confidence > reading.confidence else reading
