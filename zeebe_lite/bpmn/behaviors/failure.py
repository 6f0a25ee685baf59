"""A failure of a BPMN step, turned into an incident instead of an exception."""

from __future__ import annotations

from dataclasses import dataclass

from zeebe_lite.records import NO_KEY, ErrorType

__all__ = ["Failure"]


@dataclass(frozen=True, slots=True)
class Failure:
    """Why an element cannot go on; ``variable_scope_key`` is where fixing variables helps."""

    error_type: ErrorType
    message: str
    variable_scope_key: int = NO_KEY
