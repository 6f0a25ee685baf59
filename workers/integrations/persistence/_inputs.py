"""Input models of the ``fleet-db.*`` tasks (camelCase, as the process variables are named)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["GetLead", "GetPaymentHistory", "GetTicket", "SaveLead", "SavePayment", "SaveTicket"]

_EMAIL = r"^[^@\s]+@[^@\s]+$"
_OPTIONAL_TEXT = Field(default=None, max_length=200)


class _Input(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class SaveLead(_Input):
    """``fleet-db.save-lead``: keyed by ``email``."""

    email: str = Field(max_length=320, pattern=_EMAIL)
    firstName: str | None = _OPTIONAL_TEXT
    lastName: str | None = _OPTIONAL_TEXT
    phone: str | None = Field(default=None, max_length=50)
    leadSource: str | None = Field(default=None, max_length=100)
    manychatUserId: str | None = Field(default=None, max_length=100)
    hubspotContactId: str | None = Field(default=None, max_length=100)
    leadScore: int | None = None


class SavePayment(_Input):
    """``fleet-db.save-payment``: keyed by ``paymentIntentId``; ``amount`` in minor units as Stripe sends it."""

    paymentIntentId: str = Field(min_length=1, max_length=255)
    paymentStatus: str = Field(min_length=1, max_length=50)
    customerId: str | None = Field(default=None, max_length=255)
    customerEmail: str | None = Field(default=None, max_length=320, pattern=_EMAIL)
    amount: int | None = Field(default=None, ge=0)
    currency: str | None = Field(default=None, pattern=r"^[A-Za-z]{3}$")


class SaveTicket(_Input):
    """``fleet-db.save-ticket``: keyed by ``ticketId``; amounts are decimal (``12.50``)."""

    ticketId: str = Field(min_length=1, max_length=255)
    ticketStatus: str | None = Field(default=None, min_length=1, max_length=50)
    customerPhone: str | None = Field(default=None, max_length=50)
    customerEmail: str | None = Field(default=None, max_length=320, pattern=_EMAIL)
    vendorName: str | None = Field(default=None, max_length=300)
    receiptDate: date | None = None
    totalAmount: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2)
    taxAmount: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2)
    currency: str | None = Field(default=None, pattern=r"^[A-Za-z]{3}$")
    ocrConfidence: float | None = Field(default=None, ge=0, le=1)
    receiptDocumentId: str | None = Field(default=None, max_length=1024)
    accountingDocumentId: str | None = Field(default=None, max_length=1024)
    ticketSubject: str | None = Field(default=None, max_length=1000)
    ticketCategory: str | None = Field(default=None, max_length=100)
    ticketPriority: str | None = Field(default=None, max_length=20)
    ticketSummary: str | None = Field(default=None, max_length=20000)


class GetPaymentHistory(_Input):
    """``fleet-db.get-payment-history``: by ``customerId`` and/or ``customerEmail``."""

    customerId: str | None = Field(default=None, max_length=255)
    customerEmail: str | None = Field(default=None, max_length=320)
    paymentIntentId: str | None = Field(default=None, max_length=255)

    @model_validator(mode="after")
    def _identifies_a_customer(self) -> GetPaymentHistory:
        if not self.customerId and not self.customerEmail:
            raise ValueError("give customerId or customerEmail")
        return self


class GetTicket(_Input):
    """``fleet-db.get-ticket``."""

    ticketId: str = Field(min_length=1, max_length=255)


class GetLead(_Input):
    """``fleet-db.get-lead``: by e-mail address (case does not matter)."""

    email: str = Field(max_length=320, pattern=_EMAIL)
