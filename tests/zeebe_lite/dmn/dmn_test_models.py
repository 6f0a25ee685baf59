"""Builders of small DMN documents for the DMN tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

DMN11 = "http://www.omg.org/spec/DMN/20151101/dmn.xsd"
DMN12 = "http://www.omg.org/spec/DMN/20180521/MODEL/"
DMN13 = "https://www.omg.org/spec/DMN/20191111/MODEL/"
DMN14 = "https://www.omg.org/spec/DMN/20211108/MODEL/"
DMN15 = "https://www.omg.org/spec/DMN/20230324/MODEL/"


@dataclass
class Output:
    name: str | None
    values: str | None = None
    default: str | None = None
    id: str | None = None


@dataclass
class Table:
    inputs: Sequence[str]
    outputs: Sequence[Output]
    rules: Sequence[tuple[Sequence[str], Sequence[str]]]
    hit_policy: str | None = "UNIQUE"
    aggregation: str | None = None
    input_values: dict[int, str] = field(default_factory=dict)

    def xml(self, table_id: str = "table") -> str:
        attributes = f' id="{table_id}"'
        if self.hit_policy is not None:
            attributes += f' hitPolicy="{self.hit_policy}"'
        if self.aggregation:
            attributes += f' aggregation="{self.aggregation}"'
        parts = [f"<decisionTable{attributes}>"]
        for index, expression in enumerate(self.inputs, start=1):
            values = self.input_values.get(index)
            values_xml = f"<inputValues><text>{escape(values)}</text></inputValues>" if values else ""
            parts.append(
                f'<input id="input{index}" label="Input {index}">'
                f'<inputExpression id="inputExpression{index}"><text>{escape(expression)}</text></inputExpression>'
                f"{values_xml}</input>"
            )
        for index, output in enumerate(self.outputs, start=1):
            name = f" name={quoteattr(output.name)}" if output.name else ""
            inner = ""
            if output.values is not None:
                inner += f"<outputValues><text>{escape(output.values)}</text></outputValues>"
            if output.default is not None:
                inner += f'<defaultOutputEntry id="default{index}"><text>{escape(output.default)}</text></defaultOutputEntry>'
            parts.append(f'<output id="{output.id or f"output{index}"}"{name}>{inner}</output>')
        for rule_index, (entries, results) in enumerate(self.rules, start=1):
            parts.append(f'<rule id="rule{rule_index}">')
            for entry_index, entry in enumerate(entries, start=1):
                parts.append(
                    f'<inputEntry id="rule{rule_index}-in{entry_index}"><text>{escape(entry)}</text></inputEntry>'
                )
            for entry_index, result in enumerate(results, start=1):
                parts.append(
                    f'<outputEntry id="rule{rule_index}-out{entry_index}"><text>{escape(result)}</text></outputEntry>'
                )
            parts.append("</rule>")
        parts.append("</decisionTable>")
        return "".join(parts)


def decision(
    decision_id: str,
    logic: str,
    *,
    name: str | None = None,
    variable: str | None = None,
    type_ref: str | None = None,
    requires: Sequence[str] = (),
) -> str:
    """A ``<decision>`` element; ``logic`` is the decision table / literal expression XML."""
    name_attribute = f" name={quoteattr(name if name is not None else decision_id)}"
    variable_xml = ""
    if variable is not None or type_ref is not None:
        type_attribute = f' typeRef="{type_ref}"' if type_ref else ""
        variable_name = f" name={quoteattr(variable)}" if variable is not None else ""
        variable_xml = f"<variable{variable_name}{type_attribute}/>"
    requirements = "".join(
        f'<informationRequirement id="req-{decision_id}-{required}"><requiredDecision href="#{required}"/>'
        "</informationRequirement>"
        for required in requires
    )
    return f'<decision id="{decision_id}"{name_attribute}>{variable_xml}{requirements}{logic}</decision>'


def literal(expression: str, literal_id: str = "literal") -> str:
    """A ``<literalExpression>`` element."""
    return f'<literalExpression id="{literal_id}"><text>{escape(expression)}</text></literalExpression>'


def definitions(*elements: str, namespace: str = DMN15) -> str:
    """A ``<definitions>`` document holding ``elements``."""
    body = "".join(elements)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<definitions xmlns="{namespace}" id="definitions" '
        f'name="Test" namespace="http://example.com/test">{body}</definitions>'
    )


def input_data(input_id: str, name: str, type_ref: str | None = None) -> str:
    """An ``<inputData>`` element."""
    type_attribute = f' typeRef="{type_ref}"' if type_ref else ""
    return f'<inputData id="{input_id}" name={quoteattr(name)}><variable name={quoteattr(name)}{type_attribute}/></inputData>'
