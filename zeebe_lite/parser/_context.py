"""Shared state of one parse: namespaces, line lookup, resolved root elements and collected problems."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from zeebe_lite.model.bpmn import (
    ErrorDefinition,
    EscalationDefinition,
    Expression,
    MessageDefinition,
    SignalDefinition,
)
from zeebe_lite.parser._xml import XmlDocument
from zeebe_lite.parser.errors import Problem

__all__ = [
    "BPMN_NS",
    "MAX_ID_LENGTH",
    "ZEEBE_NS",
    "ParseContext",
    "bpmn_tag",
    "expression_attribute",
    "local_name",
    "namespace_of",
    "text_expression",
    "zeebe_tag",
]

MAX_ID_LENGTH = 255
"""Longest element id Zeebe accepts."""

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
ZEEBE_NS = "http://camunda.org/schema/zeebe/1.0"


def bpmn_tag(name: str) -> str:
    """The etree tag of a BPMN model element."""
    return f"{{{BPMN_NS}}}{name}"


def zeebe_tag(name: str) -> str:
    """The etree tag of a Zeebe extension element."""
    return f"{{{ZEEBE_NS}}}{name}"


def namespace_of(element: ET.Element) -> str:
    """The namespace URI of an element ('' when unqualified)."""
    tag = element.tag
    return tag[1 : tag.index("}")] if tag.startswith("{") else ""


def local_name(element: ET.Element) -> str:
    """The tag without its namespace."""
    tag = element.tag
    return tag[tag.index("}") + 1 :] if tag.startswith("{") else tag


def expression_attribute(element: ET.Element, name: str, *, keep_empty: bool = False) -> Expression | None:
    """An attribute as an :class:`Expression`; absent (or empty, unless ``keep_empty``) gives None."""
    value = element.get(name)
    if value is None or (value == "" and not keep_empty):
        return None
    return Expression(value)


def text_expression(element: ET.Element | None) -> Expression | None:
    """The stripped text of a child such as ``conditionExpression`` or ``timeDuration``; None if absent."""
    if element is None:
        return None
    return Expression((element.text or "").strip())


@dataclass
class ParseContext:
    """Mutable scratch state of a single :func:`~zeebe_lite.parser.parse_bpmn` call (never shared)."""

    document: XmlDocument
    resource_name: str | None = None
    problems: list[Problem] = field(default_factory=list)
    messages: dict[str, MessageDefinition] = field(default_factory=dict)
    errors: dict[str, ErrorDefinition] = field(default_factory=dict)
    signals: dict[str, SignalDefinition] = field(default_factory=dict)
    escalations: dict[str, EscalationDefinition] = field(default_factory=dict)
    _seen_ids: dict[str, int | None] = field(default_factory=dict)

    def line(self, element: ET.Element) -> int | None:
        """The 1-based line of an element's start tag."""
        return self.document.line_of(element)

    def report(self, element: ET.Element, message: str, *, element_id: str | None = None) -> None:
        """Record a problem located at ``element`` (its own id unless ``element_id`` is given)."""
        self.problems.append(
            Problem(
                element_id=element_id if element_id is not None else element.get("id"),
                element_type=local_name(element),
                message=message,
                line=self.line(element),
            )
        )

    def register_id(self, element: ET.Element) -> str:
        """The element's id, reporting a missing id or one already used in this file."""
        element_id = element.get("id")
        if not element_id:
            self.report(element, "is missing the required attribute 'id'", element_id="")
            return f"<no id, line {self.line(element)}>"
        if len(element_id) > MAX_ID_LENGTH:
            self.report(element, f"id must be at most {MAX_ID_LENGTH} characters long, not {len(element_id)}")
        if element_id in self._seen_ids:
            first = self._seen_ids[element_id]
            where = f" (first used on line {first})" if first is not None else ""
            self.report(element, f"duplicate id '{element_id}'{where}")
        else:
            self._seen_ids[element_id] = self.line(element)
        return element_id
