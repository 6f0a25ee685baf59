"""Static analysis of syntax trees: children, free variables, use of the unary-test input."""

from __future__ import annotations

from collections.abc import Iterator as IterableOf
from collections.abc import Mapping
from typing import Any

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


def children(node: Node) -> IterableOf[Node]:
    fields: Mapping[str, Any] = getattr(type(node), "__dataclass_fields__")  # noqa: B009
    for name in fields:
        value = getattr(node, name)
        if isinstance(value, Node):
            yield value
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, Node):
                    yield item
                elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], Node):
                    yield item[1]


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
