"""Low-level reading of a DMN document: namespaced element access and FEEL cells compiled once (by text)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from typing import TypeVar

from zeebe_lite.dmn.errors import DmnProblem
from zeebe_lite.dmn.feel_bridge import (
    CompiledExpressionLike,
    CompiledUnaryTestsLike,
    FeelCompiler,
    FeelSyntaxError,
)
from zeebe_lite.dmn.model import ExpressionCell, UnaryTestsCell
from zeebe_lite.dmn.names import NameQuoter
from zeebe_lite.dmn.namespaces import is_feel_language

__all__ = ["XmlCellReader", "quoter_for", "split_output_values"]

_NAMED_INFORMATION_ITEMS = frozenset(
    {"variable", "parameter", "formalParameter", "itemDefinition", "itemComponent"}
)
_T = TypeVar("_T")


def quoter_for(root: ET.Element) -> NameQuoter:
    """A quoter for the names (with spaces or dashes) of the model's variables and item definitions."""
    names: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = element.tag.rpartition("}")[2]
        name = element.get("name")
        if local in _NAMED_INFORMATION_ITEMS and name:
            names.append(name)
    return NameQuoter.for_names(names)


def split_output_values(text: str) -> tuple[str, ...]:
    """The comma-separated items of an ``outputValues`` text, string quotes removed (commas in quotes kept)."""
    items: list[str] = []
    current: list[str] = []
    quoted = False
    escaped = False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            items.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    items.append("".join(current).strip())
    return tuple(item for item in items if item)


class XmlCellReader:
    """Access to the elements of one DMN document, plus compiled FEEL cells (cached by text) and problems."""

    def __init__(self, root: ET.Element, feel: FeelCompiler, quoter: NameQuoter) -> None:
        self.model_namespace = root.get("namespace") or ""
        self.prefix = root.tag.partition("}")[0] + "}" if root.tag.startswith("{") else ""
        self.feel = feel
        self.quoter = quoter
        self.problems: list[DmnProblem] = []
        self._expressions: dict[str, tuple[CompiledExpressionLike | None, str | None]] = {}
        self._unary_tests: dict[str, tuple[CompiledUnaryTestsLike | None, str | None]] = {}

    def local(self, element: ET.Element) -> str:
        """The local name of an element in the model's namespace ("" for foreign elements)."""
        tag = element.tag
        if not isinstance(tag, str) or not tag.startswith(self.prefix):
            return ""
        return tag[len(self.prefix) :]

    def children(self, element: ET.Element, local_name: str) -> Iterator[ET.Element]:
        """The child elements with this local name."""
        return iter(element.findall(self.prefix + local_name))

    def child(self, element: ET.Element, local_name: str) -> ET.Element | None:
        """The first child element with this local name."""
        return element.find(self.prefix + local_name)

    def text_of(self, element: ET.Element) -> str | None:
        """The content of the element's ``<text>`` child; None without one."""
        text = self.child(element, "text")
        return None if text is None else (text.text or "")

    def problem(self, element_id: str | None, message: str) -> str:
        """Record a problem of an element; returns the message (to keep it as the cell's failure)."""
        self.problems.append(DmnProblem(element_id, message))
        return message

    def _compile(
        self,
        cache: dict[str, tuple[_T | None, str | None]],
        compile_text: Callable[[str], _T],
        text: str,
        what: str,
        element_id: str | None,
    ) -> tuple[_T | None, str | None]:
        quoted = self.quoter.quote(text)
        if quoted not in cache:
            try:
                cache[quoted] = (compile_text(quoted), None)
            except FeelSyntaxError as error:
                cache[quoted] = (None, f"FEEL {what} '{text.strip()}' does not parse: {error}")
            except Exception as error:  # a compiler defect must not abort reading the model
                cache[quoted] = (None, f"FEEL {what} '{text.strip()}' cannot be compiled: {error!r}")
        compiled, failure = cache[quoted]
        if failure is not None:
            self.problem(element_id, failure)
        return compiled, failure

    def expression_cell(self, element: ET.Element | None, owner_id: str | None, what: str) -> ExpressionCell:
        """The FEEL expression in ``element``'s ``<text>`` (``element`` itself being a literal expression)."""
        element_id = (element.get("id") if element is not None else None) or owner_id
        text = None if element is None else self.text_of(element)
        if element is None or text is None:
            message = self.problem(element_id, f"the {what} must not be empty")
            return ExpressionCell(element_id, "", None, message)
        if not is_feel_language(element.get("expressionLanguage")):
            language = element.get("expressionLanguage")
            message = self.problem(element_id, f"expression language '{language}' is not supported")
            return ExpressionCell(element_id, text, None, message)
        compiled, failure = self._compile(
            self._expressions, self.feel.compile_expression, text, "expression", element_id
        )
        return ExpressionCell(element_id, text, compiled, failure)

    def unary_tests_cell(
        self, element: ET.Element, owner_id: str | None, *, report: bool = True
    ) -> UnaryTestsCell:
        """The unary tests in ``element``'s ``<text>``; ``-`` and empty text match everything."""
        element_id = element.get("id") or owner_id
        text = self.text_of(element) or ""
        if text.strip() in ("", "-"):
            return UnaryTestsCell(element_id, text, None, None, matches_all=True)
        if not is_feel_language(element.get("expressionLanguage")):
            language = element.get("expressionLanguage")
            message = f"expression language '{language}' is not supported"
            if report:
                self.problem(element_id, message)
            return UnaryTestsCell(element_id, text, None, message)
        before = len(self.problems)
        compiled, failure = self._compile(
            self._unary_tests, self.feel.compile_unary_tests, text, "unary-tests", element_id
        )
        if not report:
            del self.problems[before:]
        return UnaryTestsCell(element_id, text, compiled, failure)
