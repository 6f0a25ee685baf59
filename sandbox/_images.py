"""Real image bytes for emulated media: a receipt photo (JPEG) with text that OCR can read."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont

__all__ = ["Receipt", "receipt_jpeg", "sample_receipt"]

_ITEMS = ("Coffee", "Croissant", "Water", "Sandwich", "Orange juice", "Muffin", "Tea", "Salad")
_LINE_HEIGHT = 44
_WIDTH = 620
_MARGIN = 32


@dataclass(frozen=True)
class Receipt:
    """What the receipt says; amounts in cents."""

    merchant: str = "SANDBOX MARKET"
    address: str = "Main Street 1, Berlin"
    date: str = "2024-03-15"
    currency: str = "EUR"
    items: tuple[tuple[str, int], ...] = field(default=(("Coffee", 350), ("Croissant", 220)))

    @property
    def total_cents(self) -> int:
        """The sum of the items."""
        return sum(amount for _, amount in self.items)


def sample_receipt(seed: str) -> Receipt:
    """A receipt whose items and amounts depend only on ``seed``."""
    digest = hashlib.sha256(seed.encode()).digest()
    count = 2 + digest[0] % 3
    items = tuple(
        (_ITEMS[(digest[1] + index) % len(_ITEMS)], 100 + (digest[2 + index] * 7) % 1900)
        for index in range(count)
    )
    return Receipt(date=f"2024-{1 + digest[6] % 12:02d}-{1 + digest[7] % 28:02d}", items=items)


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def receipt_jpeg(receipt: Receipt) -> bytes:
    """A grayscale JPEG of the receipt: merchant, date, one line per item, the total."""
    rows: list[tuple[str, str]] = [
        (receipt.merchant, ""),
        (receipt.address, ""),
        (f"Date: {receipt.date}", ""),
        ("", ""),
        *((name, _money(amount)) for name, amount in receipt.items),
        ("", ""),
        (f"TOTAL {receipt.currency}", _money(receipt.total_cents)),
        ("Thank you!", ""),
    ]
    font = ImageFont.load_default(size=28)
    image = Image.new("L", (_WIDTH, 2 * _MARGIN + _LINE_HEIGHT * len(rows)), 255)
    draw = ImageDraw.Draw(image)
    for index, (left, right) in enumerate(rows):
        top = _MARGIN + _LINE_HEIGHT * index
        draw.text((_MARGIN, top), left, fill=0, font=font)
        if right:
            draw.text((_WIDTH - _MARGIN, top), right, fill=0, font=font, anchor="ra")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()
