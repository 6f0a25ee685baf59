"""The lead-routing decision on its own: score (COLLECT SUM) and route per score band."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from zeebe_lite.dmn import DmnDefinitions, evaluate_decision, parse_dmn

MODEL = Path(__file__).resolve().parents[2] / "dmn" / "lead-routing.dmn"


@pytest.fixture(scope="module")
def definitions() -> DmnDefinitions:
    return parse_dmn(MODEL.read_bytes(), resource_name=MODEL.name)


def _lead(
    source: str | None, interest: str | None, country: str | None, engagement: float | None
) -> dict[str, Any]:
    return {
        "leadSource": source,
        "productInterest": interest,
        "country": country,
        "engagementScore": engagement,
    }


@pytest.mark.parametrize(
    ("lead", "score"),
    [
        (_lead("manychat", "premium", "ES", 85), 85),  # 10 + 30 + 15 + 30
        (_lead("referral", "standard", "US", 50), 68),  # 25 + 20 + 8 + 15
        (_lead("ads", "basic", "DE", 20), 20),  # 5 + 10 + 0 + 5
        (_lead("manychat", None, "MX", 79.5), 40),  # 10 + 0 + 15 + 15
        (_lead(None, None, None, None), 0),  # only the base rule
        (_lead("web", "other", "FR", 19), 0),  # nothing known scores
    ],
)
def test_score_sums_the_points_of_every_matching_rule(
    definitions: DmnDefinitions, lead: dict[str, Any], score: int
) -> None:
    result = evaluate_decision(definitions, "leadScore", lead)
    assert result.succeeded, result.failure
    assert result.output == Decimal(score)


HOT = ("hot", "salesqualifiedlead", "IN_PROGRESS", "77001", None, None)
HOT_LATAM = ("hot", "salesqualifiedlead", "IN_PROGRESS", "77002", None, None)
HOT_ELSEWHERE = ("hot", "salesqualifiedlead", "IN_PROGRESS", "77003", None, None)
WARM = ("warm", "marketingqualifiedlead", "OPEN", None, "PT4H", "content20180221085508_278589")
COLD = ("cold", "lead", "NEW", None, None, None)


@pytest.mark.parametrize(
    ("lead", "score", "expected"),
    [
        (_lead("referral", "premium", "ES", 80), 100, HOT),
        (_lead("referral", None, "ES", 80), 70, HOT),  # lower edge of hot
        (_lead("referral", "premium", "MX", 80), 100, HOT_LATAM),
        (_lead("referral", "premium", "US", 50), 78, HOT_ELSEWHERE),
        (_lead("referral", "premium", None, 80), 85, HOT_ELSEWHERE),
        (_lead("referral", "standard", "US", 50), 68, WARM),
        (_lead(None, "standard", "ES", 20), 40, WARM),  # lower edge of warm
        (_lead("referral", None, "US", 20), 38, COLD),
        (_lead(None, None, None, None), 0, COLD),
    ],
)
def test_route_follows_the_score_bands(
    definitions: DmnDefinitions, lead: dict[str, Any], score: int, expected: tuple[Any, ...]
) -> None:
    result = evaluate_decision(definitions, "lead-routing", lead)
    assert result.succeeded, result.failure
    route, stage, status, owner, after, flow = expected
    assert result.output == {
        "leadRoute": route,
        "leadScore": Decimal(score),
        "lifecycleStage": stage,
        "leadStatus": status,
        "ownerId": owner,
        "followUpAfter": after,
        "followUpFlowNs": flow,
    }
    assert [decision.decision_id for decision in result.evaluated_decisions] == ["leadScore", "lead-routing"]
