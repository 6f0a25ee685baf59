"""What an accounting document says, independent of how it is rendered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

__all__ = ["AccountingDocument", "format_amount"]

_CENT = Decimal("0.01")


def format_amount(amount: Decimal) -> str:
    """``1234.5`` -> ``1,234.50`` (two decimals, thousands separated by commas)."""
    return f"{amount.quantize(_CENT):,.2f}"


@dataclass(frozen=True)
class AccountingDocument:
    """One receipt booked for a ticket; amounts are gross (``total``) and the tax included in it."""

    ticket_id: str
    vendor_name: str
    receipt_date: date
    total: Decimal
    tax: Decimal | None
    currency: str | None
    """ISO code; ``None`` when the receipt did not say (amounts are then shown without one)."""
    receipt_document_id: str | None = None
    submitted_by: str | None = None

    @property
    def net(self) -> Decimal | None:
        """Total minus tax, when the tax is known."""
        return None if self.tax is None else self.total - self.tax

    def rows(self) -> list[tuple[str, str]]:
        """The labelled values, in the order the document shows them."""

        def money(amount: Decimal | None) -> str:
            if amount is None:
                return "not stated"
            return f"{format_amount(amount)} {self.currency}" if self.currency else format_amount(amount)

        rows = [
            ("Ticket", self.ticket_id),
            ("Vendor", self.vendor_name),
            ("Receipt date", self.receipt_date.isoformat()),
            ("Net amount", money(self.net)),
            ("Tax", money(self.tax)),
            ("Total", money(self.total)),
        ]
        if self.submitted_by:
            rows.append(("Submitted by", self.submitted_by))
        if self.receipt_document_id:
            rows.append(("Receipt document", self.receipt_document_id))
        return rows
