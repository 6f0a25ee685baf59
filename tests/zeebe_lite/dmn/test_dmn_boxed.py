"""Boxed expressions and business knowledge models (evaluated as dmn-scala does)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from dmn_test_models import Output, Table, decision, definitions, literal

from zeebe_lite.dmn import DecisionType, DmnParseError, evaluate_decision, parse_dmn


def _le(text: str) -> str:
    return f"<literalExpression><text>{text}</text></literalExpression>"


def _entry(name: str | None, expression: str) -> str:
    variable = f'<variable name="{name}"/>' if name is not None else ""
    return f"<contextEntry>{variable}{expression}</contextEntry>"


def _output(xml: str, decision_id: str = "d", variables: dict[str, Any] | None = None) -> Any:
    result = evaluate_decision(parse_dmn(xml), decision_id, variables or {})
    assert result.failure is None, result.failure
    return result.output


def _bkm(bkm_id: str, name: str, parameters: list[str], logic: str, requires: list[str] | None = None) -> str:
    parameter_xml = "".join(f'<formalParameter name="{p}"/>' for p in parameters)
    knowledge = "".join(
        f'<knowledgeRequirement><requiredKnowledge href="#{r}"/></knowledgeRequirement>'
        for r in requires or []
    )
    return (
        f'<businessKnowledgeModel id="{bkm_id}" name="{name}"><variable name="{name}"/>'
        f"<encapsulatedLogic>{parameter_xml}{logic}</encapsulatedLogic>{knowledge}</businessKnowledgeModel>"
    )


def _requires_bkm(decision_xml: str, bkm_id: str) -> str:
    requirement = f'<knowledgeRequirement><requiredKnowledge href="#{bkm_id}"/></knowledgeRequirement>'
    return decision_xml.replace("</decision>", requirement + "</decision>")


def test_context_entries_see_earlier_entries_and_the_result_entry_is_the_value() -> None:
    context = (
        "<context>"
        + _entry("a", _le("x + 1"))
        + _entry("b", _le("a * 2"))
        + _entry(None, _le("a + b"))
        + "</context>"
    )
    assert _output(definitions(decision("d", context)), variables={"x": 1}) == Decimal(6)
    assert parse_dmn(definitions(decision("d", context))).decision("d").decision_type is DecisionType.CONTEXT


def test_context_without_result_entry_is_a_context_and_can_nest() -> None:
    inner = "<context>" + _entry("c", _le('"deep"')) + "</context>"
    context = "<context>" + _entry("a", _le("1")) + _entry("nested", inner) + "</context>"
    assert _output(definitions(decision("d", context))) == {"a": Decimal(1), "nested": {"c": "deep"}}


def test_list_and_relation() -> None:
    listed = "<list>" + _le("1") + _le('"two"') + "</list>"
    relation = (
        '<relation><column name="name"/><column name="age"/>'
        + "<row>"
        + _le('"Ann"')
        + _le("30")
        + "</row><row>"
        + _le('"Bob"')
        + _le("x")
        + "</row></relation>"
    )
    xml = definitions(decision("l", listed), decision("r", relation))
    assert _output(xml, "l") == [Decimal(1), "two"]
    assert _output(xml, "r", {"x": 41}) == [
        {"name": "Ann", "age": Decimal(30)},
        {"name": "Bob", "age": Decimal(41)},
    ]


def test_function_definition_in_a_context_can_be_called_later() -> None:
    function = '<functionDefinition><formalParameter name="n"/>' + _le("n * n") + "</functionDefinition>"
    context = "<context>" + _entry("square", function) + _entry(None, _le("square(7)")) + "</context>"
    assert _output(definitions(decision("d", context))) == Decimal(49)


def test_bkm_called_from_a_literal_expression_and_through_an_invocation() -> None:
    bkm = _bkm("bkm1", "greet", ["first", "last"], _le('"Hello " + first + " " + last'))
    call = _requires_bkm(decision("call", literal('greet("Ada", "Lovelace")')), "bkm1")
    invocation = (
        "<invocation><literalExpression><text>greet</text></literalExpression>"
        f'<binding><parameter name="first"/>{_le("who")}</binding>'
        f'<binding><parameter name="last"/>{_le(chr(34) + "B" + chr(34))}</binding></invocation>'
    )
    invoke = _requires_bkm(decision("invoke", invocation), "bkm1")
    xml = definitions(bkm, call, invoke)
    assert _output(xml, "call") == "Hello Ada Lovelace"
    assert _output(xml, "invoke", {"who": "Bo"}) == "Hello Bo B"
    assert parse_dmn(xml).decision("invoke").decision_type is DecisionType.INVOCATION


def test_a_bkm_can_call_the_bkms_it_requires() -> None:
    double = _bkm("double", "double", ["n"], _le("n * 2"))
    plus_one = _bkm("plusOne", "double plus one", ["n"], _le("double(n) + 1"), requires=["double"])
    xml = definitions(
        double, plus_one, _requires_bkm(decision("d", literal("`double plus one`(20)")), "plusOne")
    )
    assert _output(xml) == Decimal(41)


def test_bkm_table_result_through_a_function_call() -> None:
    table = Table(["age"], [Output("r")], [(["< 18"], ['"minor"']), ([">= 18"], ['"adult"'])])
    classify = _bkm("classify", "classify", ["age"], table.xml("bkmTable"))
    xml = definitions(
        classify, _requires_bkm(decision("d", literal('classify(5) + "/" + classify(50)')), "classify")
    )
    assert _output(xml) == "minor/adult"


def test_missing_bkm_and_bkm_cycles_are_reported() -> None:
    missing = _requires_bkm(decision("d", literal("1")), "ghost")
    with pytest.raises(DmnParseError, match="ghost") as caught:
        parse_dmn(definitions(missing))
    assert caught.value.element_ids == ("d",)
    cycle = definitions(
        _bkm("a", "a", [], _le("b()"), requires=["b"]), _bkm("b", "b", [], _le("a()"), requires=["a"])
    )
    with pytest.raises(DmnParseError, match="cyclic dependency between business knowledge models"):
        parse_dmn(cycle, lenient=True)


def test_invocation_of_an_unknown_bkm_fails_the_decision() -> None:
    invocation = "<invocation><literalExpression><text>nobody</text></literalExpression></invocation>"
    result = evaluate_decision(parse_dmn(definitions(decision("d", invocation))), "d", {})
    assert (
        result.failure is not None
        and "no business knowledge model found with name 'nobody'" in result.failure.message
    )


def test_local_hrefs_with_the_model_namespace_resolve() -> None:
    xml = definitions(decision("a", literal("1")), decision("b", literal("a + 1"), requires=["a"]))
    xml = xml.replace('href="#a"', 'href="http://example.com/test#a"')
    assert _output(xml, "b") == Decimal(2)
