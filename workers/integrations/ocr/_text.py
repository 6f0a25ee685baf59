"""Tesseract's words grouped into lines, with the confidences and sizes the field extraction uses."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

__all__ = ["OcrLine", "OcrWord"]


@dataclass(frozen=True)
class OcrWord:
    """One recognised word: its text, Tesseract's confidence (0..100) and its box height in pixels."""

    text: str
    confidence: float
    height: int


@dataclass(frozen=True)
class OcrLine:
    """The words of one text line, left to right."""

    words: tuple[OcrWord, ...]

    @property
    def text(self) -> str:
        """The words joined by single spaces."""
        return " ".join(word.text for word in self.words)

    @property
    def confidence(self) -> float:
        """Mean word confidence, 0..1."""
        if not self.words:
            return 0.0
        return statistics.fmean(word.confidence for word in self.words) / 100

    @property
    def height(self) -> float:
        """Median word height: bigger print (the vendor's name, the total) stands out."""
        return statistics.median(word.height for word in self.words) if self.words else 0.0
