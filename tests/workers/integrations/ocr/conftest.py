"""OCR tests that run the real Tesseract skip, saying how to install it, when the binary is missing."""

from __future__ import annotations

import shutil

import pytest
from ocr_receipt_images import font_path

TESSERACT_INSTALL = (
    "tesseract is not installed (Debian/Ubuntu: apt-get install -y tesseract-ocr tesseract-ocr-eng; "
    "macOS: brew install tesseract)"
)


@pytest.fixture(autouse=True)
def one_tesseract_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tesseract's OpenMP threads only slow it down on a shared 2-core machine (as in the fleet, where
    ``OMP_THREAD_LIMIT=1`` is set for the documents group)."""
    monkeypatch.setenv("OMP_THREAD_LIMIT", "1")


@pytest.fixture
def tesseract() -> None:
    """Skip unless the tesseract binary is on PATH."""
    if shutil.which("tesseract") is None:
        pytest.skip(TESSERACT_INSTALL)


@pytest.fixture
def require_font() -> object:
    """Call with a font name; skips when that font is not installed (fonts-dejavu-core, fonts-liberation)."""

    def require(name: str) -> None:
        if font_path(name) is None:
            pytest.skip(
                f"font {name} is not installed (apt-get install -y fonts-dejavu-core fonts-liberation)"
            )

    return require
