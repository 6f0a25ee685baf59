"""Built-in functions: boolean (not, is defined, get or else, assert)."""

from __future__ import annotations

from typing import Any

from zeebe_lite.feel.errors import FeelEvaluationError

from ._base import Builtin

__all__ = ["FUNCTIONS", "FeelAssertionError"]

_DEFAULT_ASSERT_CAUSE = "The condition is not fulfilled"


class FeelAssertionError(FeelEvaluationError):
    """An ``assert()`` whose condition is not met: Camunda fails the whole evaluation, it is not nulled."""


def _not(negand: Any) -> bool | None:
    if type(negand) is bool:
        return not negand
    return None


def _is_defined(value: Any) -> bool:
    return value is not None


def _get_or_else(value: Any, default: Any) -> Any:
    return default if value is None else value


def _assert(value: Any, condition: Any) -> Any:
    if condition is True:
        return value
    raise FeelAssertionError(_DEFAULT_ASSERT_CAUSE)


def _assert_with_cause(value: Any, condition: Any, cause: Any) -> Any:
    if condition is True:
        return value
    raise FeelAssertionError(cause if type(cause) is str else _DEFAULT_ASSERT_CAUSE)


FUNCTIONS: tuple[Builtin, ...] = (
    Builtin("not", ("negand",), _not),
    Builtin("is defined", ("value",), _is_defined),
    Builtin("get or else", ("value", "default"), _get_or_else),
    Builtin("assert", ("value", "condition"), _assert),
    Builtin("assert", ("value", "condition", "cause"), _assert_with_cause),
)
