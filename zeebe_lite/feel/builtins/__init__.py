"""FEEL built-in functions, one module per category as Camunda documents them."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from . import boolean, context, conversion, misc, numeric, string, temporal
from . import list as list_functions
from . import range as range_functions
from ._base import Builtin, EvalEnv

__all__ = ["Builtin", "EvalEnv", "builtin_table"]

_CATEGORIES = (
    conversion,
    boolean,
    string,
    numeric,
    list_functions,
    context,
    temporal,
    range_functions,
    misc,
)


@cache
def builtin_table() -> Mapping[str, tuple[Builtin, ...]]:
    """Every built-in signature by function name (several signatures may share a name)."""
    table: dict[str, list[Builtin]] = {}
    for module in _CATEGORIES:
        for builtin in module.FUNCTIONS:
            table.setdefault(builtin.name, []).append(builtin)
    return {name: tuple(signatures) for name, signatures in table.items()}
