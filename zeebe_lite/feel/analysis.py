"""Static analysis of syntax trees: children, free variables, use of the unary-test input."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from . import syntax
from .builtins import builtin_table
from .syntax import (
    ContextLiteral,
    Filter,
    For,
    FunctionCall,
    FunctionDefinition,
    In,
    InputComparison,
    InputValue,
    Name,
    Node,
    Quantified,
)

__all__ = ["children", "free_variables", "references", "uses_input"]


def _child_fields(kind: type) -> tuple[str, ...]:
    fields: Mapping[str, Any] = getattr(kind, "__dataclass_fields__")  # noqa: B009
    return tuple(name for name in fields if name != "pos")


_CHILD_FIELDS: Mapping[type, tuple[str, ...]] = MappingProxyType(
    {
        kind: _child_fields(kind)
        for kind in (getattr(syntax, name) for name in syntax.__all__)
        if isinstance(kind, type) and issubclass(kind, Node)
    }
)


def children(node: Node) -> list[Node]:
    """The direct sub-nodes of a node (operands, items, entry values, arguments...)."""
    found: list[Node] = []
    for name in _CHILD_FIELDS[type(node)]:
        value = getattr(node, name)
        if isinstance(value, Node):
            found.append(value)
        elif type(value) is tuple:
            for item in value:
                if isinstance(item, Node):
                    found.append(item)
                elif type(item) is tuple and len(item) == 2 and isinstance(item[1], Node):
                    found.append(item[1])
    return found


def uses_input(node: Node) -> bool:
    """Whether the expression reads the unary-test input (``?`` or a bare comparison like ``< 5``)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, InputValue | InputComparison):
            return True
        if isinstance(current, In):
            stack.append(current.value)  # the tests of `in` read the value on its left, not the input
        else:
            stack.extend(children(current))
    return False


def free_variables(node: Node) -> frozenset[str]:
    """Names an expression reads from its context (over-approximated inside filters)."""
    found: set[str] = set()
    builtin_names = builtin_table().keys()
    stack: list[tuple[Node, frozenset[str]]] = [(node, frozenset())]
    push = stack.append
    while stack:
        current, bound = stack.pop()
        if isinstance(current, Name):
            if current.name not in bound:
                found.add(current.name)
        elif isinstance(current, FunctionCall):
            if current.name not in bound and current.name not in builtin_names:
                found.add(current.name)
            for argument in children(current):
                push((argument, bound))
        elif isinstance(current, For | Quantified):
            inner = bound
            for iterator in current.iterators:
                push((iterator.domain, inner))
                inner = inner | {iterator.name}
            if isinstance(current, For):
                push((current.body, inner | {"partial"}))
            else:
                push((current.condition, inner))
        elif isinstance(current, FunctionDefinition):
            push((current.body, bound | set(current.params)))
        elif isinstance(current, ContextLiteral):
            inner = bound
            for key, value in current.entries:
                push((value, inner))
                inner = inner | {key}
        elif isinstance(current, Filter):
            push((current.target, bound))
            push((current.condition, bound | {"item"}))
        else:
            for child in children(current):
                push((child, bound))
    return frozenset(found)


def references(node: Node, name: str) -> bool:
    return name in free_variables(node)
