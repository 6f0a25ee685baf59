from __future__ import annotations

import pytest
from builtin_harness import D, call

from zeebe_lite.feel.builtins import builtin_table


@pytest.mark.parametrize(
    "args",
    [
        (D(7),),
        ("query", "The search query"),
        ("query", None, "string"),
        (["a"], "Tags", "array", {"items": {"type": "string"}}),
        ("invoice", "The document type", "string", None, {"required": False}),
    ],
)
def test_from_ai_returns_the_value_unchanged(args: tuple[object, ...]) -> None:
    assert call("fromAi", *args) == args[0]


def test_from_ai_offers_every_documented_overload() -> None:
    assert [b.params for b in builtin_table()["fromAi"]] == [
        ("value",),
        ("value", "description"),
        ("value", "description", "type"),
        ("value", "description", "type", "schema"),
        ("value", "description", "type", "schema", "options"),
    ]
