"""Exceptions of the DMN engine."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DecisionEvaluationFailure", "DecisionNotFoundError", "DmnError", "DmnParseError", "DmnProblem"]


class DmnError(Exception):
    """Base of every DMN error."""


@dataclass(frozen=True, slots=True)
class DmnProblem:
    """One defect found while parsing a DMN model, located by the id of the nearest element that has one."""

    element_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"element '{self.element_id}'" if self.element_id else "model"
        return f"{where}: {self.message}"


class DmnParseError(DmnError):
    """A DMN resource that cannot be used: malformed XML, not DMN, or a model with defects.

    ``problems`` lists every defect found; the message names each one with its element id.
    """

    def __init__(self, message: str, problems: tuple[DmnProblem, ...] = (), resource_name: str = "") -> None:
        self.problems = problems
        self.resource_name = resource_name
        details = "".join(f"\n- {problem}" for problem in problems)
        prefix = f"{resource_name}: " if resource_name else ""
        super().__init__(f"{prefix}{message}{details}")

    @property
    def element_ids(self) -> tuple[str, ...]:
        """The ids of the elements named by the problems (without duplicates, in order)."""
        return tuple(dict.fromkeys(p.element_id for p in self.problems if p.element_id))


class DecisionNotFoundError(DmnError, LookupError):
    """No decision with the requested id (or name) exists in the definitions."""

    def __init__(self, message: str, decision_ref: str) -> None:
        self.decision_ref = decision_ref
        super().__init__(message)


class DecisionEvaluationFailure(DmnError):
    """Evaluating decision logic failed (a hit-policy violation, a failing FEEL cell, a type mismatch, ...).

    :func:`zeebe_lite.dmn.evaluate_decision` does not raise it: it reports it as the result's ``failure``.
    """
