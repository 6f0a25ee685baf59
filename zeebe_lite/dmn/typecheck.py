"""The check of a decision's result against its variable's ``typeRef``, as dmn-scala does it.

Only the built-in type names dmn-scala checks are enforced (``string``, ``number``, ``boolean``, ``date``,
``time``, ``dateTime``, ``dayTimeDuration``, ``yearMonthDuration``, each with or without a ``feel:`` prefix).
Null always passes; any other type reference (item definitions, ``date and time``, ``Any``, ...) is not checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from zeebe_lite.dmn.errors import DecisionEvaluationFailure
from zeebe_lite.feel.values import YearMonthDuration, is_number, type_name

__all__ = ["check_result_type"]

_CHECKS: Mapping[str, Callable[[Any], bool]] = MappingProxyType(
    {
        "string": lambda value: type(value) is str,
        "number": is_number,
        "boolean": lambda value: type(value) is bool,
        "date": lambda value: type(value) is dt.date,
        "time": lambda value: type(value) is dt.time,
        "dateTime": lambda value: type(value) is dt.datetime,
        "dayTimeDuration": lambda value: type(value) is dt.timedelta,
        "yearMonthDuration": lambda value: type(value) is YearMonthDuration,
    }
)


def check_result_type(value: Any, type_ref: str | None) -> Any:
    """``value`` when it fits ``type_ref``; :class:`DecisionEvaluationFailure` when it does not."""
    if not type_ref or value is None:
        return value
    type_id = type_ref.replace("feel:", "")
    check = _CHECKS.get(type_id)
    if check is None or check(value):
        return value
    raise DecisionEvaluationFailure(f"expected '{type_id}' but found '{value!r}' ({type_name(value)})")
