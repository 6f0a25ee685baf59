"""Built-in functions: context (get value, get entries, context put, context merge).

``put`` and ``put all`` are the deprecated Camunda names of ``context put`` and ``context merge``; Camunda
still accepts them. ``context(entries)`` is a conversion function (see :mod:`.conversion`).
"""

from __future__ import annotations

from typing import Any

from zeebe_lite.feel.values import type_name

from ._args import fail, illegal, require_list
from ._base import Builtin

__all__ = ["FUNCTIONS"]


def _require_context(value: Any) -> dict[str, Any]:
    if type(value) is not dict:
        fail(f"expected context but found '{type_name(value)}'")
    return value


def _key_path(key_or_keys: Any) -> list[str]:
    if type(key_or_keys) is str:
        return [key_or_keys]
    if type(key_or_keys) is list and all(type(key) is str for key in key_or_keys):
        return list(key_or_keys)
    fail(f"expected a string or a list of strings as key but found '{type_name(key_or_keys)}'")


def _get_value(context: Any, key: Any) -> Any:
    current: Any = _require_context(context)
    path = _key_path(key)
    if not path:
        return None
    for name in path:
        if type(current) is not dict or name not in current:
            return None
        current = current[name]
    return current


def _get_entries(context: Any) -> list[dict[str, Any]]:
    return [{"key": key, "value": value} for key, value in _require_context(context).items()]


def _put_path(context: dict[str, Any], path: list[str], value: Any) -> dict[str, Any]:
    head, rest = path[0], path[1:]
    result = dict(context)
    if rest:
        nested = context.get(head)
        result[head] = _put_path(nested if type(nested) is dict else {}, rest, value)
    else:
        result[head] = value
    return result


def _context_put(context: Any, key: Any, value: Any) -> dict[str, Any] | None:
    base = _require_context(context)
    path = _key_path(key)
    if not path:
        return None
    return _put_path(base, path, value)


def _context_merge(contexts: Any) -> dict[str, Any]:
    items = require_list(contexts)
    if any(type(item) is not dict for item in items):
        illegal(*items)
    merged: dict[str, Any] = {}
    for item in items:
        merged.update(item)
    return merged


FUNCTIONS: tuple[Builtin, ...] = (
    Builtin("get value", ("context", "key"), _get_value),
    Builtin("get value", ("context", "keys"), _get_value),
    Builtin("get value", ("m", "key"), _get_value),
    Builtin("get entries", ("context",), _get_entries),
    Builtin("get entries", ("m",), _get_entries),
    Builtin("context put", ("context", "key", "value"), _context_put),
    Builtin("context put", ("context", "keys", "value"), _context_put),
    Builtin("put", ("context", "key", "value"), _context_put),
    Builtin("context merge", ("contexts",), _context_merge, variadic=True),
    Builtin("put all", ("contexts",), _context_merge, variadic=True),
)
