"""Runs DMN TCK folders against :mod:`zeebe_lite.dmn`, judging results the way Camunda's TCK runner does.

A folder holds one or more models (``*.dmn``) and test files (``*-test-NN.xml``). Models are parsed leniently
(as the Camunda runner's ``lazyEvaluation``), so a defect only fails the decisions it touches, and with names
containing spaces or dashes escaped (as its ``escapeNamesWithSpaces``/``escapeNamesWithDashes``). For each result
node the decision *with that name* is evaluated with the case's input nodes as variables (bound by their exact
names). An evaluation failure counts as a null result. A node passes when the result equals the expected value;
a node with ``errorResult="true"`` also passes when the engine raised an exception.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zeebe_lite.dmn.errors import DecisionNotFoundError, DmnError
from zeebe_lite.dmn.evaluation import evaluate_decision_by_name
from zeebe_lite.dmn.model import DmnDefinitions, LiteralExpression
from zeebe_lite.dmn.parser import parse_dmn
from zeebe_lite.dmn.tck.cases import ResultNode, TestCase, TestFile, read_test_file
from zeebe_lite.dmn.tck.compare import tck_equal

__all__ = ["CaseOutcome", "discover_folders", "run_folder", "run_paths"]


@dataclass(frozen=True, slots=True)
class CaseOutcome:
    """The verdict on one test case; ``message`` says why it failed (None when it passed)."""

    level: str
    folder: str
    test_file: str
    test_id: str
    passed: bool
    message: str | None

    @property
    def key(self) -> str:
        """``folder/test_file/test_id``, the case's identity in baselines."""
        return f"{self.folder}/{self.test_file}/{self.test_id}"

    def as_json(self) -> dict[str, Any]:
        """The JSON object the CLI prints for this case."""
        return {
            "folder": self.folder,
            "test_file": self.test_file,
            "test_id": self.test_id,
            "passed": self.passed,
            "message": self.message,
        }


def discover_folders(paths: Iterable[Path]) -> list[Path]:
    """TCK folders (those holding ``*-test-*.xml`` files) in each path, the path itself or below it, sorted."""
    found: dict[Path, None] = {}
    for path in paths:
        if _is_tck_folder(path):
            found[path] = None
            continue
        for candidate in sorted(path.rglob("*-test-*.xml")):
            found.setdefault(candidate.parent, None)
    return sorted(found, key=lambda folder: (folder.parent.name, folder.name))


def run_paths(paths: Iterable[Path]) -> Iterator[CaseOutcome]:
    """Outcomes of every case in every TCK folder found under ``paths``."""
    for folder in discover_folders(paths):
        yield from run_folder(folder)


def run_folder(folder: Path) -> Iterator[CaseOutcome]:
    """Outcomes of the cases of one TCK folder, in file and case order."""
    models: dict[str, DmnDefinitions | str] = {}
    for test_path in sorted(folder.glob("*-test-*.xml")):
        try:
            test_file = read_test_file(test_path)
        except Exception as error:  # an unreadable test file fails as a whole but does not stop the run
            yield CaseOutcome(
                folder.parent.name, folder.name, test_path.stem, "*", False, f"cannot read: {error}"
            )
            continue
        model = _model_for(folder, test_file, models)
        for case in test_file.cases:
            passed, message = _run_case(model, case)
            yield CaseOutcome(folder.parent.name, folder.name, test_file.stem, case.id, passed, message)


def _is_tck_folder(path: Path) -> bool:
    return path.is_dir() and any(path.glob("*-test-*.xml"))


def _model_for(
    folder: Path, test_file: TestFile, cache: dict[str, DmnDefinitions | str]
) -> DmnDefinitions | str:
    """The parsed model of a test file, or the reason it cannot be parsed."""
    name = test_file.model_name
    if not name:
        candidates = sorted(folder.glob("*.dmn"))
        name = candidates[0].name if len(candidates) == 1 else ""
    if name not in cache:
        path = folder / name
        if not name or not path.is_file():
            cache[name] = f"model file '{name}' not found"
        else:
            try:
                cache[name] = parse_dmn(
                    path.read_bytes(), resource_name=name, lenient=True, escape_names=True
                )
            except DmnError as error:
                cache[name] = f"parser: {error}"
    return cache[name]


def _run_case(model: DmnDefinitions | str, case: TestCase) -> tuple[bool, str | None]:
    if isinstance(model, str):
        return False, model
    if case.load_error:
        return False, case.load_error
    for node in case.results:
        message = _check_result(model, case, node)
        if message is not None:
            return False, message
    return True, None


def _check_result(model: DmnDefinitions, case: TestCase, node: ResultNode) -> str | None:
    """None when the node passes, else why not."""
    if node.load_error:
        return node.load_error
    try:
        result = evaluate_decision_by_name(model, node.name, case.inputs)
    except DecisionNotFoundError as error:
        return f"{node.name}: {error}"
    except Exception as error:  # the Camunda runner counts an exception as the expected error
        if node.error_result:
            return None
        return f"{node.name}: expected {_show(node.expected)} but an error was raised: {error!r}"
    actual = result.output if result.failure is None else None
    if tck_equal(node.expected, actual):
        return None
    where = node.name + _feel_text(model, node.name)
    if node.error_result:
        return f"{where}: expected an error but got {_show(actual)}"
    why = f" (failure: {result.failure.message})" if result.failure is not None else ""
    return f"{where}: expected {_show(node.expected)} but got {_show(actual)}{why}"


def _feel_text(model: DmnDefinitions, decision_name: str) -> str:
    """`` [FEEL: text]`` for a literal-expression decision (to make failures actionable), else empty."""
    logic = model.decision_by_name(decision_name).logic
    if isinstance(logic, LiteralExpression):
        return f" [FEEL: {' '.join(logic.expression.text.split())}]"
    return ""


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 300 else text[:300] + "..."
