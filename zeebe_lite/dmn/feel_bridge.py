"""The slice of the FEEL engine the DMN layer uses, as protocols, plus the default binding to ``zeebe_lite.feel``.

The DMN parser receives a :class:`FeelCompiler`; the default one wraps :mod:`zeebe_lite.feel`. Keeping the
dependency behind this seam lets the parser be exercised on its own and keeps imports free of side effects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from zeebe_lite.feel.errors import FeelError, FeelSyntaxError

__all__ = [
    "CompiledExpressionLike",
    "CompiledUnaryTestsLike",
    "FeelCompiler",
    "FeelError",
    "FeelSyntaxError",
    "default_feel_compiler",
    "feel_variables",
    "value_to_json",
]


class CompiledExpressionLike(Protocol):
    """A compiled FEEL expression."""

    def evaluate(self, context: Mapping[str, Any] | None = None) -> Any:
        """Evaluate against a variable context."""


class CompiledUnaryTestsLike(Protocol):
    """Compiled FEEL unary tests."""

    def evaluate(self, input_value: Any, context: Mapping[str, Any] | None = None) -> bool | None:
        """Test an input value (bound to ``?``) under a variable context."""


class FeelCompiler(Protocol):
    """Compiles FEEL text once; raises the FEEL engine's syntax error for text that does not parse."""

    def compile_expression(self, text: str) -> CompiledExpressionLike:
        """Compile an expression."""

    def compile_unary_tests(self, text: str) -> CompiledUnaryTestsLike:
        """Compile unary tests (a decision-table input entry)."""


@dataclass(frozen=True, slots=True)
class _ZeebeLiteFeel:
    """The :class:`FeelCompiler` backed by :mod:`zeebe_lite.feel`."""

    def compile_expression(self, text: str) -> CompiledExpressionLike:
        from zeebe_lite.feel import compile_expression

        compiled: CompiledExpressionLike = compile_expression(text)
        return compiled

    def compile_unary_tests(self, text: str) -> CompiledUnaryTestsLike:
        from zeebe_lite.feel import compile_unary_tests

        compiled: CompiledUnaryTestsLike = compile_unary_tests(text)
        return compiled


def default_feel_compiler() -> FeelCompiler:
    """The FEEL compiler of ``zeebe_lite.feel``."""
    return _ZeebeLiteFeel()


def value_to_json(value: Any) -> str:
    """A FEEL value as JSON text, the way Zeebe serialises decision outputs."""
    import json

    from zeebe_lite.feel import to_json

    return json.dumps(to_json(value), separators=(",", ":"), ensure_ascii=False)


def feel_variables(variables: Mapping[str, Any]) -> dict[str, Any]:
    """Variables as FEEL values: JSON-decoded ints and floats become numbers, tuples lists (FEEL values pass)."""
    from zeebe_lite.feel import from_json

    return {str(name): from_json(value) for name, value in variables.items()}
