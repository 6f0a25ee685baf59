"""Receipt OCR with Tesseract: task ``ocr.extract-receipt`` (worker group ``documents``).

A receipt photo from the document store is cleaned up with Pillow (grayscale, speckle removal, upscaling,
background flattening, deskew by projection profile, Otsu threshold; sideways photos are turned by
Tesseract's orientation detection), read by Tesseract, and searched for vendor, date, total, tax and
currency. ``ocrConfidence`` (0..1) combines which fields were found with Tesseract's word confidences;
item prices that add up to the total (``ocrAmountsAgree``) vouch for the digits. BPMN errors:
``OCR_LOW_CONFIDENCE`` (only when the model sets ``minOcrConfidence``), ``RECEIPT_UNREADABLE`` (not an image).

Needs the ``tesseract`` binary (Debian: ``apt-get install tesseract-ocr tesseract-ocr-eng``; macOS:
``brew install tesseract``). Run the worker with ``OMP_THREAD_LIMIT=1``: Tesseract's OpenMP threads compete
with the parallel jobs and make each read about twice as slow on a busy machine.
"""

from workers.integrations.ocr._amounts import find_amounts, parse_amount
from workers.integrations.ocr._confidence import FIELD_WEIGHTS, receipt_confidence
from workers.integrations.ocr._dates import DateOrder, find_date
from workers.integrations.ocr._deskew import estimate_skew
from workers.integrations.ocr._fields import ReceiptFields, extract_fields
from workers.integrations.ocr._image import PreparedPage, UnreadableImageError, load_image, prepare_page
from workers.integrations.ocr._integration import (
    ExtractReceipt,
    create_ocr_integration,
    ocr,
    receipt_variables,
)
from workers.integrations.ocr._reader import ReceiptReading, read_receipt
from workers.integrations.ocr._tesseract import TesseractMissingError
from workers.integrations.ocr._text import OcrLine, OcrWord

__all__ = [
    "FIELD_WEIGHTS",
    "DateOrder",
    "ExtractReceipt",
    "OcrLine",
    "OcrWord",
    "PreparedPage",
    "ReceiptFields",
    "ReceiptReading",
    "TesseractMissingError",
    "UnreadableImageError",
    "create_ocr_integration",
    "estimate_skew",
    "extract_fields",
    "find_amounts",
    "find_date",
    "load_image",
    "ocr",
    "parse_amount",
    "prepare_page",
    "read_receipt",
    "receipt_confidence",
    "receipt_variables",
]
