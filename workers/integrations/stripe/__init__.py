"""Stripe: read payment intents, charges and customers; annotate payment intents; worker group ``payments``."""

from workers.integrations.stripe._client import StripeClient, read_stripe_error, stripe_idempotency_key
from workers.integrations.stripe._models import Charge, Customer, PaymentIntent
from workers.integrations.stripe._settings import StripeSettings
from workers.integrations.stripe._tasks import stripe, stripe_clients

__all__ = [
    "Charge",
    "Customer",
    "PaymentIntent",
    "StripeClient",
    "StripeSettings",
    "read_stripe_error",
    "stripe",
    "stripe_clients",
    "stripe_idempotency_key",
]
