from __future__ import annotations

import pytest
from builtin_harness import D, call

from zeebe_lite.feel.builtins.boolean import FeelAssertionError
from zeebe_lite.feel.errors import FeelEvaluationError


@pytest.mark.parametrize(
    ("value", "expected"), [(True, False), (False, True), (None, None), (D(1), None), ("true", None)]
)
def test_not_negates_booleans_only(value: object, expected: object) -> None:
    assert call("not", value) is expected


@pytest.mark.parametrize(
    ("value", "expected"), [(D(1), True), ("", True), (False, True), ([], True), (None, False)]
)
def test_is_defined_is_false_only_for_null(value: object, expected: bool) -> None:
    assert call("is defined", value) is expected


def test_get_or_else_falls_back_only_for_null() -> None:
    assert call("get or else", "this", "default") == "this"
    assert call("get or else", None, "default") == "default"
    assert call("get or else", None, None) is None
    assert call("get or else", False, True) is False


def test_assert_returns_the_value_when_the_condition_holds() -> None:
    assert call("assert", "value", True) == "value"
    assert call("assert", D(4), True, "'x' should be positive") == D(4)


@pytest.mark.parametrize("condition", [False, None, D(1), "true"])
def test_assert_fails_unless_the_condition_is_true(condition: object) -> None:
    with pytest.raises(FeelAssertionError, match="The condition is not fulfilled"):
        call("assert", None, condition)


def test_assert_fails_with_the_given_cause() -> None:
    with pytest.raises(FeelAssertionError, match="'x' should not be null") as failure:
        call("assert", None, False, "'x' should not be null")
    assert isinstance(failure.value, FeelEvaluationError)


def test_boolean_parameter_names_are_documented() -> None:
    from zeebe_lite.feel.builtins import builtin_table

    table = builtin_table()
    assert [b.params for b in table["not"]] == [("negand",)]
    assert [b.params for b in table["is defined"]] == [("value",)]
    assert [b.params for b in table["get or else"]] == [("value", "default")]
    assert [b.params for b in table["assert"]] == [("value", "condition"), ("value", "condition", "cause")]
