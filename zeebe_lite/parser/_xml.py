"""Load XML into ``xml.etree`` elements while remembering the line of every start tag.

The stdlib's C-accelerated ``XMLParser`` does not expose line numbers, so elements are built from
``xml.parsers.expat`` events. DTDs are refused: BPMN never needs them and they enable entity expansion.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from xml.parsers import expat

from zeebe_lite.parser.errors import BpmnXmlError

__all__ = ["XmlDocument", "load_xml"]


@dataclass(frozen=True)
class XmlDocument:
    """A parsed document: the root element and the start-tag line of each element."""

    root: ET.Element
    lines: dict[ET.Element, int]

    def line_of(self, element: ET.Element) -> int | None:
        """The 1-based line of the element's start tag."""
        return self.lines.get(element)


def _qualified(name: str) -> str:
    # expat with namespace_separator="}" yields "uri}local"; etree spells it "{uri}local".
    return "{" + name if "}" in name else name


class _Builder:
    def __init__(self, parser: expat.XMLParserType) -> None:
        self._parser = parser
        self._stack: list[ET.Element] = []
        self._text: list[list[str]] = []
        self.root: ET.Element | None = None
        self.lines: dict[ET.Element, int] = {}

    def start(self, name: str, attributes: dict[str, str]) -> None:
        element = ET.Element(_qualified(name), {_qualified(key): value for key, value in attributes.items()})
        self.lines[element] = self._parser.CurrentLineNumber
        if self._stack:
            self._stack[-1].append(element)
        else:
            self.root = element
        self._stack.append(element)
        self._text.append([])

    def end(self, _name: str) -> None:
        element = self._stack.pop()
        element.text = "".join(self._text.pop())

    def data(self, text: str) -> None:
        if self._text:
            self._text[-1].append(text)


def _refuse_doctype(*_args: object) -> None:
    raise ValueError("DOCTYPE declarations are not allowed")


def load_xml(source: bytes | str, *, resource_name: str | None = None) -> XmlDocument:
    """Parse ``source``; raises :class:`BpmnXmlError` for malformed XML or a DTD."""
    parser = expat.ParserCreate(namespace_separator="}")
    builder = _Builder(parser)
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = _refuse_doctype
    try:
        parser.Parse(source, True)
    except expat.ExpatError as error:
        raise BpmnXmlError(
            expat.errors.messages[error.code], resource_name=resource_name, line=error.lineno
        ) from None
    except ValueError as error:
        raise BpmnXmlError(str(error), resource_name=resource_name, line=parser.CurrentLineNumber) from None
    if builder.root is None:
        raise BpmnXmlError("the document is empty", resource_name=resource_name)
    return XmlDocument(root=builder.root, lines=builder.lines)
