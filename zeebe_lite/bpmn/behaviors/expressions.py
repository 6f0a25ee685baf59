"""Evaluating Zeebe attribute values: static text, or FEEL expressions over the variables of a scope."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.feel import compile_expression, from_json, to_json
from zeebe_lite.feel.errors import FeelError
from zeebe_lite.feel.values import type_name
from zeebe_lite.model.bpmn import Expression
from zeebe_lite.records import ErrorType
from zeebe_lite.state.views import VariableView

__all__ = ["ExpressionEvaluator"]

_MISSING = object()


class ExpressionEvaluator:
    """Compiles FEEL once per distinct text and evaluates it against the variables visible from a scope.

    Only the variables an expression references are loaded and converted, which keeps evaluation cheap on
    large instances.
    """

    def __init__(self) -> None:
        """Create an evaluator with an empty compile cache."""
        self._compiled: dict[str, Any] = {}

    def evaluate(
        self,
        expression: Expression,
        variables: VariableView,
        scope_key: int,
        extra: dict[str, Any] | None = None,
        error_type: ErrorType = ErrorType.EXTRACT_VALUE_ERROR,
    ) -> Any | Failure:
        """The FEEL value of ``expression`` (a static value is returned as a string).

        ``extra`` holds JSON variables that hide the scope's (for example earlier input mapping targets).
        """
        if not expression.is_feel:
            return expression.raw
        text = expression.feel
        compiled = self._compiled.get(text)
        if compiled is None:
            try:
                compiled = compile_expression(text)
            except FeelError as error:
                return Failure(error_type, f"failed to parse expression '{text}': {error}", scope_key)
            self._compiled[text] = compiled
        context: dict[str, Any] = {}
        for name in compiled.variables:
            found: Any = _MISSING
            if extra is not None and name in extra:
                found = extra[name]
            else:
                entry = variables.find(scope_key, name)
                if entry is not None:
                    found = entry.value
            if found is not _MISSING:
                context[name] = from_json(found)
        try:
            return compiled.evaluate(context)
        except FeelError as error:
            return Failure(error_type, f"failed to evaluate expression '{text}': {error}", scope_key)

    def evaluate_json(
        self,
        expression: Expression,
        variables: VariableView,
        scope_key: int,
        extra: dict[str, Any] | None = None,
        error_type: ErrorType = ErrorType.EXTRACT_VALUE_ERROR,
    ) -> Any | Failure:
        """The value of ``expression`` as a JSON value."""
        value = self.evaluate(expression, variables, scope_key, extra, error_type)
        return value if isinstance(value, Failure) else to_json(value)

    def evaluate_bool(
        self, expression: Expression, variables: VariableView, scope_key: int
    ) -> bool | Failure:
        """A condition: anything but a boolean result is a CONDITION_ERROR failure."""
        value = self.evaluate(expression, variables, scope_key, error_type=ErrorType.CONDITION_ERROR)
        if isinstance(value, Failure) or type(value) is bool:
            return value
        return Failure(
            ErrorType.CONDITION_ERROR,
            f"Expected result of the expression '{_text(expression)}' to be 'BOOLEAN', "
            f"but was '{_zeebe_type(value)}'.",
            scope_key,
        )

    def evaluate_string(
        self, expression: Expression, variables: VariableView, scope_key: int
    ) -> str | Failure:
        """A string-valued attribute (job type, message name, error code ...)."""
        value = self.evaluate(expression, variables, scope_key)
        if isinstance(value, Failure) or type(value) is str:
            return value
        return Failure(
            ErrorType.EXTRACT_VALUE_ERROR,
            f"Expected result of the expression '{_text(expression)}' to be 'STRING', "
            f"but was '{_zeebe_type(value)}'.",
            scope_key,
        )

    def evaluate_correlation_key(
        self, expression: Expression, variables: VariableView, scope_key: int
    ) -> str | Failure:
        """A message correlation key: a string, or a number rendered as its integer/decimal text."""
        value = self.evaluate(expression, variables, scope_key)
        if isinstance(value, Failure) or type(value) is str:
            return value
        if isinstance(value, Decimal | int) and type(value) is not bool:
            json_value = to_json(value)
            return str(json_value)
        return Failure(
            ErrorType.EXTRACT_VALUE_ERROR,
            f"Failed to extract the correlation key for '{_text(expression)}': The value must be either a "
            f"string or a number, but was '{_zeebe_type(value)}'.",
            scope_key,
        )

    def evaluate_int(self, expression: Expression, variables: VariableView, scope_key: int) -> int | Failure:
        """An integer-valued attribute (job retries); static text must be an integer literal."""
        value = self.evaluate(expression, variables, scope_key)
        if isinstance(value, Failure):
            return value
        if type(value) is str and not expression.is_feel:
            try:
                return int(value.strip())
            except ValueError:
                pass
        elif isinstance(value, Decimal | int) and type(value) is not bool and value == int(value):
            return int(value)
        return Failure(
            ErrorType.EXTRACT_VALUE_ERROR,
            f"Expected result of the expression '{_text(expression)}' to be 'NUMBER', "
            f"but was '{_zeebe_type(value)}'.",
            scope_key,
        )


def _text(expression: Expression) -> str:
    return expression.feel if expression.is_feel else expression.raw


def _zeebe_type(value: Any) -> str:
    if value is None:
        return "NULL"
    return type_name(value).upper().replace(" ", "_")
