"""Built-in functions: miscellaneous Camunda extensions (``fromAi``).

``fromAi`` only tags a value as produced by an AI integration: the FEEL engine returns the value unchanged
and ignores the description, type, schema and options (the integration reads them from the expression).
"""

from __future__ import annotations

from typing import Any

from ._base import Builtin

__all__ = ["FUNCTIONS"]

_FROM_AI_PARAMS = ("value", "description", "type", "schema", "options")


def _from_ai(value: Any, *_annotations: Any) -> Any:
    return value


FUNCTIONS: tuple[Builtin, ...] = tuple(
    Builtin("fromAi", _FROM_AI_PARAMS[:count], _from_ai) for count in range(1, len(_FROM_AI_PARAMS) + 1)
)
