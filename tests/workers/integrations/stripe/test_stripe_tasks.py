"""Stripe tasks end to end: handler -> real client -> HTTP -> Stripe emulator on 127.0.0.1."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import httpx
import pytest

from sandbox import Sandbox
from workers.integrations._http import Tuning, settings_from_environment
from workers.integrations.stripe import (
    StripeClient,
    StripeSettings,
    stripe,
    stripe_clients,
    stripe_idempotency_key,
)
from workers.testing import JobEnvironment


async def seed_payment() -> dict[str, Any]:
    """A customer and a confirmed card payment, created through the API as a shop's checkout would."""
    headers = {"Authorization": f"Bearer {os.environ['STRIPE_API_KEY']}"}
    async with httpx.AsyncClient(base_url=os.environ["STRIPE_BASE_URL"], headers=headers) as shop:
        customer = (
            await shop.post("/v1/customers", data={"email": "payer@example.com", "name": "Pat Payer"})
        ).json()
        intent = (
            await shop.post(
                "/v1/payment_intents",
                data={
                    "amount": "4200",
                    "currency": "eur",
                    "customer": customer["id"],
                    "payment_method": "pm_card_visa",
                    "confirm": "true",
                    "metadata[order]": "A-17",
                },
            )
        ).json()
    return {"customer": customer, "intent": intent}


async def test_reads_payment_intent_charge_and_customer(start_sandbox: Any) -> None:
    await start_sandbox("stripe")
    seeded = await seed_payment()
    env = JobEnvironment()
    intent = await env.run(
        stripe, "stripe.get-payment-intent", variables={"paymentIntentId": seeded["intent"]["id"]}
    )
    assert intent.kind == "completed", intent.message
    view = intent.variables["paymentIntent"]
    assert view["amount"] == 4200 and view["currency"] == "eur" and view["status"] == "succeeded"
    assert view["customerId"] == seeded["customer"]["id"] and view["metadata"] == {"order": "A-17"}

    charge = await env.run(stripe, "stripe.get-charge", variables={"chargeId": view["latestChargeId"]})
    assert charge.kind == "completed", charge.message
    assert charge.variables["charge"]["paid"] is True
    assert charge.variables["charge"]["paymentIntentId"] == view["id"]

    customer = await env.run(
        stripe, "stripe.get-customer", variables={"stripeCustomerId": view["customerId"]}
    )
    assert customer.variables["stripeCustomer"]["email"] == "payer@example.com"


async def test_an_unknown_payment_intent_is_an_incident_naming_stripes_reason(start_sandbox: Any) -> None:
    await start_sandbox("stripe")
    outcome = await JobEnvironment().run(
        stripe, "stripe.get-payment-intent", variables={"paymentIntentId": "pi_missing"}
    )
    assert outcome.is_incident
    assert (
        outcome.message is not None
        and "HTTP 404" in outcome.message
        and "resource_missing" in outcome.message
    )


async def test_a_malformed_id_is_rejected_before_any_request(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("stripe")
    outcome = await JobEnvironment().run(
        stripe, "stripe.get-charge", variables={"chargeId": "../v1/customers"}
    )
    assert outcome.is_incident and "chargeId" in (outcome.message or "")
    assert list(sandbox.host("stripe").requests) == []


async def test_posts_carry_the_jobs_idempotency_key_so_stripe_replays_a_rerun(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("stripe")
    seeded = await seed_payment()
    job: dict[str, Any] = {
        "process_instance_key": 5,
        "element_instance_key": 6,
        "bpmn_process_id": "record-payment",
    }
    variables = {"paymentIntentId": seeded["intent"]["id"], "metadata": {"hubspotContactId": "901"}}
    # Two workers without a shared idempotency store run the same task instance: Stripe's key protects it.
    first = await JobEnvironment().run(stripe, "stripe.update-payment-metadata", variables=variables, **job)
    second = await JobEnvironment().run(stripe, "stripe.update-payment-metadata", variables=variables, **job)
    assert first.kind == second.kind == "completed"
    assert second.variables["paymentIntent"]["metadata"] == {"order": "A-17", "hubspotContactId": "901"}
    assert sandbox.state("stripe")["state"]["idempotencyKeys"] == 1  # both POSTs carried the same key
    changed = {**variables, "metadata": {"hubspotContactId": "902"}}
    conflict = await JobEnvironment().run(stripe, "stripe.update-payment-metadata", variables=changed, **job)
    assert conflict.is_incident
    assert conflict.message is not None and "idempotency" in conflict.message


def test_long_keys_are_hashed_to_stripes_limit() -> None:
    long_key = "p/" + "9" * 300
    hashed = stripe_idempotency_key(long_key)
    assert (
        len(hashed) <= 255
        and hashed == stripe_idempotency_key(long_key)
        and hashed != stripe_idempotency_key(long_key + "0")
    )
    assert stripe_idempotency_key("short/key") == "short/key"


async def test_rate_limited_reads_back_off_and_succeed(start_sandbox: Any, clock_sleep: Any) -> None:
    sandbox: Sandbox = await start_sandbox("stripe")
    seeded = await seed_payment()
    sleep = clock_sleep(sandbox)
    stripe_clients.provide(
        StripeClient(settings_from_environment(StripeSettings), tuning=Tuning(sleep=sleep))
    )
    sandbox.host("stripe").limiter.configure("read", 1, timedelta(seconds=1))
    env = JobEnvironment()
    for _ in range(2):
        outcome = await env.run(
            stripe, "stripe.get-payment-intent", variables={"paymentIntentId": seeded["intent"]["id"]}
        )
        assert outcome.kind == "completed", outcome.message
    statuses = [record.status for record in sandbox.host("stripe").requests if record.method == "GET"]
    assert 429 in statuses and statuses[-1] == 200
    assert sleep.waits


async def test_the_secret_key_never_reaches_messages_or_logs(
    start_sandbox: Any, monkeypatch: pytest.MonkeyPatch, captured_logs: Any
) -> None:
    await start_sandbox("stripe")
    canary = "sk_test_canary_51Hx9c0ffee"
    monkeypatch.setenv("STRIPE_API_KEY", canary)
    outcome = await JobEnvironment().run(
        stripe, "stripe.get-customer", variables={"stripeCustomerId": "cus_1"}
    )
    assert outcome.is_incident and "HTTP 401" in (outcome.message or "")
    assert canary not in (outcome.message or "") and canary not in captured_logs.text()
