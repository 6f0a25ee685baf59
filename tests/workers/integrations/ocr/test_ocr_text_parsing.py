"""Amounts, dates, fields and confidence from recognised text (no Tesseract needed)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from workers.integrations.ocr import (
    FIELD_WEIGHTS,
    OcrLine,
    OcrWord,
    extract_fields,
    find_amounts,
    find_date,
    parse_amount,
    receipt_confidence,
)


def lines_of(*texts: str, confidence: float = 90.0, heights: dict[int, int] | None = None) -> list[OcrLine]:
    sizes = heights or {}
    return [
        OcrLine(tuple(OcrWord(word, confidence, sizes.get(index, 20)) for word in text.split()))
        for index, text in enumerate(texts)
    ]


@pytest.mark.parametrize(
    ("number", "value"),
    [
        ("7,95", "7.95"),
        ("25.53", "25.53"),
        ("1.052,80", "1052.80"),
        ("1,052.80", "1052.80"),
        ("12'345.00", "12345.00"),
        ("1.234.567,89", "1234567.89"),
        ("3;20", "3.20"),
    ],
)
def test_amounts_use_the_last_separator_as_decimal_point(number: str, value: str) -> None:
    assert parse_amount(number) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("SUMME EUR 7,95", ["7.95"]),
        ("TOTAL $25.53", ["25.53"]),
        ("TOTAL TTC 1.052,80 €", ["1052.80"]),
        ("Sales Tax 8.625% $2.03", ["2.03"]),
        ("MwSt 19,00 % 1,27", ["1.27"]),
        ("Datum: 15.03.2024 14:32", []),
        ("Date: 03/15/24 19:05", []),
        ("Rabatt -1,50", ["-1.50"]),
        ("Greeting card - 2.75", ["2.75"]),
        ("2 x 3,20 6,40", ["3.20", "6.40"]),
        ("10115 Berlin", []),
    ],
)
def test_find_amounts_skips_percentages_dates_and_times(text: str, values: list[str]) -> None:
    assert [amount.value for amount in find_amounts(text)] == [Decimal(value) for value in values]


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("Datum: 15.03.2024 14:32", "DMY", date(2024, 3, 15)),
        ("Date: 2024-11-02 19:05", "DMY", date(2024, 11, 2)),
        ("Le 28/06/2023", "DMY", date(2023, 6, 28)),
        ("03/04/2024", "DMY", date(2024, 4, 3)),
        ("03/04/2024", "MDY", date(2024, 3, 4)),
        ("12/31/2024", "DMY", date(2024, 12, 31)),
        ("15-03-24", "DMY", date(2024, 3, 15)),
        ("07 Feb 2025", "DMY", date(2025, 2, 7)),
        ("March 15, 2024", "DMY", date(2024, 3, 15)),
        ("Sep 3rd, 2023", "DMY", date(2023, 9, 3)),
        ("15. März 2024", "DMY", date(2024, 3, 15)),
        ("1 déc. 2022", "DMY", date(2022, 12, 1)),
        ("2024/02/29", "DMY", date(2024, 2, 29)),
        ("Datum: 15.03.2624", "DMY", date(2024, 3, 15)),
        ("Total 31.02.2024", "DMY", None),
        ("Tel 030 1234567", "DMY", None),
        ("Table 12 Guests 4", "DMY", None),
    ],
)
def test_find_date_reads_receipt_formats(text: str, order: str, expected: date | None) -> None:
    assert find_date(text, order) == expected  # type: ignore[arg-type]


def test_fields_of_a_typical_receipt() -> None:
    lines = lines_of(
        "BAECKEREI| SCHMIDT",
        "Hauptstrasse 12",
        "10115 Berlin",
        "Datum: 15.03.2024 14:32",
        "Roggenbrot 3,20",
        "Kaffee gross 2,80",
        "Zwischensumme 6,00",
        "MwsSt 19% 0,96",
        "SUMME EUR 6,00",
        "Gegeben BAR 10,00",
        "Rueckgeld 4,00",
        heights={0: 34},
    )

    fields = extract_fields(lines)

    assert (fields.vendor, fields.receipt_date) == ("BAECKEREI SCHMIDT", date(2024, 3, 15))
    assert (fields.total, fields.tax, fields.currency) == (Decimal("6.00"), Decimal("0.96"), "EUR")
    assert fields.total_from_keyword and fields.missing == []
    assert fields.amounts_agree  # 3,20 + 2,80 = 6,00; the subtotal and the cash lines are no items


def test_the_largest_total_line_wins_and_included_tax_is_not_the_total() -> None:
    lines = lines_of(
        "CORNER SHOP",
        "Subtotal 20.00",
        "Total 23.80",
        "incl. VAT 20% 3.80",
        "Total items 3",
    )

    fields = extract_fields(lines)

    assert (fields.total, fields.tax) == (Decimal("23.80"), Decimal("3.80"))


def test_a_total_printed_below_its_label_is_found() -> None:
    fields = extract_fields(
        lines_of("KIOSK", "12.01.2025", "Cola 2,50", "Chips 1,99", "GESAMT EUR", "4,49", "MwSt 0,72")
    )

    assert (fields.total, fields.tax) == (Decimal("4.49"), Decimal("0.72"))
    assert fields.total_from_keyword


def test_item_prices_adding_up_to_the_total_vouch_for_the_recognition() -> None:
    header = ("DINER", "2024-11-02")
    agreeing = extract_fields(
        lines_of(
            *header,
            "Burger $12.50",
            "2 x Fries $4.25 $8.50",
            "Sales Tax 8% $1.68",
            "TOTAL $22.68",
            confidence=70,
        )
    )
    misread = extract_fields(
        lines_of(
            *header,
            "Burger $12.50",
            "2 x Fries $4.25 $8.60",
            "Sales Tax 8% $1.68",
            "TOTAL $22.68",
            confidence=70,
        )
    )

    assert agreeing.amounts_agree and not misread.amounts_agree
    assert receipt_confidence(agreeing) == 0.95
    assert receipt_confidence(misread) == 0.7


def test_several_tax_rates_add_up() -> None:
    fields = extract_fields(lines_of("MARKT", "MwSt 7% 0,35", "MwSt 19% 1,14", "Gesamt 10,00"))

    assert fields.tax == Decimal("1.49")


def test_without_a_total_line_the_largest_amount_is_taken_less_surely() -> None:
    keyword = extract_fields(lines_of("SHOP", "01/02/2024", "Item 4.00", "Total 9.00", "Tax 1.00"))
    guessed = extract_fields(lines_of("SHOP", "01/02/2024", "Item 4.00", "Thing 9.00", "Tax 1.00"))

    assert guessed.total == Decimal("9.00") and not guessed.total_from_keyword
    assert receipt_confidence(guessed) < receipt_confidence(keyword)


def test_vendor_is_the_biggest_print_above_the_first_data_line_and_not_a_receipt_title() -> None:
    lines = lines_of("RECEIPT", "Welcome to", "Green Grocer Ltd", "12 Main St", "2024-01-05", heights={2: 40})

    assert extract_fields(lines).vendor == "Green Grocer Ltd"


def test_among_equally_large_header_lines_the_vendor_is_the_one_without_digits() -> None:
    lines = lines_of("Main Street 1, Berlin", "SANDBOX MARKET", "Date: 2024-03-15", heights={0: 22, 1: 20})

    assert extract_fields(lines).vendor == "SANDBOX MARKET"


def test_tax_not_below_total_is_ignored() -> None:
    assert extract_fields(lines_of("SHOP", "Tax 50.00", "Total 20.00")).tax is None


def test_confidence_weights_the_fields_found_by_recognition_quality() -> None:
    complete = extract_fields(lines_of("SHOP", "2024-01-05", "VAT 1.00", "TOTAL 9.00", confidence=90))
    no_tax = extract_fields(lines_of("SHOP", "2024-01-05", "TOTAL 9.00", confidence=90))
    blurry = extract_fields(lines_of("SHOP", "2024-01-05", "VAT 1.00", "TOTAL 9.00", confidence=45))
    nothing = extract_fields(lines_of("...", confidence=90))

    assert receipt_confidence(complete) == 0.9
    assert receipt_confidence(no_tax) == round((1 - FIELD_WEIGHTS["tax"]) * 0.9, 3)
    assert receipt_confidence(blurry) == 0.45
    assert nothing.missing == ["vendor", "date", "total", "tax"]
    assert receipt_confidence(nothing) == 0.0
