"""Evaluating decisions: results, default outputs, multiple outputs, DRG order, type checks, failures, details."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from dmn_test_models import Output, Table, decision, definitions, literal

from zeebe_lite.dmn import (
    DecisionNotFoundError,
    DecisionType,
    DmnDefinitions,
    evaluate_decision,
    evaluate_decision_by_name,
    parse_dmn,
)


def _table_model(table: Table, **decision_options: Any) -> DmnDefinitions:
    return parse_dmn(definitions(decision("d", table.xml(), **decision_options)))


def _output(model: DmnDefinitions, variables: dict[str, Any], decision_id: str = "d") -> Any:
    result = evaluate_decision(model, decision_id, variables)
    assert result.failure is None, result.failure
    return result.output


AGE_TABLE = Table(
    inputs=["age"],
    outputs=[Output("category", values='"child","adult","senior"')],
    rules=[
        (["< 18"], ['"child"']),
        (["[18..65)"], ['"adult"']),
        ([">= 65"], ['"senior"']),
        ([">= 60"], ['"senior"']),
    ],
)


def test_unique_table_single_output_gives_the_value() -> None:
    model = _table_model(AGE_TABLE)
    assert _output(model, {"age": Decimal(10)}) == "child"
    assert _output(model, {"age": Decimal(30)}) == "adult"


def test_unique_table_with_two_matches_fails_with_the_decision_id() -> None:
    result = evaluate_decision(_table_model(AGE_TABLE), "d", {"age": Decimal(70)})
    assert result.output is None and result.failure is not None
    assert result.failure.decision_id == "d"
    assert (
        "UNIQUE" in result.failure.message and "Expected to evaluate decision 'd'" in result.failure.message
    )


def test_no_match_gives_null() -> None:
    model = _table_model(AGE_TABLE)
    result = evaluate_decision(model, "d", {"age": None})
    assert result.failure is None and result.output is None and result.output_json == "null"
    assert result.evaluated_decisions[0].matched_rules == ()


@pytest.mark.parametrize(
    ("hit_policy", "aggregation", "expected"),
    [
        ("FIRST", None, "senior"),
        ("PRIORITY", None, "senior"),
        ("RULE ORDER", None, ["senior", "senior"]),
        ("OUTPUT ORDER", None, ["senior", "senior"]),
        ("COLLECT", None, ["senior", "senior"]),
        ("COLLECT", "COUNT", Decimal(2)),
        ("ANY", None, "senior"),
    ],
)
def test_hit_policies_end_to_end(hit_policy: str, aggregation: str | None, expected: Any) -> None:
    table = Table(
        AGE_TABLE.inputs, AGE_TABLE.outputs, AGE_TABLE.rules, hit_policy=hit_policy, aggregation=aggregation
    )
    assert _output(_table_model(table), {"age": Decimal(70)}) == expected


def test_priority_and_output_order_use_output_values() -> None:
    table = Table(
        inputs=["x"],
        outputs=[Output("level", values='"high","medium","low"')],
        rules=[(["> 0"], ['"low"']), (["> 5"], ['"high"']), (["> 3"], ['"medium"'])],
        hit_policy="PRIORITY",
    )
    assert _output(_table_model(table), {"x": Decimal(10)}) == "high"
    table.hit_policy = "OUTPUT ORDER"
    assert _output(_table_model(table), {"x": Decimal(10)}) == ["high", "medium", "low"]


def test_collect_sum_min_max() -> None:
    rules = [(["> 0"], ["10"]), (["> 5"], ["2.5"]), (["> 100"], ["1000"])]
    for aggregation, expected in (("SUM", Decimal("12.5")), ("MIN", Decimal("2.5")), ("MAX", Decimal(10))):
        table = Table(["x"], [Output("amount")], rules, hit_policy="COLLECT", aggregation=aggregation)
        assert _output(_table_model(table), {"x": Decimal(10)}) == expected


def test_collect_without_match_is_null_not_an_empty_list() -> None:
    table = Table(["x"], [Output("amount")], [(["> 0"], ["1"])], hit_policy="COLLECT")
    assert _output(_table_model(table), {"x": Decimal(-1)}) is None


def test_multiple_outputs_give_a_context_and_a_list_of_contexts() -> None:
    rules = [(["> 0"], ['"a"', "1"]), (["> 5"], ['"b"', "2"])]
    unique = Table(["x"], [Output("letter"), Output("number")], rules)
    assert _output(_table_model(unique), {"x": Decimal(1)}) == {"letter": "a", "number": Decimal(1)}
    collect = Table(["x"], [Output("letter"), Output("number")], rules, hit_policy="RULE ORDER")
    assert _output(_table_model(collect), {"x": Decimal(9)}) == [
        {"letter": "a", "number": Decimal(1)},
        {"letter": "b", "number": Decimal(2)},
    ]


def test_default_output_entries_apply_when_no_rule_matches() -> None:
    single = Table(["x"], [Output("r", default='"none"')], [(["> 0"], ['"some"'])])
    assert _output(_table_model(single), {"x": Decimal(-1)}) == "none"
    both = Table(["x"], [Output("a", default="1"), Output("b", default="x * 2")], [(["> 0"], ["5", "6"])])
    assert _output(_table_model(both), {"x": Decimal(-1)}) == {"a": Decimal(1), "b": Decimal(-2)}
    one_of_two = Table(["x"], [Output("a", default="1"), Output("b")], [(["> 0"], ["5", "6"])])
    assert _output(_table_model(one_of_two), {"x": Decimal(-1)}) == Decimal(1)


def test_input_expressions_and_entries_see_the_variables() -> None:
    table = Table(["income * 12"], [Output("r")], [(["> limit"], ["true"]), (["<= limit"], ["false"])])
    model = _table_model(table)
    assert _output(model, {"income": Decimal(100), "limit": Decimal(1000)}) is True
    assert _output(model, {"income": Decimal(10), "limit": Decimal(1000)}) is False


def test_literal_expression_decision() -> None:
    model = parse_dmn(definitions(decision("d", literal("a + b"))))
    result = evaluate_decision(model, "d", {"a": Decimal(1), "b": Decimal(2)})
    assert result.output == Decimal(3)
    assert result.evaluated_decisions[0].decision_type is DecisionType.LITERAL_EXPRESSION


def test_required_decisions_run_first_and_enter_the_context_by_variable_name_or_id() -> None:
    model = parse_dmn(
        definitions(
            decision("top", literal("`Base Value` + triple"), requires=["base", "triple"]),
            decision("base", literal("x"), variable="Base Value"),
            decision("triple", literal("`Base Value` * 3"), requires=["base"]),
        )
    )
    result = evaluate_decision(model, "top", {"x": Decimal(2)})
    assert result.output == Decimal(8)
    assert [d.decision_id for d in result.evaluated_decisions] == ["base", "triple", "top"]
    assert [d.output for d in result.evaluated_decisions] == [Decimal(2), Decimal(6), Decimal(8)]


def test_a_decision_sees_only_the_results_of_the_decisions_it_requires() -> None:
    model = parse_dmn(
        definitions(
            decision("top", literal("base"), requires=["middle"]),
            decision("middle", literal("base + 1"), requires=["base"]),
            decision("base", literal("1")),
        )
    )
    assert _output(model, {}, "top") is None


def test_a_required_decision_result_shadows_an_input_variable() -> None:
    model = parse_dmn(
        definitions(decision("top", literal("x"), requires=["x"]), decision("x", literal("41 + 1")))
    )
    assert _output(model, {"x": Decimal(1)}, "top") == Decimal(42)


def test_a_failing_required_decision_fails_the_evaluation_with_its_id() -> None:
    model = parse_dmn(
        definitions(
            decision("top", literal("inner + 1"), requires=["inner"]),
            decision("inner", literal('"text"'), type_ref="number"),
        )
    )
    result = evaluate_decision(model, "top", {})
    assert result.failure is not None and result.failure.decision_id == "inner"
    assert "expected 'number'" in result.failure.message
    assert [(d.decision_id, d.output) for d in result.evaluated_decisions] == [("inner", None)]


@pytest.mark.parametrize(
    ("type_ref", "expression", "ok"),
    [
        ("number", "1", True),
        ("feel:number", '"1"', False),
        ("string", '"a"', True),
        ("boolean", "1", False),
        ("date", 'date("2024-01-01")', True),
        ("dateTime", 'date("2024-01-01")', False),
        ("tSomeItemDefinition", '"anything"', True),
        ("number", "null", True),
    ],
)
def test_result_type_checks(type_ref: str, expression: str, ok: bool) -> None:
    model = parse_dmn(definitions(decision("d", literal(expression), type_ref=type_ref)))
    assert (evaluate_decision(model, "d", {}).failure is None) is ok


def test_unknown_decision_raises() -> None:
    with pytest.raises(DecisionNotFoundError):
        evaluate_decision(_table_model(AGE_TABLE), "nope", {})
    with pytest.raises(DecisionNotFoundError):
        evaluate_decision_by_name(_table_model(AGE_TABLE), "nope", {})


def test_lenient_model_fails_only_the_broken_decision() -> None:
    table = Table(["x"], [Output("r")], [(["> > 1"], ["1"])])
    model = parse_dmn(
        definitions(decision("broken", table.xml()), decision("ok", literal("1"))), lenient=True
    )
    assert evaluate_decision(model, "ok", {}).output == Decimal(1)
    failure = evaluate_decision(model, "broken", {"x": Decimal(1)}).failure
    assert failure is not None and "does not parse" in failure.message


def test_evaluation_details_like_zeebe() -> None:
    table = Table(
        ["age", "kind"],
        [Output("label"), Output("score")],
        [
            (["< 18", "-"], ['"young"', "1"]),
            ([">= 18", '"vip"'], ['"vip"', "5"]),
            ([">= 18", "-"], ['"adult"', "2"]),
        ],
        hit_policy="RULE ORDER",
    )
    result = evaluate_decision(_table_model(table, name="Scoring"), "d", {"age": Decimal(30), "kind": "vip"})
    assert result.decision_name == "Scoring"
    (evaluated,) = result.evaluated_decisions
    assert evaluated.decision_type is DecisionType.DECISION_TABLE
    assert [(i.input_id, i.input_name, i.value) for i in evaluated.evaluated_inputs] == [
        ("input1", "Input 1", Decimal(30)),
        ("input2", "Input 2", "vip"),
    ]
    assert [(r.rule_id, r.rule_index) for r in evaluated.matched_rules] == [("rule2", 2), ("rule3", 3)]
    assert [(o.output_id, o.output_name, o.value) for o in evaluated.matched_rules[0].evaluated_outputs] == [
        ("output1", "label", "vip"),
        ("output2", "score", Decimal(5)),
    ]
    assert evaluated.evaluated_inputs[1].value_json == '"vip"'
    assert json.loads(result.output_json) == [{"label": "vip", "score": 5}, {"label": "adult", "score": 2}]


def test_input_values_are_enforced_only_on_request() -> None:
    table = Table(["kind"], [Output("r")], [(["-"], ["1"])], input_values={1: '"a","b"'})
    model = _table_model(table)
    assert evaluate_decision(model, "d", {"kind": "z"}).output == Decimal(1)
    result = evaluate_decision(model, "d", {"kind": "z"}, enforce_input_values=True)
    assert result.failure is not None and "input1" in result.failure.message
    assert evaluate_decision(model, "d", {"kind": "a"}, enforce_input_values=True).output == Decimal(1)


def test_json_decoded_variables_are_read_as_feel_numbers() -> None:
    model = _table_model(AGE_TABLE)
    assert _output(model, {"age": 30}) == "adult"
    assert _output(model, {"age": 10.5}) == "child"


def test_input_name_falls_back_to_the_expression_and_output_name_prefers_the_label() -> None:
    xml = definitions(
        decision(
            "d",
            '<decisionTable id="t"><input id="i1"><inputExpression><text>'
            + "a_rather_long_input_expression_name + 1"
            + '</text></inputExpression></input><output id="o1" name="out" label="Output Label"/>'
            + '<rule id="r1"><inputEntry><text>-</text></inputEntry><outputEntry><text>1</text></outputEntry></rule>'
            + "</decisionTable>",
        )
    )
    result = evaluate_decision(parse_dmn(xml), "d", {"a_rather_long_input_expression_name": 1})
    (evaluated,) = result.evaluated_decisions
    assert evaluated.evaluated_inputs[0].input_name == "a_rather_long_input_expression"
    assert evaluated.matched_rules[0].evaluated_outputs[0].output_name == "Output Label"
