"""The 50 representative feel-scala cases (Camunda behaviour), read in place from the conformance data.

The data lives in ``$ZEEBE_LITE_CONFORMANCE/feel/feel-scala-cases.json`` (default ``<repo>/../shared/conformance``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from zeebe_lite.feel import compile_expression, compile_unary_tests, temporal
from zeebe_lite.feel.semantics import values_equal

REPOSITORY = Path(__file__).resolve().parents[3]
CONFORMANCE = Path(os.environ.get("ZEEBE_LITE_CONFORMANCE", REPOSITORY.parent / "shared" / "conformance"))
CASES_FILE = CONFORMANCE / "feel" / "feel-scala-cases.json"

pytestmark = pytest.mark.conformance


def load_cases() -> list[dict[str, Any]]:
    if not CASES_FILE.is_file():
        return []
    data = json.loads(CASES_FILE.read_text(encoding="utf-8"), parse_float=Decimal, parse_int=Decimal)
    cases: list[dict[str, Any]] = data["cases"]
    return cases


def decode(value: Any) -> Any:
    """Turn the file's encoding (numbers, contexts, {"@type", "value"} temporals) into FEEL values."""
    if isinstance(value, dict):
        if set(value) == {"@type", "value"}:
            return decode_temporal(value["@type"], value["value"])
        return {key: decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decode(item) for item in value]
    return value


def decode_temporal(kind: str, text: str) -> Any:
    parsers = {
        "date": temporal.parse_date,
        "time": temporal.parse_time,
        "date and time": temporal.parse_date_and_time,
        "days and time duration": temporal.parse_duration,
        "years and months duration": temporal.parse_duration,
    }
    value = parsers[kind](text)
    assert value is not None, f"cannot decode {kind} {text!r}"
    return value


CASES = load_cases()


@pytest.mark.skipif(
    not CASES, reason=f"feel-scala cases not found at {CASES_FILE} (set ZEEBE_LITE_CONFORMANCE)"
)
def test_all_fifty_cases_are_present() -> None:
    assert len(CASES) == 50


@pytest.mark.skipif(
    not CASES, reason=f"feel-scala cases not found at {CASES_FILE} (set ZEEBE_LITE_CONFORMANCE)"
)
@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_feel_scala_case(case: dict[str, Any]) -> None:
    context = decode(case["context"])
    expected = decode(case["expected"])
    if case["kind"] == "unary-tests":
        result = compile_unary_tests(case["expression"]).evaluate(decode(case["input"]), context)
        assert result is expected
        return
    result = compile_expression(case["expression"]).evaluate(context)
    if expected is None:
        assert result is None
    elif isinstance(expected, bool):
        assert result is expected
    else:
        assert values_equal(result, expected), f"{result!r} != {expected!r}"
        if isinstance(expected, dt.datetime):
            assert (result.tzinfo is None) == (expected.tzinfo is None)
