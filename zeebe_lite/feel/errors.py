"""Exceptions raised by the FEEL engine."""

from __future__ import annotations

__all__ = ["FeelError", "FeelEvaluationError", "FeelSyntaxError"]


class FeelError(Exception):
    """Base of every FEEL error."""


class FeelSyntaxError(FeelError):
    """An expression that does not parse; carries the 0-based position and an excerpt with a caret."""

    def __init__(self, message: str, expression: str, position: int) -> None:
        self.reason = message
        self.expression = expression
        self.position = max(0, min(position, len(expression)))
        super().__init__(f"{message} at position {self.position + 1}\n{self.excerpt}")

    @property
    def line(self) -> int:
        """1-based line of the error."""
        return self.expression.count("\n", 0, self.position) + 1

    @property
    def column(self) -> int:
        """1-based column of the error within its line."""
        return self.position - (self.expression.rfind("\n", 0, self.position) + 1) + 1

    @property
    def excerpt(self) -> str:
        """The offending line and a caret under the error position."""
        start = self.expression.rfind("\n", 0, self.position) + 1
        end = self.expression.find("\n", self.position)
        line = self.expression[start : end if end != -1 else len(self.expression)]
        return f"  {line}\n  {' ' * (self.position - start)}^"


class FeelEvaluationError(FeelError):
    """A failure that FEEL does not turn into null (raised only where the caller asked for strictness).

    Built-in functions raise it for invalid arguments; the evaluator turns it into null plus a recorded
    warning, as Camunda's suppressed failures do.
    """
