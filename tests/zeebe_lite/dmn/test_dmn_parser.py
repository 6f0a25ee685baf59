"""Parsing DMN XML: namespaces, model structure, and errors that name the broken element."""

from __future__ import annotations

import pytest
from dmn_test_models import (
    DMN11,
    DMN12,
    DMN13,
    DMN14,
    DMN15,
    Output,
    Table,
    decision,
    definitions,
    input_data,
    literal,
)

from zeebe_lite.dmn import (
    Aggregation,
    DecisionTable,
    DecisionType,
    DmnParseError,
    HitPolicy,
    LiteralExpression,
    parse_dmn,
)
from zeebe_lite.dmn.names import NameQuoter

SIMPLE_TABLE = Table(inputs=["age"], outputs=[Output("result")], rules=[([">= 18"], ['"adult"'])])


@pytest.mark.parametrize(
    ("namespace", "version"), [(DMN11, "1.1"), (DMN12, "1.2"), (DMN13, "1.3"), (DMN14, "1.4"), (DMN15, "1.5")]
)
def test_every_dmn_version_namespace_is_accepted(namespace: str, version: str) -> None:
    xml = definitions(decision("d", SIMPLE_TABLE.xml()), namespace=namespace)
    parsed = parse_dmn(xml, resource_name="simple.dmn")
    assert parsed.dmn_version == version
    assert parsed.resource_name == "simple.dmn"
    assert isinstance(parsed.decision("d").logic, DecisionTable)


def test_feel_expression_language_namespaces_are_accepted() -> None:
    for language in (
        "http://www.omg.org/spec/FEEL/20140401",
        "https://www.omg.org/spec/DMN/20230324/FEEL/",
        "feel",
    ):
        logic = f'<literalExpression id="l" expressionLanguage="{language}"><text>1 + 1</text></literalExpression>'
        assert parse_dmn(definitions(decision("d", logic))).problems == ()


def test_bytes_and_text_are_both_accepted() -> None:
    xml = definitions(decision("d", literal("1")))
    assert parse_dmn(xml.encode()).decision("d").id == parse_dmn(xml).decision("d").id == "d"


def test_model_structure() -> None:
    table = Table(
        inputs=["a", "b"],
        outputs=[Output("x", values='"high","low"', default='"low"'), Output("y")],
        rules=[(["1", "-"], ['"high"', "2"]), (["", "> 3"], ['"low"', "3"])],
        hit_policy="RULE ORDER",
    )
    xml = definitions(
        input_data("i1", "Applicant Age", "number"),
        decision("d", table.xml(), name="Decision D", variable="Result D", type_ref="number"),
    )
    parsed = parse_dmn(xml)
    d = parsed.decision("d")
    assert (d.name, d.variable_name, d.type_ref, d.decision_type) == (
        "Decision D",
        "Result D",
        "number",
        DecisionType.DECISION_TABLE,
    )
    assert parsed.decision_by_name("Decision D") is d
    assert parsed.input_data[0].variable_name == "Applicant Age"
    logic = d.logic
    assert isinstance(logic, DecisionTable)
    assert logic.hit_policy is HitPolicy.RULE_ORDER and logic.aggregation is None
    assert [o.name for o in logic.outputs] == ["x", "y"]
    assert logic.outputs[0].output_values == ("high", "low")
    assert logic.outputs[0].default is not None and logic.outputs[0].default.compiled is not None
    assert [r.index for r in logic.rules] == [1, 2]
    assert logic.rules[0].input_entries[1].matches_all and logic.rules[1].input_entries[0].matches_all
    assert logic.rules[1].input_entries[1].compiled is not None


def test_hit_policy_defaults_to_unique_and_aggregation_is_read() -> None:
    plain = Table(inputs=["a"], outputs=[Output("x")], rules=[], hit_policy=None)
    collect = Table(inputs=["a"], outputs=[Output("x")], rules=[], hit_policy="COLLECT", aggregation="SUM")
    xml = definitions(decision("plain", plain.xml("t1")), decision("collect", collect.xml("t2")))
    parsed = parse_dmn(xml)
    plain_logic, collect_logic = parsed.decision("plain").logic, parsed.decision("collect").logic
    assert isinstance(plain_logic, DecisionTable) and plain_logic.hit_policy is HitPolicy.UNIQUE
    assert isinstance(collect_logic, DecisionTable) and collect_logic.aggregation is Aggregation.SUM


def test_literal_expression_decision() -> None:
    parsed = parse_dmn(definitions(decision("d", literal("1 + 2", "lit"))))
    logic = parsed.decision("d").logic
    assert isinstance(logic, LiteralExpression)
    assert logic.expression.element_id == "lit" and logic.expression.text == "1 + 2"


def test_required_decisions_and_evaluation_order() -> None:
    xml = definitions(
        decision("top", literal("a + b"), requires=["a", "b"]),
        decision("a", literal("c * 2"), requires=["c"]),
        decision("b", literal("c + 1"), requires=["c"]),
        decision("c", literal("1")),
    )
    parsed = parse_dmn(xml)
    assert parsed.decision("top").required_decision_ids == ("a", "b")
    assert [d.id for d in parsed.required_decisions("top")] == ["c", "a", "b", "top"]


def _parse_error(xml: str) -> DmnParseError:
    with pytest.raises(DmnParseError) as caught:
        parse_dmn(xml, resource_name="broken.dmn")
    return caught.value


def test_malformed_xml() -> None:
    error = _parse_error("<definitions")
    assert "malformed XML" in str(error) and "broken.dmn" in str(error)


def test_not_a_dmn_document() -> None:
    error = _parse_error('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"/>')
    assert "not a DMN model" in str(error)


def test_missing_decision_logic_names_the_decision() -> None:
    error = _parse_error(definitions('<decision id="empty" name="Empty"/>'))
    assert error.element_ids == ("empty",)
    assert "no decision logic" in str(error)


def test_unsupported_decision_logic_names_the_element() -> None:
    error = _parse_error(definitions('<decision id="d" name="d"><for id="loop"/></decision>'))
    assert error.element_ids == ("loop",)
    assert "'for' is not supported" in str(error)
    java = '<decision id="j" name="j"><functionDefinition id="fn" kind="Java"/></decision>'
    assert _parse_error(definitions(java)).element_ids == ("fn",)


def test_unknown_hit_policy_names_the_table() -> None:
    table = Table(inputs=["a"], outputs=[Output("x")], rules=[], hit_policy="SOMETIMES")
    error = _parse_error(definitions(decision("d", table.xml("theTable"))))
    assert error.element_ids == ("theTable",)
    assert "unknown hit policy 'SOMETIMES'" in str(error)


def test_unknown_aggregation_names_the_table() -> None:
    table = Table(inputs=["a"], outputs=[Output("x")], rules=[], hit_policy="COLLECT", aggregation="AVG")
    error = _parse_error(definitions(decision("d", table.xml("theTable"))))
    assert "unknown aggregation 'AVG'" in str(error) and error.element_ids == ("theTable",)


def test_unparseable_input_entry_names_the_entry_and_position() -> None:
    table = Table(inputs=["a"], outputs=[Output("x")], rules=[(["> > 3"], ["1"])])
    error = _parse_error(definitions(decision("d", table.xml())))
    assert error.element_ids == ("rule1-in1",)
    assert "'> > 3' does not parse" in str(error)
    assert "position" in str(error)


def test_unparseable_output_entry_and_literal_expression_name_their_elements() -> None:
    table = Table(inputs=["a"], outputs=[Output("x")], rules=[(["1"], ["1 +"])])
    error = _parse_error(definitions(decision("d", table.xml()), decision("e", literal("(1", "lit"))))
    assert error.element_ids == ("rule1-out1", "lit")
    assert all("position" in problem.message for problem in error.problems)


def test_missing_required_decision_names_the_requiring_decision() -> None:
    error = _parse_error(definitions(decision("d", literal("x"), requires=["ghost"])))
    assert error.element_ids == ("d",)
    assert "'ghost', which does not exist" in str(error)


def test_cycles_are_rejected_even_when_lenient() -> None:
    xml = definitions(
        decision("a", literal("b"), requires=["b"]),
        decision("b", literal("c"), requires=["c"]),
        decision("c", literal("a"), requires=["a"]),
    )
    error = _parse_error(xml)
    assert "cyclic dependency" in str(error) and "a -> b -> c -> a" in str(error)
    with pytest.raises(DmnParseError, match="cyclic"):
        parse_dmn(xml, lenient=True)


def test_compound_output_needs_names_and_no_aggregation() -> None:
    table = Table(
        inputs=["a"],
        outputs=[Output("x"), Output(None, id="unnamed")],
        rules=[],
        hit_policy="COLLECT",
        aggregation="SUM",
    )
    error = _parse_error(definitions(decision("d", table.xml("t"))))
    assert set(error.element_ids) == {"t", "unnamed"}


def test_rule_with_wrong_number_of_entries_is_reported() -> None:
    table = Table(inputs=["a", "b"], outputs=[Output("x")], rules=[(["1"], ["1"])])
    error = _parse_error(definitions(decision("d", table.xml())))
    assert error.element_ids == ("rule1",) and "1 input entries" in str(error)


def test_lenient_parsing_keeps_problems_on_the_model() -> None:
    table = Table(inputs=["a"], outputs=[Output("x")], rules=[(["> > 3"], ["1"])])
    parsed = parse_dmn(definitions(decision("d", table.xml()), decision("ok", literal("1"))), lenient=True)
    assert [p.element_id for p in parsed.problems] == ["rule1-in1"]
    assert parsed.decision("ok").logic is not None


def test_unsupported_expression_language_is_reported() -> None:
    logic = '<literalExpression id="l" expressionLanguage="javascript"><text>1</text></literalExpression>'
    error = _parse_error(definitions(decision("d", logic)))
    assert error.element_ids == ("l",) and "javascript" in str(error)


def test_names_with_spaces_and_dashes_are_quoted_where_they_stand_alone() -> None:
    quoter = NameQuoter.for_names(["Monthly Income", "Income", "risk-score", "plain"])
    assert quoter.quote("Monthly Income * 12") == "`Monthly Income` * 12"
    assert quoter.quote("max(Monthly Income,risk-score)") == "max(`Monthly Income`,`risk-score`)"
    assert quoter.quote('"Monthly Income"') == '"Monthly Income"'
    assert quoter.quote("applicant.Monthly Income") == "applicant.`Monthly Income`"
    assert quoter.quote("Monthly Incomes") == "Monthly Incomes"


def test_names_with_spaces_are_escaped_only_on_request() -> None:
    xml = definitions(
        input_data("i", "Monthly Income", "number"), decision("d", literal("Monthly Income * 12"))
    )
    with pytest.raises(DmnParseError, match="does not parse"):
        parse_dmn(xml)
    parsed = parse_dmn(xml, escape_names=True)
    logic = parsed.decision("d").logic
    assert isinstance(logic, LiteralExpression) and logic.expression.compiled is not None


def test_entity_expansion_and_external_entities_are_refused() -> None:
    levels = ['<!ENTITY a0 "aaaaaaaaaa">'] + [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 8)]
    bomb = f'<?xml version="1.0"?><!DOCTYPE definitions [{"".join(levels)}]><definitions>&a7;</definitions>'
    with pytest.raises(DmnParseError, match="malformed XML"):
        parse_dmn(bomb)
    external = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><definitions>&x;</definitions>'
    with pytest.raises(DmnParseError, match="malformed XML"):
        parse_dmn(external)
