"""stripe-payment end to end: record, history, DMN approval (auto / review with escalation / reject), Sheets, OpenAI."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
from process_harness import Flows

from sandbox.google_sheets import DEFAULT_SPREADSHEET_ID, GoogleSheetsEmulator
from sandbox.openai import OpenAIEmulator, ScriptedReply
from workers.integrations.persistence import FleetDatabase, PaymentRecord


async def _stripe(flows: Flows, method: str, path: str, data: dict[str, Any]) -> dict[str, Any]:
    sandbox = flows.stack.sandbox
    async with httpx.AsyncClient(base_url=sandbox.base_urls["stripe"], timeout=10) as client:
        response = await client.request(
            method,
            path,
            data=data,
            headers={"Authorization": f"Bearer {sandbox.credentials['stripe']['api_key']}"},
        )
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    return body


async def _paid_intent(flows: Flows, customer: str, amount: int, currency: str = "eur") -> str:
    intent = await _stripe(
        flows,
        "POST",
        "/v1/payment_intents",
        {
            "amount": str(amount),
            "currency": currency,
            "customer": customer,
            "payment_method": "pm_card_visa",
            "confirm": "true",
        },
    )
    assert intent["status"] == "succeeded"
    return str(intent["id"])


async def _customer(flows: Flows) -> str:
    customer = await _stripe(flows, "POST", "/v1/customers", {"email": "ana@example.com", "name": "Ana"})
    return str(customer["id"])


async def _succeeded(
    flows: Flows,
    *,
    amount: int,
    currency: str = "eur",
    risk_level: str | None = None,
    risk_score: int | None = None,
    customer: str | None = None,
    count: int = 1,
) -> tuple[int, str]:
    customer = customer or await _customer(flows)
    intent = await _paid_intent(flows, customer, amount, currency)
    event_id = f"evt_{intent[3:]}"
    variables = {
        "stripeEventId": event_id,
        "paymentIntentId": intent,
        "amount": amount,
        "currency": currency,
        "stripeCustomerId": customer,
        "customerEmail": "ana@example.com",
        "riskLevel": risk_level,
        "riskScore": risk_score,
    }
    await flows.publish("stripe.payment-succeeded", intent, variables, f"stripe:{event_id}")
    return await flows.started_instance("stripe-payment", count=count), intent


async def _stored(intent: str) -> PaymentRecord | None:
    database = await FleetDatabase.from_environment()
    try:
        return await database.get_payment(intent)
    finally:
        await database.close()


def _payment_rows(flows: Flows) -> list[list[Any]]:
    sheets = flows.stack.sandbox.emulator("google_sheets", GoogleSheetsEmulator)
    return sheets.values(DEFAULT_SPREADSHEET_ID, "Payments")


async def _intent_metadata(flows: Flows, intent: str) -> dict[str, str]:
    body = await _stripe(flows, "GET", f"/v1/payment_intents/{intent}", {})
    metadata: dict[str, str] = body["metadata"]
    return metadata


async def test_small_payment_is_approved_appended_and_analysed(flows: Flows) -> None:
    key, intent = await _succeeded(flows, amount=4900)

    variables = await flows.completed(key)

    assert variables["approval"] == "auto-approve" and variables["approvalReason"] == "within-limits"
    assert variables["paymentStatus"] == "succeeded"
    assert variables["paymentAnalysisStatus"] == "analysed"
    assert set(variables["paymentAnalysis"]) == {"riskLevel", "likelyFraud", "recommendedAction", "summary"}
    rows = _payment_rows(flows)
    assert [row[0] for row in rows] == [intent]
    assert rows[0][3] == "EUR"
    stored = await _stored(intent)
    assert stored is not None and stored.status == "succeeded" and stored.amount_minor == 4900
    assert await _intent_metadata(flows, intent) == {}


async def test_highest_risk_is_rejected_and_flagged_in_stripe(flows: Flows) -> None:
    key, intent = await _succeeded(flows, amount=4900, risk_level="highest", risk_score=95)

    variables = await flows.completed(key)

    assert variables["approval"] == "reject" and variables["approvalReason"] == "stripe-risk-highest"
    await flows.env.assert_that(key).has_passed_element("PaymentRejected")
    metadata = await _intent_metadata(flows, intent)
    assert metadata["fleet_review"] == "rejected" and metadata["fleet_reason"] == "stripe-risk-highest"
    stored = await _stored(intent)
    assert stored is not None and stored.status == "rejected"
    assert _payment_rows(flows) == []


async def test_large_payment_is_approved_by_a_reviewer_through_the_rest_api(flows: Flows) -> None:
    key, intent = await _succeeded(flows, amount=250_000)
    await flows.waiting_at(key, "ReviewPayment")
    assert flows.variables(key)["approvalReason"] == "large-amount"

    task = await flows.complete_user_task_via_rest(key, "ReviewPayment", {"reviewApproved": True})

    assert task["candidateGroups"] == ["finance"]
    variables = await flows.completed(key)
    assert variables["paymentStatus"] == "succeeded"
    assert [row[0] for row in _payment_rows(flows)] == [intent]


async def test_unreviewed_payment_escalates_after_a_day_and_can_be_rejected(flows: Flows) -> None:
    key, intent = await _succeeded(flows, amount=9900, risk_level="elevated")
    await flows.waiting_at(key, "ReviewPayment")
    await flows.advance(dt.timedelta(hours=23))
    await flows.waiting_at(key, "ReviewPayment")

    await flows.advance(dt.timedelta(hours=1))
    await flows.waiting_at(key, "ReviewPaymentEscalated")
    await flows.env.assert_that(key).has_not_passed_element("ReviewPayment")
    await flows.env.complete_user_task(key, "ReviewPaymentEscalated", {"reviewApproved": False})

    variables = await flows.completed(key)
    assert variables["paymentStatus"] == "rejected"
    metadata = await _intent_metadata(flows, intent)
    assert metadata["fleet_reason"] == "manual-review"


async def test_ai_refusal_is_noted_and_the_payment_still_approved(flows: Flows) -> None:
    openai = flows.stack.sandbox.emulator("openai", OpenAIEmulator)
    openai.script(ScriptedReply(refusal="I can't help with that."))
    key, intent = await _succeeded(flows, amount=1500)

    variables = await flows.completed(key)

    assert variables["paymentAnalysisStatus"] == "refused"
    assert "paymentAnalysis" not in variables
    stored = await _stored(intent)
    assert stored is not None and stored.status == "succeeded"


async def test_customer_history_lifts_the_first_payment_limit(flows: Flows) -> None:
    customer = await _customer(flows)
    first_key, _ = await _succeeded(flows, amount=60_000, customer=customer)
    await flows.waiting_at(first_key, "ReviewPayment")
    assert flows.variables(first_key)["approvalReason"] == "first-payment-large"
    await flows.env.complete_user_task(first_key, "ReviewPayment", {"reviewApproved": True})
    await flows.completed(first_key)

    second_key, _ = await _succeeded(flows, amount=60_000, customer=customer, count=2)
    variables = await flows.completed(second_key)

    assert variables["customerPaymentCount"] == 1
    assert variables["approval"] == "auto-approve"
