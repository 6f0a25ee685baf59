"""A DMN 1.3 model as the Camunda Modeler writes it for Camunda 8 (DI, modeler attributes, required decision)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zeebe_lite.dmn import DecisionType, DmnDefinitions, evaluate_decision, parse_dmn

MODEL = Path(__file__).with_name("models") / "dish-camunda-modeler.dmn"


@pytest.fixture(scope="module")
def model() -> DmnDefinitions:
    return parse_dmn(MODEL.read_bytes(), resource_name=MODEL.name)


def test_definitions_metadata(model: DmnDefinitions) -> None:
    assert (model.id, model.name, model.dmn_version) == ("dinnerDecisions", "Dinner Decisions", "1.3")
    assert list(model.decisions) == ["dish", "season"]
    assert [i.id for i in model.input_data] == ["guestCount", "month"]


@pytest.mark.parametrize(
    ("month", "guests", "dish"),
    [(1, 4, "Roastbeef"), (12, 10, "Stew"), (7, 3, "Salad"), (4, 30, "Salad")],
)
def test_dish(model: DmnDefinitions, month: int, guests: int, dish: str) -> None:
    result = evaluate_decision(model, "dish", {"month": month, "guestCount": guests})
    assert result.failure is None and result.output == dish
    assert result.output_json == json.dumps(dish)


def test_zeebe_response_details(model: DmnDefinitions) -> None:
    result = evaluate_decision(model, "dish", {"month": 12, "guestCount": 10})
    season, dish = result.evaluated_decisions
    assert (season.decision_id, season.decision_type, season.output) == (
        "season",
        DecisionType.LITERAL_EXPRESSION,
        "Winter",
    )
    assert (dish.decision_id, dish.decision_name, dish.decision_type) == (
        "dish",
        "Dish",
        DecisionType.DECISION_TABLE,
    )
    assert [(i.input_id, i.input_name, i.value_json) for i in dish.evaluated_inputs] == [
        ("Input_season", "Season", '"Winter"'),
        ("Input_guests", "How many guests", "10"),
    ]
    (rule,) = dish.matched_rules
    assert (rule.rule_id, rule.rule_index) == ("DecisionRule_2", 2)
    assert [(o.output_id, o.output_name, o.value_json) for o in rule.evaluated_outputs] == [
        ("Output_dish", "Dish", '"Stew"')
    ]


def test_missing_input_gives_no_match_and_null(model: DmnDefinitions) -> None:
    result = evaluate_decision(model, "dish", {"month": 1})
    assert result.failure is None and result.output is None and result.output_json == "null"
