"""Deploy-time errors of the BPMN parser: one exception carrying every problem found in a resource."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BpmnDeploymentError", "BpmnValidationError", "BpmnXmlError", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One reason a resource cannot be deployed.

    ``element_type`` is the BPMN tag (``serviceTask``, ``sequenceFlow``, ``process``…), ``element_id`` the
    element's id (None when the element has none), ``line`` the 1-based line of its start tag when known.
    """

    element_id: str | None
    element_type: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"'{self.element_id}'" if self.element_id else "(no id)"
        at = f" (line {self.line})" if self.line is not None else ""
        return f"{self.element_type} {where}{at}: {self.message}"


class BpmnDeploymentError(Exception):
    """Base of every reason the parser rejects a BPMN resource."""

    def __init__(self, message: str, *, resource_name: str | None = None) -> None:
        self.resource_name = resource_name
        super().__init__(message)


class BpmnXmlError(BpmnDeploymentError):
    """The resource is not well-formed XML or not a BPMN ``definitions`` document."""

    def __init__(self, reason: str, *, resource_name: str | None = None, line: int | None = None) -> None:
        self.reason = reason
        self.line = line
        where = f"'{resource_name}'" if resource_name else "resource"
        at = f" at line {line}" if line is not None else ""
        super().__init__(
            f"{where} is not a valid BPMN XML document{at}: {reason}", resource_name=resource_name
        )


class BpmnValidationError(BpmnDeploymentError):
    """The resource parsed but violates deploy-time rules; ``problems`` lists all of them in document order."""

    def __init__(self, problems: tuple[Problem, ...], *, resource_name: str | None = None) -> None:
        self.problems = problems
        where = f"'{resource_name}'" if resource_name else "resource"
        lines = "\n".join(f"- {problem}" for problem in problems)
        super().__init__(
            f"{where} is not deployable ({len(problems)} problem{'s' if len(problems) != 1 else ''}):\n{lines}",
            resource_name=resource_name,
        )
