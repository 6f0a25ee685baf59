"""Search requests (``filter``, ``sort``, ``page``) and responses (``items``, ``page``) of Camunda's REST API v2.

A filter is an object of field conditions that must all hold. A condition is a plain value (equality) or an
object of operators: ``$eq``, ``$neq``, ``$exists``, ``$in``, ``$notIn``, ``$like`` (``*`` any text, ``?`` one
character, ``\\`` escapes) and, for numbers and dates, ``$gt``, ``$gte``, ``$lt``, ``$lte``. Keys are compared as
strings, dates as instants. A filter field the resource does not know is refused with 400 (rather than
silently ignored), and so is an unknown sort field.

Sorting: ``sort`` is a list of ``{field, order}`` (order ``ASC``, the default, or ``DESC``); items that tie (and
the whole list when no sort is given) are ordered by their key, ascending. Null values sort last.

Paging: ``page.from`` + ``page.limit`` (offset paging; the default limit is 100), or ``page.after`` /
``page.before`` with a cursor from a previous response's ``endCursor`` / ``startCursor``. Cursors are opaque
strings; here they name the key of the boundary item. ``totalItems`` counts every match; ``hasMoreTotalItems``
is always false (the count is exact).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zeebe_lite.rest.problems import ApiProblem

__all__ = [
    "DEFAULT_PAGE_LIMIT",
    "FieldKind",
    "SearchPage",
    "SearchRequest",
    "SearchSpec",
    "SortField",
    "json_value_matches",
    "search",
]

DEFAULT_PAGE_LIMIT = 100
MAX_PAGE_LIMIT = 10_000

Item = dict[str, Any]
CustomFilter = Callable[[Item, Any], bool]


class FieldKind(StrEnum):
    """How a filter field's values compare."""

    KEY = "key"
    TEXT = "text"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"


class SearchPage(BaseModel):
    """``page``: offset (``from``, ``limit``) or cursor (``after`` / ``before``, ``limit``)."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    offset: int | None = Field(default=None, alias="from", ge=0)
    limit: int | None = Field(default=None, ge=0, le=MAX_PAGE_LIMIT)
    after: str | None = None
    before: str | None = None


class SortField(BaseModel):
    """One ``sort`` entry."""

    model_config = ConfigDict(extra="ignore")

    field: str
    order: Literal["ASC", "DESC", "asc", "desc"] = "ASC"


class SearchRequest(BaseModel):
    """The body of every ``POST .../search``."""

    model_config = ConfigDict(extra="ignore")

    filter: dict[str, Any] | None = None
    sort: list[SortField] | None = None
    page: SearchPage | None = None


@dataclass(frozen=True, slots=True)
class SearchSpec:
    """What one resource's search understands.

    ``fields`` are the plain filter fields (each an item field of that name) with their kind; ``custom``
    filter fields are tested by their own predicate (item, condition); ``sortable`` names the sort fields;
    ``key_field`` is the item's unique key (default order and cursors).
    """

    key_field: str
    fields: Mapping[str, FieldKind]
    sortable: frozenset[str]
    custom: Mapping[str, CustomFilter] = field(default_factory=dict)


def search(items: Sequence[Item], request: SearchRequest, spec: SearchSpec) -> Item:
    """Filter, sort and page ``items``: the response body ``{items, page}``."""
    conditions = request.filter or {}
    _check_filter(conditions, spec)
    matched = [item for item in items if _matches(item, conditions, spec)]
    ordered = _sorted(matched, request.sort or [], spec)
    page = request.page or SearchPage()
    selected = _page(ordered, page, spec)
    key_field = spec.key_field
    return {
        "items": selected,
        "page": {
            "totalItems": len(matched),
            "hasMoreTotalItems": False,
            "startCursor": _cursor(selected[0][key_field]) if selected else None,
            "endCursor": _cursor(selected[-1][key_field]) if selected else None,
        },
    }


# ------------------------------------------------------------------------------------------ filters


def _check_filter(conditions: Mapping[str, Any], spec: SearchSpec) -> None:
    for name, condition in conditions.items():
        if name == "$or":
            if not isinstance(condition, list) or not all(isinstance(part, dict) for part in condition):
                raise ApiProblem.invalid_argument("The filter field $or must be a list of filter objects.")
            for part in condition:
                _check_filter(part, spec)
        elif name not in spec.fields and name not in spec.custom:
            known = ", ".join(sorted([*spec.fields, *spec.custom]))
            raise ApiProblem.invalid_argument(
                f"The filter field '{name}' is not supported. Supported fields: {known}."
            )
        elif name in spec.fields and isinstance(condition, dict):
            unknown = [op for op in condition if op not in _OPERATORS]
            if unknown:
                raise ApiProblem.invalid_argument(
                    f"The filter field '{name}' has unknown operators: {', '.join(unknown)}."
                )


def _matches(item: Item, conditions: Mapping[str, Any], spec: SearchSpec) -> bool:
    for name, condition in conditions.items():
        if name == "$or":
            if condition and not any(_matches(item, part, spec) for part in condition):
                return False
        elif name in spec.custom:
            if condition is not None and not spec.custom[name](item, condition):
                return False
        elif condition is not None and not _holds(item.get(name), condition, spec.fields[name], name):
            return False
    return True


def _holds(value: Any, condition: Any, kind: FieldKind, name: str) -> bool:
    if not isinstance(condition, dict):
        return _equal(value, condition, kind, name)
    return all(_OPERATORS[operator](value, operand, kind, name) for operator, operand in condition.items())


def _normal(value: Any, kind: FieldKind, name: str) -> Any:
    if value is None:
        return None
    if kind is FieldKind.KEY:
        return str(value)
    if kind is FieldKind.DATE:
        return _instant(value, name)
    if kind is FieldKind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ApiProblem.invalid_argument(f"The filter field '{name}' expects a number, got '{value}'.")
        try:
            return float(value)
        except ValueError:
            raise ApiProblem.invalid_argument(
                f"The filter field '{name}' expects a number, got '{value}'."
            ) from None
    if kind is FieldKind.BOOLEAN:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise ApiProblem.invalid_argument(f"The filter field '{name}' expects true or false, got '{value}'.")
    return value


def _instant(value: Any, name: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    try:
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ApiProblem.invalid_argument(
            f"The filter field '{name}' expects an ISO 8601 date-time, got '{value}'."
        ) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


def _equal(value: Any, operand: Any, kind: FieldKind, name: str) -> bool:
    return value is not None and _normal(value, kind, name) == _normal(operand, kind, name)


def _not_equal(value: Any, operand: Any, kind: FieldKind, name: str) -> bool:
    return not _equal(value, operand, kind, name)


def _exists(value: Any, operand: Any, kind: FieldKind, name: str) -> bool:
    return (value is not None) == bool(operand)


def _operand_list(operand: Any, name: str, operator: str) -> list[Any]:
    if not isinstance(operand, list):
        raise ApiProblem.invalid_argument(f"The operator {operator} of filter field '{name}' expects a list.")
    return operand


def _in(value: Any, operand: Any, kind: FieldKind, name: str) -> bool:
    return any(_equal(value, candidate, kind, name) for candidate in _operand_list(operand, name, "$in"))


def _not_in(value: Any, operand: Any, kind: FieldKind, name: str) -> bool:
    return not any(
        _equal(value, candidate, kind, name) for candidate in _operand_list(operand, name, "$notIn")
    )


def _like_pattern(pattern: str) -> re.Pattern[str]:
    parts: list[str] = []
    escaped = False
    for char in pattern:
        if escaped:
            parts.append(re.escape(char))
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "*":
            parts.append(".*")
        elif char == "?":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL)


def _like(value: Any, operand: Any, kind: FieldKind, name: str) -> bool:
    if value is None:
        return False
    return _like_pattern(str(operand)).fullmatch(str(value)) is not None


def _ordered(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any, FieldKind, str], bool]:
    def check(value: Any, operand: Any, kind: FieldKind, name: str) -> bool:
        if value is None:
            return False
        return compare(_normal(value, kind, name), _normal(operand, kind, name))

    return check


_OPERATORS: dict[str, Callable[[Any, Any, FieldKind, str], bool]] = {
    "$eq": _equal,
    "$neq": _not_equal,
    "$exists": _exists,
    "$in": _in,
    "$notIn": _not_in,
    "$like": _like,
    "$gt": _ordered(lambda a, b: bool(a > b)),
    "$gte": _ordered(lambda a, b: bool(a >= b)),
    "$lt": _ordered(lambda a, b: bool(a < b)),
    "$lte": _ordered(lambda a, b: bool(a <= b)),
}


def _normal_json(value: Any) -> str:
    if not isinstance(value, str):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    try:
        return json.dumps(json.loads(value), separators=(",", ":"), ensure_ascii=False)
    except ValueError:
        return value


def json_value_matches(text: str | None, condition: Any, name: str) -> bool:
    """A condition on a variable's value as JSON text (``None``: no such variable).

    The condition is JSON text (equality after normalising both sides) or an object of ``$eq``, ``$neq``,
    ``$in``, ``$notIn``, ``$exists`` and ``$like`` (on the JSON text).
    """
    if not isinstance(condition, dict):
        return text is not None and text == _normal_json(condition)
    checks: dict[str, Callable[[Any], bool]] = {
        "$eq": lambda operand: text == _normal_json(operand),
        "$neq": lambda operand: text != _normal_json(operand),
        "$in": lambda operand: text in [_normal_json(item) for item in _operand_list(operand, name, "$in")],
        "$notIn": lambda operand: (
            text not in [_normal_json(item) for item in _operand_list(operand, name, "$notIn")]
        ),
        "$exists": lambda operand: (text is not None) == bool(operand),
        "$like": lambda operand: text is not None and _like_pattern(str(operand)).fullmatch(text) is not None,
    }
    unknown = [operator for operator in condition if operator not in checks]
    if unknown:
        raise ApiProblem.invalid_argument(f"The operator {unknown[0]} is not supported for {name}.")
    if text is None:
        return all(operator == "$exists" and not operand for operator, operand in condition.items())
    return all(checks[operator](operand) for operator, operand in condition.items())


# ------------------------------------------------------------------------------------------ sorting


def _sort_value(value: Any) -> tuple[int, Any]:
    if value is None:
        return (1, "")
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, str) and value.isdigit():
        return (0, int(value))
    return (0, value)


def _sorted(items: list[Item], sort: Sequence[SortField], spec: SearchSpec) -> list[Item]:
    for entry in sort:
        if entry.field not in spec.sortable:
            known = ", ".join(sorted(spec.sortable))
            raise ApiProblem.invalid_argument(
                f"The sort field '{entry.field}' is not supported. Supported fields: {known}."
            )
    ordered = sorted(items, key=lambda item: int(item[spec.key_field]))
    for entry in reversed(sort):
        descending = entry.order.upper() == "DESC"
        present = [item for item in ordered if item.get(entry.field) is not None]
        missing = [item for item in ordered if item.get(entry.field) is None]
        present.sort(key=lambda item: _sort_value(item.get(entry.field)), reverse=descending)
        ordered = present + missing
    return ordered


# ------------------------------------------------------------------------------------------ paging


def _cursor(key: Any) -> str:
    return base64.urlsafe_b64encode(f"key:{key}".encode()).decode()


def _cursor_key(cursor: str) -> str:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    if not text.startswith("key:"):
        raise ApiProblem.invalid_argument(f"The page cursor '{cursor}' is not valid.")
    return text[4:]


def _page(items: list[Item], page: SearchPage, spec: SearchSpec) -> list[Item]:
    limit = DEFAULT_PAGE_LIMIT if page.limit is None else page.limit
    if page.after is not None and page.before is not None:
        raise ApiProblem.invalid_argument("Only one of page.after and page.before may be given.")
    if page.after is not None or page.before is not None:
        if page.offset is not None:
            raise ApiProblem.invalid_argument("page.from cannot be combined with a cursor.")
        cursor = page.after if page.after is not None else page.before
        assert cursor is not None
        key = _cursor_key(cursor)
        positions = [index for index, item in enumerate(items) if str(item[spec.key_field]) == key]
        if page.after is not None:
            start = positions[0] + 1 if positions else len(items)
            return items[start : start + limit]
        end = positions[0] if positions else 0
        return items[max(0, end - limit) : end]
    start = page.offset or 0
    return items[start : start + limit]
