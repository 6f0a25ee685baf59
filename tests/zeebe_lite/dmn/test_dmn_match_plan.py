"""The column-wise match plan finds exactly the rules the rule-by-rule loop finds, and defers to it on failures."""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zeebe_lite.dmn import parse_dmn
from zeebe_lite.dmn.errors import DecisionEvaluationFailure
from zeebe_lite.dmn.model import DecisionTable
from zeebe_lite.dmn.tables import _matching_rules

SCORE_ENTRIES = ["-", "[0..50)", "[50..100]", ">= 70", "< 30", "limit", "> limit", "null", "not(10)", '"x"']
SOURCE_ENTRIES = ["-", '"manychat"', '"web"', 'not("web")', '"manychat", "web"', "? = src"]


def table_xml(rules: list[tuple[str, str]]) -> str:
    body = "".join(
        f"""<rule id="r{i}"><inputEntry><text>{escape(score)}</text></inputEntry>
        <inputEntry><text>{escape(source)}</text></inputEntry>
        <outputEntry><text>{i}</text></outputEntry></rule>"""
        for i, (score, source) in enumerate(rules)
    )
    return f"""<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="t">
      <decision id="route" name="Route"><decisionTable id="t" hitPolicy="COLLECT">
        <input id="i1"><inputExpression><text>score</text></inputExpression></input>
        <input id="i2"><inputExpression><text>source</text></inputExpression></input>
        <output id="o" name="rule"/>{body}
      </decisionTable></decision></definitions>"""


@settings(max_examples=150, deadline=None)
@given(
    rules=st.lists(st.tuples(st.sampled_from(SCORE_ENTRIES), st.sampled_from(SOURCE_ENTRIES)), max_size=12),
    score=st.one_of(st.none(), st.integers(-5, 120).map(Decimal), st.just("text")),
    source=st.one_of(st.none(), st.sampled_from(["manychat", "web", "other"])),
    limit=st.integers(0, 100).map(Decimal),
)
def test_plan_matches_the_rule_by_rule_loop(
    rules: list[tuple[str, str]], score: object, source: object, limit: Decimal
) -> None:
    table = parse_dmn(table_xml(rules)).decisions["route"].logic
    assert isinstance(table, DecisionTable)
    context = {"score": score, "source": source, "limit": limit, "src": "web"}
    planned = table.match_plan.match([score, source], context)
    exact = _matching_rules(table, [score, source], context)
    assert planned is not None
    assert [table.rules[i] for i in planned] == exact


def test_a_cell_no_remaining_rule_needs_is_not_tested() -> None:
    # Rule 0's second cell would fail, but rule 0 is already out after the first column, so neither loop
    # reaches it; the plan must agree rather than give up.
    table = parse_dmn(table_xml([("< 0", "assert(?, false)"), ("-", '"web"')])).decisions["route"].logic
    assert isinstance(table, DecisionTable)
    assert table.match_plan.match([Decimal(5), "web"], {}) == [1]


def test_a_failing_cell_defers_to_the_exact_loop_which_reports_it() -> None:
    table = parse_dmn(table_xml([("-", 'assert(? = "web", ? = "web")')])).decisions["route"].logic
    assert isinstance(table, DecisionTable)
    assert table.match_plan.match([Decimal(1), "web"], {}) == [0]
    assert table.match_plan.match([Decimal(1), "other"], {}) is None
    with pytest.raises(DecisionEvaluationFailure, match="assert"):
        _matching_rules(table, [Decimal(1), "other"], {})
