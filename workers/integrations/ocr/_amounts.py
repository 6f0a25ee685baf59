"""Money amounts in receipt text: ``7,95``, ``1.052,80 €``, ``$25.53``, ``£16.24``, ``EUR 3.20``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Amount", "currency_in", "find_amounts", "parse_amount"]

# Thousands groups are optional; the decimal part has exactly two digits. ';' stands for a misread ','.
_NUMBER = r"\d{1,3}(?:[.,'\u2019]\d{3})+[.,;]\d{2}|\d+[.,;]\d{2}"
_AMOUNT = re.compile(rf"(?<![\d.,;:/-])(?P<minus>-)?(?P<number>{_NUMBER})(?![.,;:/]?\d)(?!\s?%)")

_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "₺": "TRY", "₩": "KRW"}
_CODES = (
    "EUR", "USD", "GBP", "CHF", "JPY", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "INR", "BRL",
    "MXN", "TRY", "ZAR", "NZD", "SGD", "HKD", "CNY",
)  # fmt: skip
_CODE = re.compile(rf"\b({'|'.join(_CODES)})\b")
_SYMBOL = re.compile("|".join(re.escape(symbol) for symbol in _SYMBOLS))


@dataclass(frozen=True)
class Amount:
    """An amount found in a line, with where it ends (the right-most amount of a line is usually its price)."""

    value: Decimal
    end: int


def parse_amount(number: str) -> Decimal:
    """``1.052,80`` / ``1,052.80`` / ``7;95`` -> ``Decimal``: the last separator before two digits is the
    decimal point, every other separator groups thousands."""
    whole, fraction = number[:-3], number[-2:]
    digits = re.sub(r"\D", "", whole) or "0"
    return Decimal(f"{int(digits)}.{fraction}")


def find_amounts(text: str) -> list[Amount]:
    """The amounts in ``text``, left to right; percentages, dates and times are not amounts."""
    found = []
    for match in _AMOUNT.finditer(text):
        value = parse_amount(match.group("number"))
        found.append(Amount(-value if match.group("minus") else value, match.end()))
    return found


def currency_in(text: str) -> str | None:
    """The ISO code of the first currency symbol or code in ``text``."""
    symbol = _SYMBOL.search(text)
    code = _CODE.search(text.upper())
    candidates = [
        (symbol.start(), _SYMBOLS[symbol.group()]) if symbol else None,
        (code.start(), code.group(1)) if code else None,
    ]
    present = [candidate for candidate in candidates if candidate is not None]
    return min(present)[1] if present else None
