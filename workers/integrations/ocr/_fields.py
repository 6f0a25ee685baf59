"""Find vendor, date, total, tax and currency in the recognised lines of a receipt."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from workers.integrations.ocr._amounts import currency_in, find_amounts
from workers.integrations.ocr._dates import DateOrder, find_date
from workers.integrations.ocr._text import OcrLine

__all__ = ["FieldMatch", "ReceiptFields", "extract_fields"]

_TOTAL_WORDS = (
    "TOTAL", "SUMME", "GESAMT", "GESAMTBETRAG", "ENDSUMME", "BETRAG", "ZAHLEN", "TTC", "AMOUNT", "DUE",
    "BALANCE", "TOTALE", "IMPORTE", "TOTAAL", "PAY",
)  # fmt: skip
_NOT_TOTAL_WORDS = (
    "SUBTOTAL", "ZWISCHENSUMME", "SUB", "NETTO", "NET", "HT", "CHANGE", "RUECKGELD", "RÜCKGELD", "CASH",
    "BAR", "GEGEBEN", "TIP", "SAVINGS", "DISCOUNT", "RABATT", "ITEMS", "ARTIKEL",
)  # fmt: skip
_NOT_ITEM_WORDS = (
    "SUBTOTAL", "ZWISCHENSUMME", "SUB", "NETTO", "NET", "HT", "CHANGE", "RUECKGELD", "RÜCKGELD", "CASH",
    "BAR", "GEGEBEN", "ITEMS", "ARTIKEL", "VISA", "MASTERCARD", "GIROCARD",
)  # fmt: skip
_TAX_WORDS = (
    "VAT",
    "TAX",
    "MWST",
    "UST",
    "TVA",
    "IVA",
    "GST",
    "HST",
    "MEHRWERTSTEUER",
    "STEUER",
    "VAT%",
    "BTW",
)
_INCLUDED_WORDS = ("INCL", "INKL", "INCLUDED", "ENTHALTEN", "TTC")
_NOT_VENDOR = re.compile(
    r"\b(RECEIPT|INVOICE|RECHNUNG|KASSENBON|QUITTUNG|BELEG|TICKET|FACTURE|WELCOME|WILLKOMMEN|TEL|PHONE|FAX|WWW)\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_SAME_PRINT_SIZE = 0.85
"""Lines whose print is at least this share of the largest count as equally large (OCR boxes vary)."""
_TOKEN = re.compile(r"[A-Za-zÀ-ÿ%]+")
_VENDOR_JUNK = re.compile(r"[^\wÀ-ÿ&'.,\- ]+")


def _distance_at_most_one(word: str, keyword: str) -> bool:
    if word == keyword:
        return True
    if abs(len(word) - len(keyword)) > 1 or len(keyword) < 4:
        return False
    if len(word) == len(keyword):
        return sum(a != b for a, b in zip(word, keyword, strict=True)) <= 1
    shorter, longer = sorted((word, keyword), key=len)
    return any(longer[:index] + longer[index + 1 :] == shorter for index in range(len(longer)))


def _has_word(tokens: list[str], keywords: tuple[str, ...]) -> bool:
    return any(_distance_at_most_one(token, keyword) for token in tokens for keyword in keywords)


def _tokens(text: str) -> list[str]:
    return [token.upper() for token in _TOKEN.findall(text)]


@dataclass(frozen=True)
class FieldMatch:
    """Where a field was read: the line's index and its confidence (0..1)."""

    line_index: int
    confidence: float


@dataclass(frozen=True)
class ReceiptFields:
    """What the receipt says, each field with the line it came from (``None`` when not found)."""

    vendor: str | None
    receipt_date: date | None
    total: Decimal | None
    tax: Decimal | None
    currency: str | None
    matches: dict[str, FieldMatch]
    total_from_keyword: bool
    amounts_agree: bool = False
    """The item prices above the total add up to it (with or without the tax): the digits cross-check."""

    @property
    def missing(self) -> list[str]:
        """Names of the fields not found, in a fixed order."""
        values = {"vendor": self.vendor, "date": self.receipt_date, "total": self.total, "tax": self.tax}
        return [name for name, value in values.items() if value is None]


def _line_kind(line: OcrLine) -> str:
    tokens = _tokens(line.text)
    is_total = _has_word(tokens, _TOTAL_WORDS) and not _has_word(tokens, _NOT_TOTAL_WORDS)
    is_tax = _has_word(tokens, _TAX_WORDS)
    if is_total and (not is_tax or _has_word(tokens, _INCLUDED_WORDS)):
        return "total"
    if is_tax:
        return "tax"
    return "other"


def _labelled_amount(lines: list[OcrLine], index: int) -> Decimal | None:
    """The amount a labelled line stands for: its right-most amount, or a lone amount on the next line
    (receipts printing the total in large type often put it below its label)."""
    amounts = find_amounts(lines[index].text)
    if amounts:
        return amounts[-1].value
    if index + 1 < len(lines):
        following = lines[index + 1]
        below = find_amounts(following.text)
        if len(below) == 1 and _line_kind(following) == "other" and len(following.words) <= 2:
            return below[0].value
    return None


def _labelled(lines: list[OcrLine], kind: str) -> list[tuple[Decimal, int]]:
    found = []
    for index, line in enumerate(lines):
        if _line_kind(line) == kind and (value := _labelled_amount(lines, index)) is not None:
            found.append((value, index))
    return found


def _find_totals(lines: list[OcrLine]) -> tuple[Decimal | None, int | None, bool]:
    candidates = _labelled(lines, "total")
    if candidates:
        value, index = max(candidates)
        return value, index, True
    every = [(amount.value, index) for index, line in enumerate(lines) for amount in find_amounts(line.text)]
    if every:
        value, index = max(every)
        return value, index, False
    return None, None, False


def _find_tax(lines: list[OcrLine], total: Decimal | None) -> tuple[Decimal | None, int | None]:
    found = _labelled(lines, "tax")
    if not found:
        return None, None
    tax = sum((value for value, _ in found), Decimal(0))
    if total is not None and tax >= total:
        return None, None
    return tax, found[0][1]


def _amounts_agree(
    lines: list[OcrLine], first_item_line: int, total_line: int, total: Decimal, tax: Decimal | None
) -> bool:
    items = [
        amounts[-1].value
        for line in lines[first_item_line:total_line]
        if _line_kind(line) == "other"
        and not _has_word(_tokens(line.text), _NOT_ITEM_WORDS)
        and (amounts := find_amounts(line.text))
    ]
    if not items:
        return False
    item_sum = sum(items, Decimal(0))
    return item_sum == total or (tax is not None and item_sum + tax == total)


def _clean_vendor(text: str) -> str:
    cleaned = _VENDOR_JUNK.sub(" ", text)
    return re.sub(r"\s+", " ", cleaned).strip(" .,-'")


def _find_vendor(lines: list[OcrLine], first_data_line: int) -> tuple[str | None, int | None]:
    """The shop's name: among the header lines in (nearly) the largest print, the first without digits
    (addresses and phone numbers have them), else the first of them."""
    head = lines[: max(1, min(first_data_line, 6))]
    candidates: list[tuple[int, str, float]] = []
    for index, line in enumerate(head):
        name = _clean_vendor(line.text)
        letters = sum(character.isalpha() for character in name)
        if letters < 3 or letters / max(len(name.replace(" ", "")), 1) < 0.6 or _NOT_VENDOR.search(name):
            continue
        candidates.append((index, name, line.height))
    if not candidates:
        return None, None
    tallest = max(height for _, _, height in candidates)
    large = [(index, name) for index, name, height in candidates if height >= tallest * _SAME_PRINT_SIZE]
    index, name = next(((index, name) for index, name in large if not _DIGIT.search(name)), large[0])
    return name, index


def extract_fields(lines: list[OcrLine], *, date_order: DateOrder = "DMY") -> ReceiptFields:
    """Read the fields from ``lines`` (top to bottom)."""
    matches: dict[str, FieldMatch] = {}
    receipt_date: date | None = None
    date_line: int | None = None
    for index, line in enumerate(lines):
        receipt_date = find_date(line.text, date_order)
        if receipt_date is not None:
            date_line = index
            break
    total, total_line, from_keyword = _find_totals(lines)
    tax, tax_line = _find_tax(lines, total)
    first_amount_line = next(
        (index for index, line in enumerate(lines) if find_amounts(line.text)), len(lines)
    )
    first_data_line = min(first_amount_line, date_line if date_line is not None else len(lines))
    vendor, vendor_line = _find_vendor(lines, first_data_line)
    for name, line_index in (
        ("vendor", vendor_line),
        ("date", date_line),
        ("total", total_line),
        ("tax", tax_line),
    ):
        if line_index is not None:
            matches[name] = FieldMatch(line_index, lines[line_index].confidence)
    currencies = Counter(code for line in lines if (code := currency_in(line.text)) is not None)
    currency = currencies.most_common(1)[0][0] if currencies else None
    agree = (
        from_keyword
        and total is not None
        and total_line is not None
        and _amounts_agree(lines, first_data_line, total_line, total, tax)
    )
    return ReceiptFields(
        vendor=vendor,
        receipt_date=receipt_date,
        total=total,
        tax=tax,
        currency=currency,
        matches=matches,
        total_from_keyword=from_keyword,
        amounts_agree=agree,
    )
