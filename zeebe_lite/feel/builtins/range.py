"""Built-in functions: range (the DMN interval relations ``before`` … ``coincides``, and ``range(from)``).

The relations follow Camunda's definitions for each point/range combination, including its parameter names.
Both arguments must be points of one kind (numbers, or temporal values of the same kind); anything else gives
null. A ``None`` endpoint of a :class:`~zeebe_lite.feel.values.Range` is unbounded on that side.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from zeebe_lite.feel import temporal
from zeebe_lite.feel.errors import FeelEvaluationError
from zeebe_lite.feel.temporal.kinds import kind_of
from zeebe_lite.feel.values import Range, is_number, to_number, type_name

from ._base import Builtin

__all__ = ["FUNCTIONS", "parse_range"]

# An endpoint as (infinity, value): infinity is -1 for an open-ended start, 1 for an open-ended end, else 0.
_Bound = tuple[int, Any]


def _point_kind(value: Any) -> object | None:
    """The comparison class of a point value (numbers, or one temporal kind), ``None`` if not a point."""
    if is_number(value) and not isinstance(value, bool):
        return "number"
    return kind_of(value)


def _compare(a: _Bound, b: _Bound) -> int:
    if a[0] or b[0]:
        return (a[0] > b[0]) - (a[0] < b[0])
    left, right = a[1], b[1]
    if _point_kind(left) == "number":
        x, y = to_number(left), to_number(right)
        return (x > y) - (x < y)
    return temporal.compare(left, right) or 0


def _lt(a: _Bound, b: _Bound) -> bool:
    return _compare(a, b) < 0


def _gt(a: _Bound, b: _Bound) -> bool:
    return _compare(a, b) > 0


def _eq(a: _Bound, b: _Bound) -> bool:
    if a[0] or b[0]:
        return a[0] == b[0]
    if _point_kind(a[1]) == "number":
        return bool(to_number(a[1]) == to_number(b[1]))
    return bool(temporal.equals(a[1], b[1]))


class _Interval:
    """A range with comparable endpoints: ``start``/``end`` bounds and whether each is closed."""

    __slots__ = ("end", "end_closed", "start", "start_closed")

    def __init__(self, value: Range) -> None:
        self.start: _Bound = (-1, None) if value.start is None else (0, value.start)
        self.end: _Bound = (1, None) if value.end is None else (0, value.end)
        self.start_closed = value.start_included and value.start is not None
        self.end_closed = value.end_included and value.end is not None


def _sample(value: Any) -> Any:
    if isinstance(value, Range):
        return value.start if value.start is not None else value.end
    return value


def _comparable(a: Any, b: Any) -> bool:
    kind_a, kind_b = _point_kind(_sample(a)), _point_kind(_sample(b))
    return kind_a is not None and kind_a == kind_b


Relation = Callable[[Any, Any], bool | None]


def _relation(
    points: Callable[[_Bound, _Bound], bool] | None = None,
    point_range: Callable[[_Bound, _Interval], bool] | None = None,
    range_point: Callable[[_Interval, _Bound], bool] | None = None,
    ranges: Callable[[_Interval, _Interval], bool] | None = None,
) -> Relation:
    """A relation defined for some of the four point/range combinations; ``None`` for the others."""

    def evaluate(a: Any, b: Any) -> bool | None:
        if not _comparable(a, b):
            return None
        a_range, b_range = isinstance(a, Range), isinstance(b, Range)
        if a_range and b_range:
            return ranges(_Interval(a), _Interval(b)) if ranges else None
        if a_range:
            return range_point(_Interval(a), (0, b)) if range_point else None
        if b_range:
            return point_range((0, a), _Interval(b)) if point_range else None
        return points((0, a), (0, b)) if points else None

    return evaluate


def _contains(r: _Interval, p: _Bound) -> bool:
    return (
        (_lt(r.start, p) and _gt(r.end, p))
        or (_eq(r.start, p) and r.start_closed)
        or (_eq(r.end, p) and r.end_closed)
    )


_before = _relation(
    points=_lt,
    point_range=lambda p, r: _lt(p, r.start) or (_eq(p, r.start) and not r.start_closed),
    range_point=lambda r, p: _lt(r.end, p) or (_eq(r.end, p) and not r.end_closed),
    ranges=lambda r1, r2: (
        _lt(r1.end, r2.start) or ((not r1.end_closed or not r2.start_closed) and _eq(r1.end, r2.start))
    ),
)
_after = _relation(
    points=_gt,
    point_range=lambda p, r: _gt(p, r.end) or (_eq(p, r.end) and not r.end_closed),
    range_point=lambda r, p: _gt(r.start, p) or (_eq(r.start, p) and not r.start_closed),
    ranges=lambda r1, r2: (
        _gt(r1.start, r2.end) or ((not r1.start_closed or not r2.end_closed) and _eq(r1.start, r2.end))
    ),
)
_meets = _relation(ranges=lambda r1, r2: r1.end_closed and r2.start_closed and _eq(r1.end, r2.start))
_met_by = _relation(ranges=lambda r1, r2: r1.start_closed and r2.end_closed and _eq(r1.start, r2.end))
_overlaps = _relation(
    ranges=lambda r1, r2: (
        (_gt(r1.end, r2.start) or (_eq(r1.end, r2.start) and r1.end_closed and r2.start_closed))
        and (_lt(r1.start, r2.end) or (_eq(r1.start, r2.end) and r1.start_closed and r2.end_closed))
    )
)


def _overlaps_before(r1: _Interval, r2: _Interval) -> bool:
    return (
        (_lt(r1.start, r2.start) or (_eq(r1.start, r2.start) and r1.start_closed and not r2.start_closed))
        and (_gt(r1.end, r2.start) or (_eq(r1.end, r2.start) and r1.end_closed and r2.start_closed))
        and (_lt(r1.end, r2.end) or (_eq(r1.end, r2.end) and (not r1.end_closed or r2.end_closed)))
    )


def _finishes(r1: _Interval, r2: _Interval) -> bool:
    return (
        r1.end_closed == r2.end_closed
        and _eq(r1.end, r2.end)
        and (
            _gt(r1.start, r2.start) or (_eq(r1.start, r2.start) and (not r1.start_closed or r2.start_closed))
        )
    )


def _includes(r1: _Interval, r2: _Interval) -> bool:
    return (
        _lt(r1.start, r2.start) or (_eq(r1.start, r2.start) and (r1.start_closed or not r2.start_closed))
    ) and (_gt(r1.end, r2.end) or (_eq(r1.end, r2.end) and (r1.end_closed or not r2.end_closed)))


def _starts(r1: _Interval, r2: _Interval) -> bool:
    return (
        _eq(r1.start, r2.start)
        and r1.start_closed == r2.start_closed
        and (_lt(r1.end, r2.end) or (_eq(r1.end, r2.end) and (not r1.end_closed or r2.end_closed)))
    )


def _coincide(r1: _Interval, r2: _Interval) -> bool:
    return (
        _eq(r1.start, r2.start)
        and r1.start_closed == r2.start_closed
        and _eq(r1.end, r2.end)
        and r1.end_closed == r2.end_closed
    )


_overlaps_before_relation = _relation(ranges=_overlaps_before)
_overlaps_after = _relation(ranges=lambda r1, r2: _overlaps_before(r2, r1))
_finishes_relation = _relation(point_range=lambda p, r: r.end_closed and _eq(r.end, p), ranges=_finishes)
_finished_by = _relation(
    range_point=lambda r, p: r.end_closed and _eq(r.end, p), ranges=lambda r1, r2: _finishes(r2, r1)
)
_includes_relation = _relation(range_point=_contains, ranges=_includes)
_during = _relation(point_range=lambda p, r: _contains(r, p), ranges=lambda r1, r2: _includes(r2, r1))
_starts_relation = _relation(point_range=lambda p, r: r.start_closed and _eq(r.start, p), ranges=_starts)
_started_by = _relation(
    range_point=lambda r, p: r.start_closed and _eq(r.start, p), ranges=lambda r1, r2: _starts(r2, r1)
)
_coincides = _relation(points=_eq, ranges=_coincide)


# ---- range(from): a range from its textual form -------------------------------------------------------

_NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_CALL = re.compile(r'(date and time|date|time|duration)\s*\(\s*("(?:[^"\\]|\\.)*")\s*\)')
_CONVERSIONS: dict[str, Callable[[str], Any]] = {
    "date": temporal.parse_date,
    "time": temporal.parse_time,
    "date and time": temporal.parse_date_and_time,
    "duration": temporal.parse_duration,
}


def _unescape(body: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m[1], m[1]), body)


def _endpoint(text: str) -> Any:
    """A literal range endpoint: a number, a string, ``@"..."`` or a conversion call on a string literal."""
    if _NUMBER.fullmatch(text):
        try:
            return to_number(Decimal(text))
        except InvalidOperation:
            return None
    string = _STRING.fullmatch(text)
    if string is not None:
        return _unescape(string[1])
    if text.startswith("@"):
        literal = _STRING.fullmatch(text[1:])
        return temporal.parse_temporal_literal(_unescape(literal[1])) if literal else None
    call = _CALL.fullmatch(text)
    if call is not None:
        return _CONVERSIONS[call[1]](_unescape(call[2][1:-1]))
    return None


def _split_endpoints(inner: str) -> tuple[str, str] | None:
    """Split ``a..b`` at the one ``..`` outside string literals."""
    in_string, escaped, cut = False, False, -1
    for index, char in enumerate(inner):
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif inner.startswith("..", index) and (index == 0 or inner[index - 1] != "."):
            if cut != -1:
                return None
            cut = index
    if cut == -1:
        return None
    return inner[:cut].strip(), inner[cut + 2 :].strip()


def _endpoint_kind(value: Any) -> object | None:
    return "string" if isinstance(value, str) else _point_kind(value)


def parse_range(text: str) -> Range | None:
    """A range from ``"[1..10)"``, ``"]a..b["``, ``"(@\\"2020-01-01\\"..@\\"2020-12-31\\"]"``; ``None`` if invalid.

    Both endpoints must be literals of the same type with start not after end.
    """
    text = text.strip()
    if len(text) < 2 or text[0] not in "[(]" or text[-1] not in "])[":
        return None
    parts = _split_endpoints(text[1:-1])
    if parts is None or not parts[0] or not parts[1]:
        return None
    start, end = _endpoint(parts[0]), _endpoint(parts[1])
    kind = _endpoint_kind(start)
    if kind is None or kind != _endpoint_kind(end):
        return None
    if kind == "string":
        in_order = start <= end
    else:
        in_order = _compare((0, start), (0, end)) <= 0
    if not in_order:
        return None
    return Range(start, end, start_included=text[0] == "[", end_included=text[-1] == "]")


def _range_from(from_: Any) -> Range:
    if not isinstance(from_, str):
        raise FeelEvaluationError(f"expected a string but found {type_name(from_)}")
    parsed = parse_range(from_)
    if parsed is None:
        raise FeelEvaluationError(f"Failed to parse a range from '{from_}'")
    return parsed


def _signatures(name: str, relation: Relation, *param_pairs: tuple[str, str]) -> tuple[Builtin, ...]:
    return tuple(Builtin(name, params, relation) for params in param_pairs)


_POINTS = ("point1", "point2")
_POINT_RANGE = ("point", "range")
_RANGE_POINT = ("range", "point")
_RANGES = ("range1", "range2")

FUNCTIONS: tuple[Builtin, ...] = (
    *_signatures("before", _before, _POINTS, _POINT_RANGE, _RANGE_POINT, _RANGES),
    *_signatures("after", _after, _POINTS, _POINT_RANGE, _RANGE_POINT, _RANGES),
    *_signatures("meets", _meets, _RANGES),
    *_signatures("met by", _met_by, _RANGES),
    *_signatures("overlaps", _overlaps, _RANGES),
    *_signatures("overlaps before", _overlaps_before_relation, _RANGES),
    *_signatures("overlaps after", _overlaps_after, _RANGES),
    *_signatures("finishes", _finishes_relation, _POINT_RANGE, _RANGES),
    *_signatures("finished by", _finished_by, _RANGE_POINT, _RANGES),
    *_signatures("includes", _includes_relation, _RANGE_POINT, _RANGES),
    *_signatures("during", _during, _POINT_RANGE, _RANGES),
    *_signatures("starts", _starts_relation, _POINT_RANGE, _RANGES),
    *_signatures("started by", _started_by, _RANGE_POINT, _RANGES),
    *_signatures("coincides", _coincides, _POINTS, _RANGES),
    Builtin("range", ("from",), _range_from),
)
