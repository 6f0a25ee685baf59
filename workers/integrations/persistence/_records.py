"""What the fleet stores: plain records passed to :class:`FleetDatabase`, and what it returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

__all__ = ["LeadRecord", "PaymentHistory", "PaymentRecord", "SavedRecord", "TicketRecord"]


@dataclass(frozen=True)
class LeadRecord:
    """A lead, keyed by its e-mail address (stored lower-case). ``None`` fields keep their stored value."""

    email: str
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    source: str | None = None
    manychat_user_id: str | None = None
    hubspot_contact_id: str | None = None
    lead_score: int | None = None


@dataclass(frozen=True)
class PaymentRecord:
    """A payment, keyed by the Stripe payment intent id; ``amount_minor`` in the currency's minor unit."""

    payment_intent_id: str
    status: str
    customer_id: str | None = None
    customer_email: str | None = None
    amount_minor: int | None = None
    currency: str | None = None


@dataclass(frozen=True)
class TicketRecord:
    """A ticket, keyed by its ticket id: an expense receipt to book (vendor, amounts, documents) and/or a
    support request (subject, triage). ``None`` fields keep their stored value."""

    ticket_id: str
    status: str | None = None
    customer_phone: str | None = None
    customer_email: str | None = None
    vendor_name: str | None = None
    receipt_date: date | None = None
    total_amount: Decimal | None = None
    tax_amount: Decimal | None = None
    currency: str | None = None
    ocr_confidence: float | None = None
    receipt_document_id: str | None = None
    accounting_document_id: str | None = None
    subject: str | None = None
    category: str | None = None
    priority: str | None = None
    summary: str | None = None
    created_at: datetime | None = None
    """Set on records read back from the database; ignored when saving."""
    updated_at: datetime | None = None
    """Set on records read back from the database; ignored when saving."""


@dataclass(frozen=True)
class SavedRecord:
    """The row an upsert wrote: its surrogate id and whether the business key was new.

    ``is_new`` comes from a read just before the upsert: two concurrent first saves of one key write one
    row (the upsert is atomic) but may both report it as new.
    """

    id: int
    is_new: bool


@dataclass(frozen=True)
class PaymentHistory:
    """A customer's earlier payments with a given status."""

    count: int
    total_minor: int
    last_payment_at: datetime | None
