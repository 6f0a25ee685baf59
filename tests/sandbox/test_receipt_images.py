import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from sandbox._images import Receipt, receipt_jpeg, sample_receipt


def test_receipts_are_real_jpegs_and_depend_on_their_seed() -> None:
    receipt = Receipt(items=(("Coffee", 350), ("Tea", 1250)))
    image = Image.open(io.BytesIO(receipt_jpeg(receipt)))
    assert image.format == "JPEG" and image.width == 620
    assert receipt.total_cents == 1600
    assert sample_receipt("a") == sample_receipt("a")
    assert sample_receipt("a") != sample_receipt("b")


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs the tesseract binary")
def test_ocr_reads_the_total(tmp_path: Path) -> None:
    path = tmp_path / "receipt.jpg"
    path.write_bytes(receipt_jpeg(Receipt(items=(("Coffee", 350), ("Croissant", 220)))))
    text = subprocess.run(
        ["tesseract", str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert "SANDBOX MARKET" in text
    assert "2024-03-15" in text
    assert "5.70" in text
