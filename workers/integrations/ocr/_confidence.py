"""One confidence figure (0..1) a model can branch on: how much of the receipt was found, how surely."""

from __future__ import annotations

import statistics

from workers.integrations.ocr._fields import ReceiptFields

__all__ = ["FIELD_WEIGHTS", "receipt_confidence"]

FIELD_WEIGHTS = {"total": 0.4, "date": 0.25, "vendor": 0.2, "tax": 0.15}
"""How much each field counts: the total matters most to accounting, the tax least (not every receipt shows it)."""

_TOTAL_WITHOUT_KEYWORD = 0.7
_CROSS_CHECKED_RECOGNITION = 0.95
"""Recognition credited when the item prices add up to the total: digits that sum up were read right."""


def receipt_confidence(fields: ReceiptFields) -> float:
    """Weighted share of the fields found, times Tesseract's mean confidence on the lines they came from.

    A total guessed as the largest amount (no ``TOTAL``/``SUMME`` line) counts only partly; item prices that
    add up to the total vouch for the recognition (at least 0.95).
    """
    if not fields.matches:
        return 0.0
    completeness = sum(FIELD_WEIGHTS[name] for name in fields.matches)
    if "total" in fields.matches and not fields.total_from_keyword:
        completeness -= FIELD_WEIGHTS["total"] * (1 - _TOTAL_WITHOUT_KEYWORD)
    recognition = statistics.fmean(match.confidence for match in fields.matches.values())
    if fields.amounts_agree:
        recognition = max(recognition, _CROSS_CHECKED_RECOGNITION)
    return round(max(0.0, min(1.0, completeness * recognition)), 3)
