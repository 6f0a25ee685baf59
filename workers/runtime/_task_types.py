"""Check that every task type the BPMN models use has exactly one handler in the fleet."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from workers.runtime._registry import Integration

__all__ = ["TaskTypeReport", "TaskTypeUse", "check_task_types", "task_types_in_bpmn"]

_BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
_ZEEBE = "{http://camunda.org/schema/zeebe/1.0}"


@dataclass(frozen=True)
class TaskTypeUse:
    """One element of a model that creates jobs of ``task_type``."""

    task_type: str
    file: Path
    element_id: str

    def __str__(self) -> str:
        return f"{self.file}#{self.element_id}"


def task_types_in_bpmn(folder: Path) -> list[TaskTypeUse]:
    """Every ``zeebe:taskDefinition`` type in the ``.bpmn`` files below ``folder``.

    Raises:
        ValueError: ``folder`` does not exist, or a file is not well-formed XML (the message names the file).
    """
    if not folder.is_dir():
        raise ValueError(f"{folder}: no such folder")
    uses: list[TaskTypeUse] = []
    for path in sorted(folder.rglob("*.bpmn")):
        try:
            root = ElementTree.parse(path).getroot()
        except ElementTree.ParseError as error:
            raise ValueError(f"{path}: not well-formed XML ({error})") from error
        for element in root.iter():
            extensions = element.find(f"{_BPMN}extensionElements")
            if extensions is None:
                continue
            definition = extensions.find(f"{_ZEEBE}taskDefinition")
            if definition is None:
                continue
            task_type = (definition.get("type") or "").strip()
            uses.append(TaskTypeUse(task_type, path, element.get("id", "?")))
    return uses


@dataclass(frozen=True)
class TaskTypeReport:
    """Result of :func:`check_task_types`; :attr:`ok` when nothing is missing or duplicated."""

    uses: tuple[TaskTypeUse, ...]
    missing: dict[str, list[TaskTypeUse]] = field(default_factory=dict)
    duplicated: dict[str, list[str]] = field(default_factory=dict)
    dynamic: list[TaskTypeUse] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No task type without handler, none with several."""
        return not self.missing and not self.duplicated

    def describe(self) -> str:
        """A human-readable summary, problems first."""
        lines = []
        for task_type, uses in sorted(self.missing.items()):
            lines.append(f"missing handler for {task_type!r} (used by {', '.join(map(str, uses))})")
        for task_type, names in sorted(self.duplicated.items()):
            lines.append(f"{task_type!r} has {len(names)} handlers: {', '.join(names)}")
        for use in self.dynamic:
            lines.append(f"not checked: {use} computes its task type with an expression ({use.task_type!r})")
        for task_type in self.unused:
            lines.append(f"note: handler for {task_type!r} is not used by any model")
        distinct = len({use.task_type for use in self.uses})
        lines.append(
            f"{'OK' if self.ok else 'FAILED'}: {len(self.uses)} task(s), {distinct} task type(s) checked"
        )
        return "\n".join(lines)


def check_task_types(folder: Path, integrations: Iterable[Integration]) -> TaskTypeReport:
    """Compare the task types used under ``folder`` with the handlers of ``integrations``."""
    owners: dict[str, list[str]] = {}
    for integration in integrations:
        for task_type in integration.task_types:
            owners.setdefault(task_type, []).append(integration.name)
    uses = task_types_in_bpmn(folder)
    missing: dict[str, list[TaskTypeUse]] = {}
    dynamic = []
    for use in uses:
        if use.task_type.startswith("="):
            dynamic.append(use)
        elif use.task_type not in owners:
            missing.setdefault(use.task_type, []).append(use)
    used = {use.task_type for use in uses}
    return TaskTypeReport(
        uses=tuple(uses),
        missing=missing,
        duplicated={task_type: names for task_type, names in owners.items() if len(names) > 1},
        dynamic=dynamic,
        unused=sorted(set(owners) - used),
    )
