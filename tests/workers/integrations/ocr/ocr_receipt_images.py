"""Draw receipt photos with Pillow for the OCR tests: known fields, real fonts, rotation, noise and blur."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from pathlib import Path

import reportlab
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

FONT_CANDIDATES = {
    "vera-sans": [Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"],
    "dejavu-sans": [
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/Library/Fonts/DejaVuSans.ttf"),
    ],
    "dejavu-serif": [Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")],
    "dejavu-mono": [Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")],
    "liberation-sans": [Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")],
    "liberation-mono": [Path("/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf")],
    "liberation-serif": [Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf")],
}


def font_path(name: str) -> Path | None:
    """The first existing file for the font ``name`` (Vera always exists: reportlab ships it)."""
    return next((path for path in FONT_CANDIDATES[name] if path.is_file()), None)


@dataclass(frozen=True)
class Receipt:
    """What to draw: header lines (the first is the vendor), items, then the totals block."""

    vendor: str
    header: list[str]
    date_text: str
    items: list[tuple[str, str]]
    tax_label: str
    tax_text: str
    total_label: str
    total_text: str
    footer: list[str] = field(default_factory=lambda: ["Thank you for your visit!"])


@dataclass(frozen=True)
class Photo:
    """How the photo is taken."""

    font: str = "dejavu-sans"
    font_size: int = 26
    rotation_degrees: float = 0.0
    noise: float = 0.0
    """Share of pixels replaced by random grey speckles."""
    blur_radius: float = 0.0
    shadow: float = 0.0
    """How much darker the left edge is than the right one (0: even light, 0.6: deep shadow)."""
    scale: float = 1.0
    seed: int = 7
    image_format: str = "PNG"


def _line_width(text: str, font: ImageFont.FreeTypeFont) -> int:
    left, _, right, _ = font.getbbox(text)
    return int(right - left)


def draw_receipt(receipt: Receipt, photo: Photo) -> bytes:
    """The encoded image of ``receipt`` taken as ``photo`` says."""
    path = font_path(photo.font)
    if path is None:
        raise FileNotFoundError(f"font {photo.font} is not installed")
    body = ImageFont.truetype(str(path), photo.font_size)
    title = ImageFont.truetype(str(path), int(photo.font_size * 1.5))
    width, margin, leading = 640, 40, int(photo.font_size * 1.45)
    rows: list[tuple[str, str, ImageFont.FreeTypeFont, str]] = [("center", receipt.vendor, title, "")]
    rows += [("center", line, body, "") for line in receipt.header]
    rows += [("left", receipt.date_text, body, ""), ("left", "-" * 30, body, "")]
    rows += [("split", name, body, price) for name, price in receipt.items]
    rows += [("left", "-" * 30, body, "")]
    rows += [
        ("split", receipt.tax_label, body, receipt.tax_text),
        ("split", receipt.total_label, title, receipt.total_text),
    ]
    rows += [("center", line, body, "") for line in receipt.footer]
    height = margin * 2 + sum(int(leading * (1.5 if font is title else 1.0)) for _, _, font, _ in rows)

    image = Image.new("L", (width, height), 255)
    pen = ImageDraw.Draw(image)
    y = margin
    for kind, text, font, right_text in rows:
        if kind == "center":
            pen.text(((width - _line_width(text, font)) // 2, y), text, font=font, fill=20)
        else:
            pen.text((margin, y), text, font=font, fill=20)
        if right_text:
            pen.text((width - margin - _line_width(right_text, font), y), right_text, font=font, fill=20)
        y += int(leading * (1.5 if font is title else 1.0))

    # The paper on a darker table, slightly turned.
    canvas = Image.new("L", (width + 160, height + 160), 120)
    canvas.paste(image, (80, 80))
    if photo.rotation_degrees:
        canvas = canvas.rotate(
            photo.rotation_degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=120
        )
    if photo.scale != 1.0:
        canvas = canvas.resize(
            (int(canvas.width * photo.scale), int(canvas.height * photo.scale)), Image.Resampling.LANCZOS
        )
    if photo.noise:
        generator = random.Random(photo.seed)
        pixels = canvas.load()
        assert pixels is not None
        for _ in range(int(canvas.width * canvas.height * photo.noise)):
            pixels[generator.randrange(canvas.width), generator.randrange(canvas.height)] = (
                generator.randrange(256)
            )
    if photo.shadow:
        floor = round(255 * (1 - photo.shadow))
        light = Image.linear_gradient("L").rotate(90).resize(canvas.size)
        light = light.point(lambda level: floor + level * (255 - floor) // 255)
        canvas = ImageChops.multiply(canvas, light)
    if photo.blur_radius:
        canvas = canvas.filter(ImageFilter.GaussianBlur(photo.blur_radius))
    output = io.BytesIO()
    canvas.convert("RGB").save(output, format=photo.image_format, quality=85)
    return output.getvalue()


GERMAN_BAKERY = Receipt(
    vendor="BAECKEREI SCHMIDT",
    header=["Hauptstrasse 12", "10115 Berlin"],
    date_text="Datum: 15.03.2024  14:32",
    items=[("Roggenbrot", "3,20"), ("Kaffee gross", "2,80"), ("Butterbrezel", "1,95")],
    tax_label="MwSt 19%",
    tax_text="1,27",
    total_label="SUMME EUR",
    total_text="7,95",
)

US_DINER = Receipt(
    vendor="BLUE MOON DINER",
    header=["455 Market Street", "San Francisco, CA 94105"],
    date_text="Date: 2024-11-02 19:05",
    items=[("Cheeseburger", "$12.50"), ("Fries", "$4.25"), ("Milkshake", "$6.75")],
    tax_label="Sales Tax 8.625%",
    tax_text="$2.03",
    total_label="TOTAL",
    total_text="$25.53",
)

UK_BOOKSHOP = Receipt(
    vendor="RIVERSIDE BOOKS",
    header=["12 Bridge Road", "London SE1 9PX"],
    date_text="07 Feb 2025",
    items=[("Paperback novel", "8.99"), ("Notebook", "4.50"), ("Greeting card", "2.75")],
    tax_label="VAT 20%",
    tax_text="2.71",
    total_label="TOTAL GBP",
    total_text="£16.24",
)

FRENCH_CAFE = Receipt(
    vendor="CAFE DE LA GARE",
    header=["3 Place de la Gare", "69002 Lyon"],
    date_text="Le 28/06/2023",
    items=[
        ("Croissant", "1,40"),
        ("Cafe creme", "2,90"),
        ("Jus d'orange", "3,50"),
        ("Menu midi", "1.045,00"),
    ],
    tax_label="TVA 10%",
    tax_text="95,70",
    total_label="TOTAL TTC",
    total_text="1.052,80 €",
)
