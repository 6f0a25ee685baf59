"""Every non-temporal function that Camunda documents (by its docs examples) exists in the built-in table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zeebe_lite.feel.builtins import builtin_table

EXAMPLES = (
    Path(__file__).resolve().parents[4].parent / "shared" / "conformance" / "feel" / "builtin-examples.json"
)

TEMPORAL_AND_RANGE = {
    "date", "time", "date and time", "duration", "years and months duration", "now", "today", "day of week",
    "day of year", "week of year", "month of year", "last day of month", "before", "after", "meets", "met by",
    "overlaps", "overlaps before", "overlaps after", "finishes", "finished by", "includes", "during", "starts",
    "started by", "coincides",
}  # fmt: skip

DOCUMENTED_SIGNATURES = {
    ("string", ("from",)),
    ("number", ("from", "grouping separator", "decimal separator")),
    ("context", ("entries",)),
    ("from json", ("value",)),
    ("to json", ("value",)),
    ("substring", ("string", "start position", "length")),
    ("replace", ("input", "pattern", "replacement", "flags")),
    ("matches", ("input", "pattern", "flags")),
    ("split", ("string", "delimiter")),
    ("extract", ("string", "pattern")),
    ("get value", ("context", "keys")),
    ("context put", ("context", "keys", "value")),
    ("context merge", ("contexts",)),
    ("sort", ("list", "precedes")),
    ("insert before", ("list", "position", "newItem")),
    ("index of", ("list", "match")),
    ("modulo", ("dividend", "divisor")),
    ("decimal", ("n", "scale")),
    ("round half down", ("n", "scale")),
    ("sqrt", ("number",)),
}


@pytest.mark.conformance
def test_every_documented_non_temporal_function_exists() -> None:
    if not EXAMPLES.exists():
        pytest.skip(f"{EXAMPLES} is absent")
    names = {example["fn"] for example in json.loads(EXAMPLES.read_text(encoding="utf-8"))}
    mine = names - TEMPORAL_AND_RANGE
    assert len(mine) > 60
    missing = sorted(name for name in mine if name not in builtin_table())
    assert missing == []


@pytest.mark.parametrize(("name", "params"), sorted(DOCUMENTED_SIGNATURES))
def test_documented_parameter_names(name: str, params: tuple[str, ...]) -> None:
    assert params in {builtin.params for builtin in builtin_table()[name]}
