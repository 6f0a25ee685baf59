"""FEEL and DMN evaluation throughput next to plain Python doing the same test (the ceiling)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from benchmarks._measure import Throughput, measure_throughput
from zeebe_lite.dmn import evaluate_decision, parse_dmn
from zeebe_lite.feel import compile_expression, evaluate

__all__ = ["TARGETS", "decision_table_xml", "run"]

CONDITION = 'score >= 70 and source = "manychat"'
TARGETS = {
    "compiled condition": 300_000.0,
    "decision table (20 rules, UNIQUE)": 20_000.0,
    "parse + evaluate, uncached": 10_000.0,
}
_SOURCES = ("manychat", "website")
_BUCKETS = 10
_WIDTH = 10


def decision_table_xml() -> str:
    """A 20-rule UNIQUE table over (score, source): ten score buckets times two sources."""
    rules = []
    for bucket in range(_BUCKETS):
        low, high = bucket * _WIDTH, (bucket + 1) * _WIDTH
        for source in _SOURCES:
            rules.append(
                f"""<rule id="r{bucket}_{source}">
          <inputEntry><text>[{low}..{high})</text></inputEntry>
          <inputEntry><text>"{source}"</text></inputEntry>
          <outputEntry><text>"{source}-{bucket}"</text></outputEntry>
        </rule>"""
            )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="bench" name="bench" namespace="bench">
  <decision id="route" name="Route">
    <decisionTable id="table" hitPolicy="UNIQUE">
      <input id="in_score" label="Score"><inputExpression typeRef="number"><text>score</text></inputExpression></input>
      <input id="in_source" label="Source"><inputExpression typeRef="string"><text>source</text></inputExpression></input>
      <output id="out_route" name="route" typeRef="string"/>
      {"".join(rules)}
    </decisionTable>
  </decision>
</definitions>"""


def _python_table() -> Callable[[dict[str, Any]], str | None]:
    rules = [
        (Decimal(b * _WIDTH), Decimal((b + 1) * _WIDTH), source, f"{source}-{b}")
        for b in range(_BUCKETS)
        for source in _SOURCES
    ]

    def table(variables: dict[str, Any]) -> str | None:
        score, source = variables["score"], variables["source"]
        matched = [out for low, high, src, out in rules if low <= score < high and source == src]
        return matched[0] if len(matched) == 1 else None

    return table


def run(duration: timedelta) -> list[tuple[Throughput, Throughput]]:
    """Each FEEL/DMN measurement paired with its plain-Python ceiling, measured back to back."""
    variables = {"score": 75, "source": "manychat"}
    compiled = compile_expression(CONDITION)
    assert compiled.evaluate(variables) is True

    def python_condition(c: dict[str, Any]) -> bool:
        return bool(c["score"] >= 70 and c["source"] == "manychat")

    pairs = [
        (
            measure_throughput(
                "compiled condition", lambda _: compiled.evaluate(variables), duration=duration
            ),
            measure_throughput("python lambda", lambda _: python_condition(variables), duration=duration),
        )
    ]

    definitions = parse_dmn(decision_table_xml())
    table_inputs: list[dict[str, Any]] = [
        {"score": (i * 7) % 100, "source": _SOURCES[i % 2]} for i in range(64)
    ]
    python_table = _python_table()
    for item in table_inputs:
        expected = python_table({"score": Decimal(item["score"]), "source": item["source"]})
        assert evaluate_decision(definitions, "route", item).output == expected
    pairs.append(
        (
            measure_throughput(
                "decision table (20 rules, UNIQUE)",
                lambda i: evaluate_decision(definitions, "route", table_inputs[i & 63]),
                duration=duration,
            ),
            measure_throughput(
                "python loop over 20 rules", lambda i: python_table(table_inputs[i & 63]), duration=duration
            ),
        )
    )

    # A new literal every call defeats the compile cache: each call lexes, parses, compiles and evaluates.
    pairs.append(
        (
            measure_throughput(
                "parse + evaluate, uncached",
                lambda i: evaluate(f'score >= {i} and source = "manychat"', variables),
                duration=duration,
            ),
            measure_throughput(
                "python compile() + eval, uncached",
                lambda i: eval(  # the ceiling: Python parsing and running an expression itself
                    compile(f'c["score"] >= {i} and c["source"] == "manychat"', "<bench>", "eval"),
                    {"c": variables},
                ),
                duration=duration,
            ),
        )
    )
    return pairs
