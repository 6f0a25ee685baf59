"""Stripe webhooks (``Stripe-Signature``) → ``stripe.payment-succeeded``.

Verification: ``Stripe-Signature: t=..,v1=..[,v1=..]``, any ``v1`` = hex HMAC-SHA256(``STRIPE_WEBHOOK_SECRET``,
``"<t>." + body``), ``t`` within ``FLEET_INGRESS_STRIPE_TOLERANCE`` (300 s). Only ``payment_intent.succeeded``
starts anything (one message per payment: ``charge.succeeded`` and ``checkout.session.completed`` for the same
payment are acknowledged and ignored). Risk comes from the charge's ``outcome`` when ``latest_charge`` is
expanded, else null.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import Response

from workers.ingress._body import parse_json, validate
from workers.ingress._context import IngressContext, ignored, publish_all
from workers.ingress._publisher import EventMessage
from workers.ingress._signatures import verify_stripe_signature

__all__ = ["PaymentIntent", "StripeEvent", "handle_stripe", "payment_succeeded"]

_HANDLED = "payment_intent.succeeded"


class StripeEventData(BaseModel):
    """``data`` of an event: the resource as it was."""

    model_config = ConfigDict(extra="ignore")

    object: dict[str, Any]


class StripeEvent(BaseModel):
    """A Stripe event delivery."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(pattern=r"^evt_[A-Za-z0-9_]+$", max_length=255)
    type: str = Field(min_length=1, max_length=255)
    created: int | None = None
    livemode: bool | None = None
    data: StripeEventData


class PaymentIntent(BaseModel):
    """The fields of a succeeded PaymentIntent the product uses."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(pattern=r"^pi_[A-Za-z0-9_]+$")
    amount: int = Field(ge=0)
    amount_received: int | None = Field(default=None, ge=0)
    currency: str = Field(min_length=3, max_length=3)
    customer: str | dict[str, Any] | None = None
    receipt_email: str | None = None
    latest_charge: str | dict[str, Any] | None = None


def _customer(intent: PaymentIntent) -> tuple[str | None, str | None]:
    if isinstance(intent.customer, dict):
        email = intent.customer.get("email")
        return intent.customer.get("id"), email if isinstance(email, str) else None
    return intent.customer, None


def _charge_email_and_risk(intent: PaymentIntent) -> tuple[str | None, str | None, int | None]:
    charge = intent.latest_charge
    if not isinstance(charge, dict):
        return None, None, None
    details = charge.get("billing_details")
    email = details.get("email") if isinstance(details, dict) else None
    outcome = charge.get("outcome")
    level = outcome.get("risk_level") if isinstance(outcome, dict) else None
    score = outcome.get("risk_score") if isinstance(outcome, dict) else None
    return (
        email if isinstance(email, str) else None,
        level if isinstance(level, str) else None,
        score if isinstance(score, int) and not isinstance(score, bool) else None,
    )


def payment_succeeded(event: StripeEvent, intent: PaymentIntent) -> EventMessage:
    """The message for one succeeded payment."""
    customer_id, customer_email = _customer(intent)
    charge_email, risk_level, risk_score = _charge_email_and_risk(intent)
    return EventMessage(
        name="stripe.payment-succeeded",
        correlation_key=intent.id,
        message_id=f"stripe:{event.id}",
        variables={
            "stripeEventId": event.id,
            "paymentIntentId": intent.id,
            "amount": intent.amount_received or intent.amount,
            "currency": intent.currency.lower(),
            "stripeCustomerId": customer_id,
            "customerEmail": intent.receipt_email or charge_email or customer_email,
            "riskLevel": risk_level,
            "riskScore": risk_score,
        },
    )


async def handle_stripe(context: IngressContext, request: Request) -> Response:
    """``POST /webhooks/stripe``."""
    secret = context.secret(context.settings.stripe_webhook_secret, "STRIPE_WEBHOOK_SECRET")
    body = await context.body(request)
    verify_stripe_signature(
        request.headers.get("Stripe-Signature"),
        secret,
        body,
        now=context.now(),
        tolerance=context.settings.stripe_tolerance,
    )
    event = validate(StripeEvent, parse_json(body))
    if event.type != _HANDLED:
        return ignored(f"Stripe event type {event.type} is not used")
    intent = validate(PaymentIntent, event.data.object)
    return await publish_all(context, [payment_succeeded(event, intent)])
