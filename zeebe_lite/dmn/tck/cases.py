"""DMN TCK test files (``NNNN-name-test-NN.xml``) as plain data."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zeebe_lite.dmn.tck.values import TCK_NAMESPACE, value_of

__all__ = ["ResultNode", "TestCase", "TestFile", "read_test_file"]

_T = "{" + TCK_NAMESPACE + "}"


@dataclass(frozen=True, slots=True)
class ResultNode:
    """An expected decision result; ``error_result`` when the decision is expected to fail (or give null)."""

    name: str
    expected: Any
    error_result: bool
    kind: str
    load_error: str | None = None


@dataclass(frozen=True, slots=True)
class TestCase:
    """One ``<testCase>``: input values by input node name, and the expected results."""

    id: str
    inputs: dict[str, Any]
    results: tuple[ResultNode, ...]
    kind: str
    load_error: str | None = None


@dataclass(frozen=True, slots=True)
class TestFile:
    """A test file: its model file name and its cases."""

    path: Path
    model_name: str | None
    cases: tuple[TestCase, ...]

    @property
    def stem(self) -> str:
        """The file name without ``.xml`` (the ``test_file`` column of cases.csv)."""
        return self.path.stem


def read_test_file(path: Path) -> TestFile:
    """Read a test file; a value that cannot be read marks its case (or result node) with ``load_error``."""
    root = ET.parse(path).getroot()
    model = root.find(_T + "modelName")
    cases = tuple(
        _test_case(element, index) for index, element in enumerate(root.findall(_T + "testCase"), 1)
    )
    return TestFile(path, (model.text or "").strip() if model is not None else None, cases)


def _test_case(element: ET.Element, index: int) -> TestCase:
    case_id = element.get("id") or f"{index:03d}"
    kind = element.get("type") or "decision"
    inputs: dict[str, Any] = {}
    load_error: str | None = None
    for node in element.findall(_T + "inputNode"):
        try:
            inputs[node.get("name", "")] = value_of(node)
        except ValueError as error:
            load_error = f"input node '{node.get('name')}': {error}"
    results: list[ResultNode] = []
    for node in element.findall(_T + "resultNode"):
        expected_element = node.find(_T + "expected")
        node_error: str | None = None
        expected: Any = None
        try:
            expected = None if expected_element is None else value_of(expected_element)
        except ValueError as failure:
            node_error = f"expected value of '{node.get('name')}': {failure}"
        results.append(
            ResultNode(
                name=node.get("name", ""),
                expected=expected,
                error_result=node.get("errorResult") == "true",
                kind=node.get("type") or "decision",
                load_error=node_error,
            )
        )
    return TestCase(case_id, inputs, tuple(results), kind, load_error)
