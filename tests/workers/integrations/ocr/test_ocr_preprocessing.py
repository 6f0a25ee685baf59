"""Receipt photo preprocessing with Pillow: decoding, deskew, background flattening, threshold."""

from __future__ import annotations

import io

import pytest
from ocr_receipt_images import GERMAN_BAKERY, Photo, draw_receipt
from PIL import Image, ImageDraw

from workers.integrations.ocr import UnreadableImageError, estimate_skew, load_image, prepare_page
from workers.integrations.ocr._image import otsu_threshold


def text_mask(rotation: float) -> Image.Image:
    page = load_image(draw_receipt(GERMAN_BAKERY, Photo(font="vera-sans")))
    page = page.rotate(rotation, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return page.point(lambda level: 255 if level < 128 else 0)


@pytest.mark.parametrize("rotation", [-7.0, -2.5, 0.0, 3.0, 9.0])
def test_projection_profile_finds_the_skew(rotation: float) -> None:
    assert estimate_skew(text_mask(rotation)) == pytest.approx(-rotation, abs=0.35)


def test_prepared_page_is_black_text_on_white_with_the_table_gone() -> None:
    photo = draw_receipt(GERMAN_BAKERY, Photo(rotation_degrees=4, noise=0.03, blur_radius=0.8))

    page = prepare_page(load_image(photo))

    histogram = page.image.histogram()
    assert sum(histogram[1:255]) == 0  # only black and white
    assert page.skew_degrees == pytest.approx(-4, abs=0.35)
    # The grey table around the paper (every corner) has become white paper.
    corners = [(0, 0), (page.image.width - 1, 0), (0, page.image.height - 1)]
    assert all(page.image.getpixel(corner) == 255 for corner in corners)
    dark_share = page.image.histogram()[0] / (page.image.width * page.image.height)
    assert 0.01 < dark_share < 0.2
    assert page.scale > 1  # the 800-pixel photo was enlarged for Tesseract


def test_unreadable_bytes_are_reported() -> None:
    with pytest.raises(UnreadableImageError):
        load_image(b"%PDF-1.7 not an image")


def test_transparent_pixels_become_white_paper() -> None:
    image = Image.new("RGBA", (40, 20), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((0, 0, 9, 19), fill=(0, 0, 0, 255))
    encoded = io.BytesIO()
    image.save(encoded, format="PNG")

    loaded = load_image(encoded.getvalue())

    assert (loaded.getpixel((5, 5)), loaded.getpixel((30, 10))) == (0, 255)


def test_exif_orientation_is_applied() -> None:
    image = Image.new("RGB", (60, 30), "white")
    exif = image.getexif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    encoded = io.BytesIO()
    image.save(encoded, format="JPEG", exif=exif)

    assert load_image(encoded.getvalue()).size == (30, 60)


def test_otsu_splits_two_gray_levels() -> None:
    image = Image.new("L", (100, 10), 200)
    ImageDraw.Draw(image).rectangle((0, 0, 29, 9), fill=40)

    threshold = otsu_threshold(image)

    assert 40 <= threshold < 200


def test_large_photos_are_reduced_to_the_working_size() -> None:
    photo = Image.new("L", (3000, 4000), 255)
    ImageDraw.Draw(photo).rectangle((1000, 1000, 1800, 1060), fill=0)

    page = prepare_page(photo, deskew=False)

    assert page.scale == pytest.approx(0.5)
    assert page.image.size == (1500, 2000)
