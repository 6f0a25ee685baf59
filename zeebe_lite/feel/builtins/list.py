"""Built-in functions: list.

Functions documented with "a list or a sequence of elements" are variadic: ``sum([1,2])`` and ``sum(1,2)``
are the same call. Positions are 1-based; negative positions count from the end.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from decimal import Decimal
from functools import cmp_to_key
from typing import Any

from zeebe_lite.feel.errors import FeelEvaluationError
from zeebe_lite.feel.values import NUMBER_CONTEXT, FeelFunction, to_number, type_name

from ._args import fail, illegal, java_int, number_from_double, require_list, require_number
from ._base import Builtin
from ._compare import comparable_kind, compare_values, equality_key, feel_equals, index_of

__all__ = ["FUNCTIONS"]


def _list_index(size: int, position: int) -> int:
    return position - 1 if position > 0 else size + position


def _slice(items: list[Any], start: int, end: int) -> list[Any]:
    low = max(start, 0)
    high = min(end, len(items))
    return items[low:high] if high > low else []


def _numbers(items: list[Any]) -> list[Decimal]:
    numbers: list[Decimal] = []
    for item in items:
        if type(item) is bool or not isinstance(item, int | float | Decimal):
            fail(f"expected number but found '{type_name(item)}'")
        numbers.append(to_number(item))
    return numbers


def _total(numbers: list[Decimal]) -> Decimal:
    result = Decimal(0)
    for number in numbers:
        result = NUMBER_CONTEXT.add(result, number)
    return result


def _list_contains(values: Any, element: Any) -> bool:
    return index_of(require_list(values), element) >= 0


def _count(values: Any) -> Decimal:
    return Decimal(len(require_list(values)))


def _extreme(values: Any, pick: Callable[[int], bool]) -> Any:
    items = require_list(values)
    if not items:
        return None
    kind = comparable_kind(items[0])
    if kind is None or any(comparable_kind(item) != kind for item in items):
        fail(
            f"the items of {type_name(items)} are not comparable: {', '.join(type_name(item) for item in items)}"
        )
    best = items[0]
    for item in items[1:]:
        if pick(compare_values(item, best)):
            best = item
    return best


def _min(values: Any) -> Any:
    return _extreme(values, lambda order: order < 0)


def _max(values: Any) -> Any:
    return _extreme(values, lambda order: order > 0)


def _sum(values: Any) -> Decimal | None:
    numbers = _numbers(require_list(values))
    return _total(numbers) if numbers else None


def _product(values: Any) -> Decimal | None:
    numbers = _numbers(require_list(values))
    if not numbers:
        return None
    result = Decimal(1)
    for number in numbers:
        result = NUMBER_CONTEXT.multiply(result, number)
    return result


def _mean(values: Any) -> Decimal | None:
    numbers = _numbers(require_list(values))
    if not numbers:
        return None
    return NUMBER_CONTEXT.divide(_total(numbers), Decimal(len(numbers)))


def _median(values: Any) -> Decimal | None:
    numbers = sorted(_numbers(require_list(values)))
    if not numbers:
        return None
    middle = len(numbers) // 2
    if len(numbers) % 2 == 1:
        return numbers[middle]
    return NUMBER_CONTEXT.divide(NUMBER_CONTEXT.add(numbers[middle - 1], numbers[middle]), Decimal(2))


def _stddev(values: Any) -> Decimal | None:
    numbers = _numbers(require_list(values))
    if not numbers:
        return None
    if len(numbers) == 1:
        fail("the standard deviation needs at least two numbers")
    mean = NUMBER_CONTEXT.divide(_total(numbers), Decimal(len(numbers)))
    squares = Decimal(0)
    for number in numbers:
        deviation = NUMBER_CONTEXT.subtract(number, mean)
        squares = NUMBER_CONTEXT.add(squares, NUMBER_CONTEXT.multiply(deviation, deviation))
    variance = NUMBER_CONTEXT.divide(squares, Decimal(len(numbers) - 1))
    return number_from_double(math.sqrt(float(variance)))


def _mode(values: Any) -> list[Decimal]:
    numbers = _numbers(require_list(values))
    counts: dict[Decimal, int] = {}
    for number in numbers:
        counts[number] = counts.get(number, 0) + 1
    if not counts:
        return []
    highest = max(counts.values())
    return sorted(number for number, count in counts.items() if count == highest)


def _all(values: Any) -> bool | None:
    items = require_list(values)
    if any(item is False for item in items):
        return False
    if all(item is True for item in items):
        return True
    return None


def _any(values: Any) -> bool | None:
    items = require_list(values)
    if any(item is True for item in items):
        return True
    if all(item is False for item in items):
        return False
    return None


def _sublist(values: Any, start_position: Any) -> list[Any]:
    items = require_list(values)
    start = _list_index(len(items), java_int(require_number(start_position)))
    return _slice(items, start, len(items))


def _sublist_with_length(values: Any, start_position: Any, length: Any) -> list[Any]:
    items = require_list(values)
    start = _list_index(len(items), java_int(require_number(start_position)))
    return _slice(items, start, start + java_int(require_number(length)))


def _append(values: Any, items: Any) -> list[Any]:
    return [*require_list(values), *require_list(items)]


def _concatenate(lists: Any) -> list[Any]:
    result: list[Any] = []
    for part in require_list(lists):
        if type(part) is list:
            result.extend(part)
        else:
            result.append(part)
    return result


def _insert_before(values: Any, position: Any, new_item: Any) -> list[Any]:
    items = require_list(values)
    index = max(_list_index(len(items), java_int(require_number(position))), 0)
    return [*items[:index], new_item, *items[index:]]


def _checked_position(items: list[Any], position: Any) -> int:
    index = _list_index(len(items), java_int(require_number(position)))
    if not 0 <= index < len(items):
        fail(f"position {position} is out of range for a list of size {len(items)}")
    return index


def _remove(values: Any, position: Any) -> list[Any]:
    items = require_list(values)
    index = _checked_position(items, position)
    return [*items[:index], *items[index + 1 :]]


def _reverse(values: Any) -> list[Any]:
    return require_list(values)[::-1]


def _index_of(values: Any, match: Any) -> list[Decimal]:
    return [
        Decimal(position + 1)
        for position, item in enumerate(require_list(values))
        if feel_equals(item, match)
    ]


def _group_equal(items: list[Any]) -> list[tuple[Any, int]]:
    """Each distinct item (first occurrence, in order) with how often an equal item occurs."""
    groups: list[list[Any]] = []
    by_key: dict[Hashable, list[Any]] = {}
    others: list[list[Any]] = []
    for item in items:
        key = equality_key(item)
        if key is not None:
            group = by_key.get(key)
            if group is None:
                group = by_key[key] = [item, 0]
                groups.append(group)
        else:
            group = next((candidate for candidate in others if feel_equals(candidate[0], item)), None)
            if group is None:
                group = [item, 0]
                others.append(group)
                groups.append(group)
        group[1] += 1
    return [(group[0], group[1]) for group in groups]


def _distinct(items: list[Any]) -> list[Any]:
    return [item for item, _ in _group_equal(items)]


def _union(lists: Any) -> list[Any]:
    return _distinct(_concatenate(lists))


def _distinct_values(values: Any) -> list[Any]:
    return _distinct(require_list(values))


def _duplicate_values(values: Any) -> list[Any]:
    items = require_list(values)
    return [item for item, count in _group_equal(items) if count > 1]


def _flatten_into(items: list[Any], result: list[Any]) -> None:
    for item in items:
        if type(item) is list:
            _flatten_into(item, result)
        else:
            result.append(item)


def _flatten(values: Any) -> list[Any]:
    result: list[Any] = []
    _flatten_into(require_list(values), result)
    return result


def _call_predicate(function: FeelFunction, *args: Any) -> bool:
    try:
        result = function(*args)
    except FeelEvaluationError as error:
        fail(f"the function failed: {error}")
    if type(result) is not bool:
        fail(f"expected boolean but found '{type_name(result)}'")
    return result


def _sort(values: Any, precedes: Any) -> list[Any]:
    items = require_list(values)
    if type(precedes) is not FeelFunction:
        illegal(values, precedes)
    if len(precedes.params) != 2:
        fail(f"expect boolean function with 2 arguments, but found '{len(precedes.params)}'")

    def order(left: Any, right: Any) -> int:
        if _call_predicate(precedes, left, right):
            return -1
        if _call_predicate(precedes, right, left):
            return 1
        return 0

    try:
        return sorted(items, key=cmp_to_key(order))
    except FeelEvaluationError as error:
        fail(f"fail to sort list by given precedes function: {error}")


def _join(items: Any, delimiter: str = "", prefix: str = "", suffix: str = "") -> str:
    values = require_list(items)
    if any(item is not None and type(item) is not str for item in values):
        fail(f"expected a list of strings but found '{', '.join(type_name(item) for item in values)}'")
    return prefix + delimiter.join(item for item in values if item is not None) + suffix


def _string_join(values: Any) -> str:
    return _join(values)


def _string_join_with_delimiter(values: Any, delimiter: Any) -> str:
    if delimiter is not None and type(delimiter) is not str:
        illegal(values, delimiter)
    return _join(values, delimiter or "")


def _string_join_with_prefix_and_suffix(values: Any, delimiter: Any, prefix: Any, suffix: Any) -> str:
    if delimiter is not None and type(delimiter) is not str:
        illegal(values, delimiter, prefix, suffix)
    both_strings = type(prefix) is str and type(suffix) is str
    if not both_strings and not (prefix is None and suffix is None):
        illegal(values, delimiter, prefix, suffix)
    return _join(values, delimiter or "", prefix or "", suffix or "")


def _is_empty(values: Any) -> bool:
    return not require_list(values)


def _partition(values: Any, size: Any) -> list[list[Any]] | None:
    items = require_list(values)
    chunk = java_int(require_number(size))
    if chunk <= 0:
        return None
    return [items[start : start + chunk] for start in range(0, len(items), chunk)]


def _list_replace(values: Any, position_or_match: Any, new_item: Any) -> list[Any]:
    items = [values] if values is not None and type(values) is not list else require_list(values)
    if type(position_or_match) is FeelFunction:
        if len(position_or_match.params) != 2:
            fail(
                f"expect a function with 2 arguments (item, newItem), but found '{len(position_or_match.params)}'"
            )
        return [new_item if _call_predicate(position_or_match, item, new_item) else item for item in items]
    index = _checked_position(items, position_or_match)
    return [*items[:index], new_item, *items[index + 1 :]]


FUNCTIONS: tuple[Builtin, ...] = (
    Builtin("list contains", ("list", "element"), _list_contains),
    Builtin("count", ("list",), _count),
    Builtin("min", ("list",), _min, variadic=True),
    Builtin("max", ("list",), _max, variadic=True),
    Builtin("sum", ("list",), _sum, variadic=True),
    Builtin("product", ("list",), _product, variadic=True),
    Builtin("mean", ("list",), _mean, variadic=True),
    Builtin("median", ("list",), _median, variadic=True),
    Builtin("stddev", ("list",), _stddev, variadic=True),
    Builtin("mode", ("list",), _mode, variadic=True),
    Builtin("all", ("list",), _all, variadic=True),
    Builtin("and", ("list",), _all, variadic=True),
    Builtin("any", ("list",), _any, variadic=True),
    Builtin("or", ("list",), _any, variadic=True),
    Builtin("sublist", ("list", "start position"), _sublist),
    Builtin("sublist", ("list", "start"), _sublist),
    Builtin("sublist", ("list", "start position", "length"), _sublist_with_length),
    Builtin("sublist", ("list", "start", "length"), _sublist_with_length),
    Builtin("append", ("list", "items"), _append, variadic=True),
    Builtin("concatenate", ("lists",), _concatenate, variadic=True),
    Builtin("insert before", ("list", "position", "newItem"), _insert_before),
    Builtin("remove", ("list", "position"), _remove),
    Builtin("reverse", ("list",), _reverse),
    Builtin("index of", ("list", "match"), _index_of),
    Builtin("union", ("lists",), _union, variadic=True),
    Builtin("union", ("list",), _union, variadic=True),
    Builtin("distinct values", ("list",), _distinct_values),
    Builtin("duplicate values", ("list",), _duplicate_values),
    Builtin("flatten", ("list",), _flatten),
    Builtin("sort", ("list", "precedes"), _sort),
    Builtin("string join", ("list",), _string_join),
    Builtin("string join", ("list", "delimiter"), _string_join_with_delimiter),
    Builtin("string join", ("list", "delimiter", "prefix", "suffix"), _string_join_with_prefix_and_suffix),
    Builtin("is empty", ("list",), _is_empty),
    Builtin("partition", ("list", "size"), _partition),
    Builtin("list replace", ("list", "position", "newItem"), _list_replace),
    Builtin("list replace", ("list", "match", "newItem"), _list_replace),
)
