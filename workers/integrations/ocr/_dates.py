"""Dates in receipt text, in the formats receipts print, as :class:`datetime.date`."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

__all__ = ["DateOrder", "find_date"]

DateOrder = Literal["DMY", "MDY"]
"""How to read an ambiguous numeric date such as ``03/04/2024``."""

_MONTHS = {
    "jan": 1, "januar": 1, "janvier": 1, "enero": 1, "ene": 1,
    "feb": 2, "februar": 2, "fevrier": 2, "février": 2, "febrero": 2, "fev": 2, "fév": 2,
    "mar": 3, "mär": 3, "maerz": 3, "märz": 3, "mars": 3, "marzo": 3,
    "apr": 4, "april": 4, "avril": 4, "abril": 4, "avr": 4, "abr": 4,
    "may": 5, "mai": 5, "mayo": 5,
    "jun": 6, "juni": 6, "juin": 6, "junio": 6,
    "jul": 7, "juli": 7, "juillet": 7, "julio": 7, "juil": 7,
    "aug": 8, "august": 8, "aout": 8, "août": 8, "agosto": 8, "ago": 8,
    "sep": 9, "sept": 9, "september": 9, "septembre": 9, "septiembre": 9,
    "oct": 10, "okt": 10, "oktober": 10, "octobre": 10, "octubre": 10,
    "nov": 11, "november": 11, "novembre": 11, "noviembre": 11,
    "dec": 12, "dez": 12, "dezember": 12, "décembre": 12, "decembre": 12, "diciembre": 12, "dic": 12, "déc": 12,
}  # fmt: skip
_ENGLISH_FULL = {
    "january": 1, "february": 2, "march": 3, "june": 6, "july": 7, "october": 10, "december": 12,
}  # fmt: skip
_MONTH_WORD = r"(?P<month>[A-Za-zÀ-ÿ]{3,9})\.?"
_NUMERIC_ISO = re.compile(
    r"(?<!\d)(?P<year>(?:19|2\d)\d{2})[-./](?P<month>\d{1,2})[-./](?P<day>\d{1,2})(?!\d)"
)
_NUMERIC = re.compile(
    r"(?<![\d.])(?P<first>\d{1,2})[-./](?P<second>\d{1,2})[-./](?P<year>\d{4}|\d{2})(?![\d])"
)
_DAY_MONTH_YEAR = re.compile(rf"(?<!\d)(?P<day>\d{{1,2}})\.?\s*{_MONTH_WORD}\s*,?\s*(?P<year>\d{{4}})(?!\d)")
_MONTH_DAY_YEAR = re.compile(
    rf"{_MONTH_WORD}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})(?!\d)"
)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        return 2000 + year if year < 70 else 1900 + year
    if text.startswith("2") and not 2000 <= year < 2100:
        # A dotted or slashed zero (monospaced receipt fonts) often reads as 6 or 8: 2624 is 2024.
        return int(f"20{text[2:]}")
    return year


def _month(word: str) -> int | None:
    lowered = word.lower()
    return _MONTHS.get(lowered) or _ENGLISH_FULL.get(lowered)


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _numeric(match: re.Match[str], order: DateOrder) -> date | None:
    first, second, year = int(match.group("first")), int(match.group("second")), _year(match.group("year"))
    day, month = (first, second) if order == "DMY" else (second, first)
    # A reading impossible in the preferred order may be valid in the other one (31/12 vs 12/31).
    return _valid(year, month, day) or _valid(year, day, month)


def find_date(text: str, order: DateOrder = "DMY") -> date | None:
    """The first plausible date in ``text``: ISO ``2024-03-15``, numeric ``15.03.2024`` / ``03/15/24``
    (read per ``order``), or with a month name (``15 Mar 2024``, ``March 15, 2024``, ``15. März 2024``)."""
    candidates: list[tuple[int, date]] = []
    for match in _NUMERIC_ISO.finditer(text):
        found = _valid(_year(match.group("year")), int(match.group("month")), int(match.group("day")))
        if found:
            candidates.append((match.start(), found))
    for match in _NUMERIC.finditer(text):
        found = _numeric(match, order)
        if found:
            candidates.append((match.start(), found))
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        for match in pattern.finditer(text):
            month = _month(match.group("month"))
            found = _valid(_year(match.group("year")), month, int(match.group("day"))) if month else None
            if found:
                candidates.append((match.start(), found))
    plausible = [(start, found) for start, found in candidates if 1990 <= found.year <= 2100]
    return min(plausible)[1] if plausible else None
