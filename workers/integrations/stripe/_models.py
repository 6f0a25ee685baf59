"""The Stripe objects the payment flows read (the fields they use; unknown fields are kept)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["BillingDetails", "Charge", "Customer", "PaymentIntent"]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class PaymentIntent(_Open):
    """``payment_intent``: amounts in the currency's smallest unit."""

    id: str
    object: Literal["payment_intent"]
    amount: int
    amount_received: int = 0
    currency: str
    status: str
    customer: str | None = None
    description: str | None = None
    latest_charge: str | None = None
    receipt_email: str | None = None
    metadata: dict[str, str] = Field(default_factory=dict)


class BillingDetails(_Open):
    """Who paid, as entered with the payment method."""

    email: str | None = None
    name: str | None = None
    phone: str | None = None


class Charge(_Open):
    """``charge``."""

    id: str
    object: Literal["charge"]
    amount: int
    currency: str
    paid: bool
    status: str
    payment_intent: str | None = None
    customer: str | None = None
    receipt_url: str | None = None
    billing_details: BillingDetails = Field(default_factory=BillingDetails)
    metadata: dict[str, str] = Field(default_factory=dict)


class Customer(_Open):
    """``customer`` (a deleted customer has only ``id``, ``object`` and ``deleted``)."""

    id: str
    object: Literal["customer"]
    deleted: bool = False
    email: str | None = None
    name: str | None = None
    phone: str | None = None
    metadata: dict[str, str] = Field(default_factory=dict)
