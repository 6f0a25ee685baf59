"""Stripe task handlers (worker group ``payments``): read payment objects, annotate a payment intent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from workers import Integration, PermanentError, current_job_context
from workers.integrations._http import PerEventLoop, settings_from_environment
from workers.integrations.stripe._client import StripeClient
from workers.integrations.stripe._models import Charge, Customer, PaymentIntent
from workers.integrations.stripe._settings import StripeSettings

__all__ = [
    "ChargeView",
    "CustomerView",
    "GetChargeInput",
    "GetCustomerInput",
    "GetPaymentIntentInput",
    "PaymentIntentView",
    "UpdatePaymentMetadataInput",
    "stripe",
    "stripe_clients",
]

stripe = Integration("stripe", group="payments")
stripe_clients: PerEventLoop[StripeClient] = PerEventLoop(
    lambda: StripeClient(settings_from_environment(StripeSettings))
)
"""The Stripe client of the running event loop."""


class _Input(BaseModel):
    model_config = ConfigDict(extra="ignore")


class PaymentIntentView(BaseModel):
    """A payment intent as process variables see it (amounts in the smallest currency unit)."""

    id: str
    amount: int
    amountReceived: int
    currency: str
    status: str
    customerId: str | None
    latestChargeId: str | None
    receiptEmail: str | None
    description: str | None
    metadata: dict[str, str]

    @classmethod
    def of(cls, intent: PaymentIntent) -> PaymentIntentView:
        """The view of a Stripe payment intent."""
        return cls(
            id=intent.id,
            amount=intent.amount,
            amountReceived=intent.amount_received,
            currency=intent.currency,
            status=intent.status,
            customerId=intent.customer,
            latestChargeId=intent.latest_charge,
            receiptEmail=intent.receipt_email,
            description=intent.description,
            metadata=intent.metadata,
        )


class ChargeView(BaseModel):
    """A charge as process variables see it."""

    id: str
    amount: int
    currency: str
    paid: bool
    status: str
    paymentIntentId: str | None
    customerId: str | None
    billingEmail: str | None
    billingName: str | None
    receiptUrl: str | None
    metadata: dict[str, str]

    @classmethod
    def of(cls, charge: Charge) -> ChargeView:
        """The view of a Stripe charge."""
        return cls(
            id=charge.id,
            amount=charge.amount,
            currency=charge.currency,
            paid=charge.paid,
            status=charge.status,
            paymentIntentId=charge.payment_intent,
            customerId=charge.customer,
            billingEmail=charge.billing_details.email,
            billingName=charge.billing_details.name,
            receiptUrl=charge.receipt_url,
            metadata=charge.metadata,
        )


class CustomerView(BaseModel):
    """A customer as process variables see it."""

    id: str
    deleted: bool
    email: str | None
    name: str | None
    phone: str | None
    metadata: dict[str, str]

    @classmethod
    def of(cls, customer: Customer) -> CustomerView:
        """The view of a Stripe customer."""
        return cls(
            id=customer.id,
            deleted=customer.deleted,
            email=customer.email,
            name=customer.name,
            phone=customer.phone,
            metadata=customer.metadata,
        )


class GetPaymentIntentInput(_Input):
    """``stripe.get-payment-intent``: the payment intent id (``pi_...``)."""

    paymentIntentId: str = Field(pattern=r"^pi_\w+$")


class GetPaymentIntentOutput(BaseModel):
    """The payment intent."""

    paymentIntent: PaymentIntentView


@stripe.task(
    "stripe.get-payment-intent",
    timeout=timedelta(seconds=30),
    input_model=GetPaymentIntentInput,
    output_model=GetPaymentIntentOutput,
    idempotent=False,
)
async def get_payment_intent(paymentIntentId: str) -> dict[str, Any]:
    """Read a payment intent (a read: a rerun reads fresh data, nothing is recorded)."""
    intent = await stripe_clients.get().retrieve_payment_intent(paymentIntentId)
    return GetPaymentIntentOutput(paymentIntent=PaymentIntentView.of(intent)).model_dump()


class GetChargeInput(_Input):
    """``stripe.get-charge``: the charge id (``ch_...``, e.g. a payment intent's ``latestChargeId``)."""

    chargeId: str = Field(pattern=r"^(ch|py)_\w+$")


class GetChargeOutput(BaseModel):
    """The charge."""

    charge: ChargeView


@stripe.task(
    "stripe.get-charge",
    timeout=timedelta(seconds=30),
    input_model=GetChargeInput,
    output_model=GetChargeOutput,
    idempotent=False,
)
async def get_charge(chargeId: str) -> dict[str, Any]:
    """Read a charge."""
    charge = await stripe_clients.get().retrieve_charge(chargeId)
    return GetChargeOutput(charge=ChargeView.of(charge)).model_dump()


class GetCustomerInput(_Input):
    """``stripe.get-customer``: the customer id (``cus_...``)."""

    stripeCustomerId: str = Field(pattern=r"^cus_\w+$")


class GetCustomerOutput(BaseModel):
    """The customer."""

    stripeCustomer: CustomerView


@stripe.task(
    "stripe.get-customer",
    timeout=timedelta(seconds=30),
    input_model=GetCustomerInput,
    output_model=GetCustomerOutput,
    idempotent=False,
)
async def get_customer(stripeCustomerId: str) -> dict[str, Any]:
    """Read a customer (a deleted one comes back with ``deleted: true``)."""
    customer = await stripe_clients.get().retrieve_customer(stripeCustomerId)
    return GetCustomerOutput(stripeCustomer=CustomerView.of(customer)).model_dump()


class UpdatePaymentMetadataInput(_Input):
    """``stripe.update-payment-metadata``: the payment intent and metadata entries to set (Stripe: ≤ 50)."""

    paymentIntentId: str = Field(pattern=r"^pi_\w+$")
    metadata: dict[str, str] = Field(min_length=1, max_length=50)


@stripe.task(
    "stripe.update-payment-metadata",
    timeout=timedelta(seconds=30),
    input_model=UpdatePaymentMetadataInput,
    output_model=GetPaymentIntentOutput,
)
async def update_payment_metadata(paymentIntentId: str, metadata: dict[str, str]) -> dict[str, Any]:
    """Set metadata on a payment intent (e.g. the CRM contact id); the POST carries the job's key."""
    context = current_job_context()
    if context is None:
        raise PermanentError(
            "stripe.update-payment-metadata must run as a job (it needs the idempotency key)"
        )
    intent = await stripe_clients.get().update_payment_intent_metadata(
        paymentIntentId, metadata, idempotency_key=context.idempotency_key
    )
    return GetPaymentIntentOutput(paymentIntent=PaymentIntentView.of(intent)).model_dump()
