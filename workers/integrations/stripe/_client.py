"""Stripe API client: reads of payment objects, and POSTs that always carry an ``Idempotency-Key``."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from urllib.parse import quote

import httpx

from workers.integrations._http import (
    ApiClient,
    ApiConfig,
    BearerAuth,
    ErrorDetail,
    Replay,
    Tuning,
    json_or_none,
    read_generic_error,
)
from workers.integrations.stripe._models import Charge, Customer, PaymentIntent
from workers.integrations.stripe._settings import StripeSettings

__all__ = ["MAX_IDEMPOTENCY_KEY_LENGTH", "StripeClient", "read_stripe_error", "stripe_idempotency_key"]

MAX_IDEMPOTENCY_KEY_LENGTH = 255


def stripe_idempotency_key(job_key: str) -> str:
    """The ``Idempotency-Key`` for a job's idempotency key: itself, or its SHA-256 when longer than 255."""
    if not job_key:
        raise ValueError("an idempotency key must not be empty")
    if len(job_key) <= MAX_IDEMPOTENCY_KEY_LENGTH:
        return job_key
    return "sha256-" + hashlib.sha256(job_key.encode()).hexdigest()


def read_stripe_error(response: httpx.Response) -> ErrorDetail:
    """``{"error":{"type","code","decline_code","message","param"}}`` plus ``Stripe-Should-Retry``.

    A 409 (another request with the same idempotency key is in flight) is worth retrying; the
    ``Stripe-Should-Retry`` header, when present, decides.
    """
    body = json_or_none(response)
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return read_generic_error(response)
    code = error.get("code") or error.get("type")
    message = str(error.get("message") or error.get("type") or response.reason_phrase)
    if error.get("param"):
        message += f" (param {error['param']})"
    if error.get("decline_code"):
        message += f" (decline_code {error['decline_code']})"
    should_retry = response.headers.get("Stripe-Should-Retry")
    retryable: bool | None = None
    if should_retry is not None:
        retryable = should_retry.strip().lower() == "true"
    elif response.status_code == 409:
        retryable = True
    return ErrorDetail(message=message, code=str(code) if code else None, retryable=retryable)


class StripeClient:
    """Stripe's ``/v1`` API with a secret key; every method is one HTTP call (with retries)."""

    def __init__(
        self,
        settings: StripeSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        tuning: Tuning | None = None,
    ) -> None:
        self.api = ApiClient(
            ApiConfig(
                api="Stripe",
                base_url=settings.base_url,
                auth=BearerAuth(settings.api_key),
                secrets=(settings.api_key.get_secret_value(),),
                read_error=read_stripe_error,
            ),
            transport=transport,
            tuning=tuning,
        )

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.api.aclose()

    async def retrieve_payment_intent(self, payment_intent_id: str) -> PaymentIntent:
        """``GET /v1/payment_intents/{id}``."""
        operation = "payment_intents.retrieve"
        response = await self.api.request(
            operation, "GET", f"/v1/payment_intents/{quote(payment_intent_id, safe='')}", replay=Replay.SAFE
        )
        return self.api.parse(operation, response, PaymentIntent)

    async def retrieve_charge(self, charge_id: str) -> Charge:
        """``GET /v1/charges/{id}``."""
        operation = "charges.retrieve"
        response = await self.api.request(
            operation, "GET", f"/v1/charges/{quote(charge_id, safe='')}", replay=Replay.SAFE
        )
        return self.api.parse(operation, response, Charge)

    async def retrieve_customer(self, customer_id: str) -> Customer:
        """``GET /v1/customers/{id}``."""
        operation = "customers.retrieve"
        response = await self.api.request(
            operation, "GET", f"/v1/customers/{quote(customer_id, safe='')}", replay=Replay.SAFE
        )
        return self.api.parse(operation, response, Customer)

    async def update_payment_intent_metadata(
        self, payment_intent_id: str, metadata: Mapping[str, str], *, idempotency_key: str
    ) -> PaymentIntent:
        """``POST /v1/payment_intents/{id}`` with ``metadata[...]`` (form-encoded) and an ``Idempotency-Key``.

        Stripe replays the first answer for the same key, so the POST is retried freely.
        """
        operation = "payment_intents.update"
        response = await self.api.request(
            operation,
            "POST",
            f"/v1/payment_intents/{quote(payment_intent_id, safe='')}",
            replay=Replay.SAFE,
            data={f"metadata[{name}]": value for name, value in metadata.items()},
            headers={"Idempotency-Key": stripe_idempotency_key(idempotency_key)},
        )
        return self.api.parse(operation, response, PaymentIntent)
