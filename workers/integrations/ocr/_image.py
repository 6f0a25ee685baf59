"""Turn a receipt photo into a clean, straight, black-on-white page for Tesseract.

Steps: orientation from EXIF, grayscale, speckle removal (median filter at the photo's own resolution),
upscaling to a working size, background flattening (the paper and the table behind it both become white,
uneven light disappears), deskew (:mod:`._deskew`) and an Otsu threshold.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter, ImageOps, UnidentifiedImageError

from workers.integrations.ocr._deskew import estimate_skew

__all__ = ["PreparedPage", "UnreadableImageError", "load_image", "otsu_threshold", "prepare_page"]

_WORKING_SIDE = 2000
_MAX_UPSCALE = 3.0
_MAX_DOWNSCALE = 0.4
_BACKGROUND_STEP = 4
_MAX_PIXELS = 40_000_000


class UnreadableImageError(ValueError):
    """The bytes are not an image Pillow can decode."""


@dataclass(frozen=True)
class PreparedPage:
    """The page Tesseract reads, and what was done to get it."""

    image: Image.Image
    skew_degrees: float
    scale: float


def load_image(content: bytes) -> Image.Image:
    """Decode ``content`` (JPEG, PNG, WebP, ...) upright per its EXIF orientation, as grayscale."""
    try:
        image = Image.open(io.BytesIO(content))
        if image.width * image.height > _MAX_PIXELS:
            raise UnreadableImageError(f"image of {image.width}x{image.height} pixels is too large")
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise UnreadableImageError(f"not a readable image: {error}") from error
    upright = ImageOps.exif_transpose(image)
    if upright.mode in {"RGBA", "LA", "PA"} or (upright.mode == "P" and "transparency" in upright.info):
        # Transparent pixels count as white paper, not as black.
        background = Image.new("RGBA", upright.size, (255, 255, 255, 255))
        background.alpha_composite(upright.convert("RGBA"))
        upright = background
    return upright.convert("L")


def otsu_threshold(gray: Image.Image) -> int:
    """The gray level that best separates dark and light pixels (Otsu's between-class variance)."""
    histogram = gray.histogram()[:256]
    total = sum(histogram)
    weighted_total = sum(level * count for level, count in enumerate(histogram))
    background_count, background_sum = 0, 0.0
    best_level, best_variance = 127, -1.0
    for level, count in enumerate(histogram):
        background_count += count
        if background_count == 0:
            continue
        foreground_count = total - background_count
        if foreground_count == 0:
            break
        background_sum += level * count
        mean_background = background_sum / background_count
        mean_foreground = (weighted_total - background_sum) / foreground_count
        variance = background_count * foreground_count * (mean_background - mean_foreground) ** 2
        if variance > best_variance:
            best_level, best_variance = level, variance
    return best_level


def _flatten_background(gray: Image.Image) -> Image.Image:
    """Subtract the local background (a max filter: text is thinner than its window) and stretch contrast."""
    small = gray.resize(
        (max(1, gray.width // _BACKGROUND_STEP), max(1, gray.height // _BACKGROUND_STEP)),
        Image.Resampling.BOX,
    )
    background = (
        small.filter(ImageFilter.MaxFilter(9))
        .filter(ImageFilter.BoxBlur(2))
        .resize(gray.size, Image.Resampling.BILINEAR)
    )
    darkness = ImageChops.subtract(background, gray)
    return ImageOps.autocontrast(ImageOps.invert(darkness), cutoff=(1, 0))


def _binarize(gray: Image.Image) -> Image.Image:
    threshold = otsu_threshold(gray)
    return gray.point(lambda level: 255 if level > threshold else 0, mode="L")


def prepare_page(image: Image.Image, *, deskew: bool = True) -> PreparedPage:
    """The cleaned, straightened, binarised page of a grayscale receipt photo."""
    denoised = image.filter(ImageFilter.MedianFilter(3))
    scale = min(_MAX_UPSCALE, max(_MAX_DOWNSCALE, _WORKING_SIDE / max(image.width, image.height, 1)))
    if abs(scale - 1.0) > 0.05:
        denoised = denoised.resize(
            (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
            Image.Resampling.LANCZOS,
        )
    flat = _flatten_background(denoised)
    skew = 0.0
    if deskew:
        text_mask = ImageOps.invert(_binarize(flat))
        skew = estimate_skew(text_mask)
        if skew:
            flat = flat.rotate(skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return PreparedPage(image=_binarize(flat), skew_degrees=skew, scale=scale)
