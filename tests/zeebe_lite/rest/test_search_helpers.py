"""The search helpers on plain items: operators, variable value conditions, errors."""

from __future__ import annotations

from typing import Any

import pytest

from zeebe_lite.rest.problems import ApiProblem
from zeebe_lite.rest.search import FieldKind, SearchRequest, SearchSpec, json_value_matches, search

SPEC = SearchSpec(
    key_field="key",
    fields={
        "key": FieldKind.KEY,
        "name": FieldKind.TEXT,
        "size": FieldKind.NUMBER,
        "done": FieldKind.BOOLEAN,
    },
    sortable=frozenset({"name", "size"}),
)
ITEMS: list[dict[str, Any]] = [
    {"key": "3", "name": "gamma", "size": 30, "done": True},
    {"key": "1", "name": "alpha", "size": 10, "done": False},
    {"key": "2", "name": "beta?", "size": None, "done": False},
]


def _keys(body: dict[str, Any]) -> list[str]:
    result = search(ITEMS, SearchRequest.model_validate(body), SPEC)
    return [item["key"] for item in result["items"]]


def test_operators() -> None:
    assert _keys({}) == ["1", "2", "3"]
    assert _keys({"filter": {"size": {"$gte": 10, "$lt": 30}}}) == ["1"]
    assert _keys({"filter": {"size": {"$exists": False}}}) == ["2"]
    assert _keys({"filter": {"name": {"$like": "beta\\?"}}}) == ["2"]
    assert _keys({"filter": {"name": {"$like": "?l*"}}}) == ["1"]
    assert _keys({"filter": {"key": {"$notIn": ["1", 3]}}}) == ["2"]
    assert _keys({"filter": {"done": "true"}}) == ["3"]
    assert _keys({"filter": {"name": None}}) == ["1", "2", "3"]


def test_sort_puts_nulls_last_in_both_directions() -> None:
    assert _keys({"sort": [{"field": "size"}]}) == ["1", "3", "2"]
    assert _keys({"sort": [{"field": "size", "order": "DESC"}]}) == ["3", "1", "2"]


def test_invalid_requests_are_problems() -> None:
    for body in (
        {"filter": {"size": {"$near": 1}}},
        {"filter": {"size": "big"}},
        {"filter": {"done": "maybe"}},
        {"page": {"after": "not-a-cursor"}},
        {"page": {"after": "a", "before": "b"}},
        {"filter": {"$or": "x"}},
    ):
        with pytest.raises(ApiProblem) as raised:
            _keys(body)
        assert raised.value.status == 400


def test_json_value_conditions() -> None:
    assert json_value_matches('{"a":1}', '{ "a" : 1 }', "v")
    assert json_value_matches('"ada"', {"$like": '"a*"'}, "v")
    assert json_value_matches("5", {"$in": ["4", "5"], "$neq": "6"}, "v")
    assert not json_value_matches(None, {"$neq": "1"}, "v")
    assert json_value_matches(None, {"$exists": False}, "v")
    assert not json_value_matches("1", {"$exists": False}, "v")
    with pytest.raises(ApiProblem):
        json_value_matches("1", {"$gt": "0"}, "v")
