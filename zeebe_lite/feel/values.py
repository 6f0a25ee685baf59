"""The FEEL value model: which Python type stands for which FEEL type.

| FEEL type                  | Python representation                                              |
|----------------------------|--------------------------------------------------------------------|
| null                       | ``None``                                                           |
| boolean                    | ``bool``                                                           |
| number                     | ``decimal.Decimal`` (34 digits, ROUND_HALF_EVEN: :data:`NUMBER_CONTEXT`) |
| string                     | ``str``                                                            |
| list                       | ``list``                                                           |
| context                    | ``dict[str, Any]`` (insertion ordered)                             |
| date                       | ``datetime.date`` (never a ``datetime``)                           |
| time                       | ``datetime.time``; tzinfo None = local, ``timezone`` = offset, ``ZoneInfo`` = zone id |
| date and time              | ``datetime.datetime``; same tzinfo rules as time                   |
| days and time duration     | ``datetime.timedelta``                                             |
| years and months duration  | :class:`YearMonthDuration`                                         |
| range                      | :class:`Range`                                                     |
| function                   | :class:`FeelFunction`                                              |

``datetime.datetime`` is a subclass of ``datetime.date`` and ``bool`` of ``int``: type checks must test the
more specific type first (see :func:`type_name`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Context, Decimal
from typing import Any

__all__ = [
    "NUMBER_CONTEXT",
    "FeelFunction",
    "Range",
    "YearMonthDuration",
    "is_number",
    "to_number",
    "type_name",
]

NUMBER_CONTEXT = Context(prec=34, rounding=ROUND_HALF_EVEN)
"""Arithmetic context of every FEEL number (IEEE 754 decimal128, as Java's ``MathContext.DECIMAL128``)."""


@dataclass(frozen=True, slots=True, order=True)
class YearMonthDuration:
    """A FEEL ``years and months duration``, held as a signed number of months."""

    months: int

    @property
    def years_part(self) -> int:
        """The ``years`` property: whole years, with the sign of the duration."""
        sign = -1 if self.months < 0 else 1
        return sign * (abs(self.months) // 12)

    @property
    def months_part(self) -> int:
        """The ``months`` property: months beyond whole years, with the sign of the duration."""
        sign = -1 if self.months < 0 else 1
        return sign * (abs(self.months) % 12)


@dataclass(frozen=True, slots=True)
class Range:
    """A FEEL range (interval). ``None`` as an endpoint means unbounded on that side."""

    start: Any
    end: Any
    start_included: bool = True
    end_included: bool = True


@dataclass(frozen=True, slots=True, eq=False)
class FeelFunction:
    """A callable FEEL value: a user-defined ``function(a, b) body`` or a built-in used as a value.

    ``invoke`` receives positional arguments already matched to ``params`` (missing trailing optionals absent).
    """

    params: tuple[str, ...]
    invoke: Callable[[Sequence[Any]], Any]
    name: str = "anonymous function"
    variadic: bool = False
    optional: int = 0
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self, *args: Any) -> Any:
        """Call the function with positional FEEL values."""
        return self.invoke(args)


def is_number(value: Any) -> bool:
    """True for a FEEL number (a ``Decimal``; ``int``/``float`` accepted from Python callers, ``bool`` not)."""
    kind = type(value)
    return kind is Decimal or kind is int or kind is float


def to_number(value: int | float | Decimal) -> Decimal:
    """Convert a Python number to a FEEL number (floats via their shortest repr, as JSON parsers do)."""
    if type(value) is Decimal:
        return value
    if type(value) is float:
        return NUMBER_CONTEXT.create_decimal(repr(value))
    return NUMBER_CONTEXT.create_decimal(value)


def type_name(value: Any) -> str:
    """The FEEL type name of a value, as ``instance of`` and error messages spell it."""
    if value is None:
        return "Null"
    kind = type(value)
    if kind is bool:
        return "boolean"
    if kind is Decimal or kind is int or kind is float:
        return "number"
    if kind is str:
        return "string"
    if kind is list or kind is tuple:
        return "list"
    if kind is dict or isinstance(value, Mapping):
        return "context"
    if kind is dt.datetime:
        return "date and time"
    if kind is dt.date:
        return "date"
    if kind is dt.time:
        return "time"
    if kind is dt.timedelta:
        return "days and time duration"
    if kind is YearMonthDuration:
        return "years and months duration"
    if kind is Range:
        return "range"
    if kind is FeelFunction:
        return "function"
    return kind.__name__
