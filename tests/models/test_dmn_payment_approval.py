"""The payment-approval decision on its own: every rule, in priority order (FIRST)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from zeebe_lite.dmn import DmnDefinitions, evaluate_decision, parse_dmn

MODEL = Path(__file__).resolve().parents[2] / "dmn" / "payment-approval.dmn"


@pytest.fixture(scope="module")
def definitions() -> DmnDefinitions:
    return parse_dmn(MODEL.read_bytes(), resource_name=MODEL.name)


def _payment(
    amount: int,
    currency: str | None = "eur",
    history: int = 3,
    risk_level: str | None = "normal",
    risk_score: int | None = 10,
) -> dict[str, Any]:
    return {
        "amount": amount,
        "currency": currency,
        "customerPaymentCount": history,
        "riskLevel": risk_level,
        "riskScore": risk_score,
    }


@pytest.mark.parametrize(
    ("payment", "approval", "reason"),
    [
        (_payment(4900), "auto-approve", "within-limits"),
        (_payment(4900, risk_level=None, risk_score=None), "auto-approve", "within-limits"),
        (_payment(4900, currency="usd", history=0), "auto-approve", "within-limits"),
        (_payment(49_999, history=0), "auto-approve", "within-limits"),
        (_payment(50_000, history=0), "manual-review", "first-payment-large"),
        (_payment(50_000, history=1), "auto-approve", "within-limits"),
        (_payment(199_999), "auto-approve", "within-limits"),
        (_payment(200_000), "manual-review", "large-amount"),
        (_payment(999_999), "manual-review", "large-amount"),
        (_payment(1_000_000), "reject", "amount-over-limit"),
        (_payment(4900, currency="gbp"), "manual-review", "unlisted-currency"),
        (_payment(4900, currency=None), "manual-review", "unlisted-currency"),
        (_payment(4900, risk_level="elevated"), "manual-review", "stripe-risk-elevated"),
        (_payment(4900, risk_score=50), "manual-review", "risk-score-elevated"),
        (_payment(4900, risk_score=74), "manual-review", "risk-score-elevated"),
        (_payment(4900, risk_score=75), "reject", "risk-score-too-high"),
        (_payment(4900, risk_level="highest", risk_score=None), "reject", "stripe-risk-highest"),
        # Rejections win over reviews: the first matching rule decides.
        (_payment(250_000, currency="gbp", risk_level="highest"), "reject", "stripe-risk-highest"),
        (_payment(1_500_000, currency="gbp"), "reject", "amount-over-limit"),
        (_payment(4900, currency="gbp", risk_level="elevated"), "manual-review", "unlisted-currency"),
    ],
)
def test_approval_decision(
    definitions: DmnDefinitions, payment: dict[str, Any], approval: str, reason: str
) -> None:
    result = evaluate_decision(definitions, "payment-approval", payment)
    assert result.succeeded, result.failure
    assert result.output == {"approval": approval, "approvalReason": reason}
