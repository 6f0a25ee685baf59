"""Hit-policy aggregation over matched rules' output rows (pure, no FEEL involved)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zeebe_lite.dmn.errors import DecisionEvaluationFailure
from zeebe_lite.dmn.hit_policies import apply_hit_policy, sort_by_priority
from zeebe_lite.dmn.model import Aggregation, HitPolicy, OutputClause
from zeebe_lite.dmn.reader import split_output_values

ONE = (OutputClause("o1", "result", None, output_values=("high", "medium", "low")),)
TWO = (
    OutputClause("o1", "level", None, output_values=("high", "medium", "low")),
    OutputClause("o2", "score", None, output_values=("3", "2", "1")),
)


def test_no_rows_is_null_for_every_policy() -> None:
    for policy in HitPolicy:
        assert apply_hit_policy(policy, None, ONE, []) is None


def test_unique_single_match_gives_the_value() -> None:
    assert apply_hit_policy(HitPolicy.UNIQUE, None, ONE, [("low",)]) == "low"


def test_unique_with_two_matches_fails() -> None:
    with pytest.raises(DecisionEvaluationFailure, match="UNIQUE"):
        apply_hit_policy(HitPolicy.UNIQUE, None, ONE, [("low",), ("low",)])


def test_first_takes_the_first_row() -> None:
    assert apply_hit_policy(HitPolicy.FIRST, None, ONE, [("low",), ("high",)]) == "low"


def test_any_accepts_equal_rows_and_rejects_different_ones() -> None:
    assert apply_hit_policy(HitPolicy.ANY, None, ONE, [("low",), ("low",)]) == "low"
    assert apply_hit_policy(HitPolicy.ANY, None, ONE, [(Decimal("1.0"),), (Decimal(1),)]) == Decimal(1)
    with pytest.raises(DecisionEvaluationFailure, match="ANY"):
        apply_hit_policy(HitPolicy.ANY, None, ONE, [("low",), ("high",)])


def test_priority_takes_the_value_listed_first_in_output_values() -> None:
    rows = [("low",), ("high",), ("medium",)]
    assert apply_hit_policy(HitPolicy.PRIORITY, None, ONE, rows) == "high"


def test_priority_puts_unlisted_values_last_and_keeps_rule_order_on_ties() -> None:
    rows = [("other",), ("low",), ("low-ish",)]
    assert apply_hit_policy(HitPolicy.PRIORITY, None, ONE, rows) == "low"
    assert sort_by_priority(ONE, [("x",), ("y",)]) == [("x",), ("y",)]


def test_priority_over_several_outputs_compares_left_to_right_and_numbers_by_value() -> None:
    rows = [("medium", Decimal(1)), ("medium", Decimal("3.0")), ("low", Decimal(3))]
    assert apply_hit_policy(HitPolicy.PRIORITY, None, TWO, rows) == {"level": "medium", "score": Decimal(3)}


def test_output_order_sorts_all_rows_by_priority() -> None:
    rows = [("low",), ("high",), ("medium",)]
    assert apply_hit_policy(HitPolicy.OUTPUT_ORDER, None, ONE, rows) == ["high", "medium", "low"]


def test_rule_order_and_collect_keep_rule_order() -> None:
    rows = [("low",), ("high",), ("low",)]
    assert apply_hit_policy(HitPolicy.RULE_ORDER, None, ONE, rows) == ["low", "high", "low"]
    assert apply_hit_policy(HitPolicy.COLLECT, None, ONE, rows) == ["low", "high", "low"]


def test_several_outputs_give_contexts() -> None:
    rows = [("low", Decimal(1)), ("high", Decimal(3))]
    assert apply_hit_policy(HitPolicy.COLLECT, None, TWO, rows) == [
        {"level": "low", "score": Decimal(1)},
        {"level": "high", "score": Decimal(3)},
    ]


@pytest.mark.parametrize(
    ("aggregation", "expected"),
    [
        (Aggregation.SUM, Decimal("6.5")),
        (Aggregation.MIN, Decimal("1.5")),
        (Aggregation.MAX, Decimal(3)),
        (Aggregation.COUNT, Decimal(3)),
    ],
)
def test_collect_aggregations(aggregation: Aggregation, expected: Decimal) -> None:
    rows = [(Decimal(2),), (Decimal("1.5"),), (Decimal(3),)]
    assert apply_hit_policy(HitPolicy.COLLECT, aggregation, ONE, rows) == expected


def test_collect_count_counts_any_values() -> None:
    assert apply_hit_policy(HitPolicy.COLLECT, Aggregation.COUNT, ONE, [("a",), (None,)]) == Decimal(2)


def test_collect_sum_needs_numbers() -> None:
    with pytest.raises(DecisionEvaluationFailure, match="expected number"):
        apply_hit_policy(HitPolicy.COLLECT, Aggregation.SUM, ONE, [(Decimal(1),), ("two",)])
    with pytest.raises(DecisionEvaluationFailure, match="expected number"):
        apply_hit_policy(HitPolicy.COLLECT, Aggregation.MAX, ONE, [(True,)])


def test_output_values_split_keeps_commas_inside_quotes() -> None:
    assert split_output_values('"a, b", "c" ,1, 2.5') == ("a, b", "c", "1", "2.5")
    assert split_output_values("") == ()


_LEVELS = st.sampled_from(["high", "medium", "low", "other"])


@given(st.lists(st.tuples(_LEVELS), min_size=1, max_size=12))
def test_output_order_is_a_priority_sorted_permutation_and_priority_its_head(rows: list[tuple[str]]) -> None:
    ordered = apply_hit_policy(HitPolicy.OUTPUT_ORDER, None, ONE, rows)
    rank = {"high": 0, "medium": 1, "low": 2, "other": 3}
    assert sorted(ordered) == sorted(row[0] for row in rows)
    assert [rank[value] for value in ordered] == sorted(rank[value] for value in ordered)
    assert apply_hit_policy(HitPolicy.PRIORITY, None, ONE, rows) == ordered[0]


@given(st.lists(st.decimals(min_value=-1000, max_value=1000, places=2), min_size=1, max_size=12))
def test_collect_aggregations_agree_with_python(numbers: list[Decimal]) -> None:
    rows = [(number,) for number in numbers]
    assert apply_hit_policy(HitPolicy.COLLECT, Aggregation.SUM, ONE, rows) == sum(numbers, Decimal(0))
    assert apply_hit_policy(HitPolicy.COLLECT, Aggregation.MIN, ONE, rows) == min(numbers)
    assert apply_hit_policy(HitPolicy.COLLECT, Aggregation.MAX, ONE, rows) == max(numbers)
    assert apply_hit_policy(HitPolicy.COLLECT, Aggregation.COUNT, ONE, rows) == len(numbers)
    assert apply_hit_policy(HitPolicy.COLLECT, None, ONE, rows) == numbers
