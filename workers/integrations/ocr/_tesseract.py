"""Run the Tesseract binary (through pytesseract) and turn its TSV output into lines of words."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytesseract  # type: ignore[import-untyped]
from PIL import Image

from workers.integrations.ocr._text import OcrLine, OcrWord

__all__ = [
    "TesseractFailedError",
    "TesseractMissingError",
    "TesseractTimeoutError",
    "detect_rotation",
    "read_lines",
]

_PAGE_CONFIG = "--oem 1 --psm 6"
"""LSTM engine; one uniform block of text, which keeps a receipt's label and price on one line."""
_MIN_ORIENTATION_CONFIDENCE = 2.0


class TesseractMissingError(RuntimeError):
    """The ``tesseract`` binary or the requested language data is not installed on this worker."""


class TesseractTimeoutError(RuntimeError):
    """Tesseract took longer than allowed."""


class TesseractFailedError(RuntimeError):
    """Tesseract ran and failed (e.g. an image it cannot process)."""


def _seconds(timeout: timedelta) -> float:
    return max(1.0, timeout.total_seconds())


def _call(function: Any, image: Image.Image, **options: Any) -> Any:
    try:
        return function(image, **options)
    except pytesseract.TesseractNotFoundError as error:
        raise TesseractMissingError(
            "the tesseract binary is not installed on this worker "
            "(Debian/Ubuntu: apt-get install -y tesseract-ocr tesseract-ocr-eng; macOS: brew install tesseract)"
        ) from error
    except pytesseract.TesseractError as error:
        message = str(error.message)
        if "Failed loading language" in message or "Error opening data file" in message:
            raise TesseractMissingError(
                f"Tesseract language data missing: {message.strip()} (install tesseract-ocr-<lang>)"
            ) from error
        raise TesseractFailedError(f"Tesseract failed: {message.strip()}") from error
    except RuntimeError as error:
        # pytesseract signals its own timeout with a bare RuntimeError.
        if "timeout" in str(error).lower():
            raise TesseractTimeoutError(f"Tesseract timed out: {error}") from error
        raise


def read_lines(image: Image.Image, *, language: str, timeout: timedelta) -> list[OcrLine]:
    """The text lines Tesseract recognises in ``image``, top to bottom, empty words dropped."""
    data = _call(
        pytesseract.image_to_data,
        image,
        lang=language,
        config=_PAGE_CONFIG,
        output_type=pytesseract.Output.DICT,
        timeout=_seconds(timeout),
    )
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for index, text in enumerate(data["text"]):
        confidence = float(data["conf"][index])
        if not str(text).strip() or confidence < 0:
            continue
        key = (int(data["block_num"][index]), int(data["par_num"][index]), int(data["line_num"][index]))
        lines.setdefault(key, []).append(OcrWord(str(text).strip(), confidence, int(data["height"][index])))
    return [OcrLine(tuple(words)) for _, words in sorted(lines.items())]


def detect_rotation(image: Image.Image, *, timeout: timedelta) -> int:
    """Degrees to turn ``image`` counter-clockwise so its text is upright (0, 90, 180 or 270); 0 when
    Tesseract's orientation detection is unsure or finds too little text."""
    try:
        found = _call(
            pytesseract.image_to_osd,
            image,
            config="--psm 0",
            output_type=pytesseract.Output.DICT,
            timeout=_seconds(timeout),
        )
    except TesseractFailedError:
        return 0
    if float(found.get("orientation_conf", 0.0)) < _MIN_ORIENTATION_CONFIDENCE:
        return 0
    # Tesseract reports the clockwise rotation that makes the page upright.
    return (360 - int(found.get("rotate", 0))) % 360
