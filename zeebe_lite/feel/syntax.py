"""The FEEL syntax tree: one frozen dataclass per construct, each with its source position."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "AnyInput",
    "Arithmetic",
    "Between",
    "Comparison",
    "ContextLiteral",
    "Filter",
    "For",
    "FunctionCall",
    "FunctionDefinition",
    "If",
    "In",
    "InputComparison",
    "InputValue",
    "InstanceOf",
    "Invoke",
    "IterationRange",
    "Iterator",
    "ListLiteral",
    "Literal",
    "Logical",
    "Name",
    "Negation",
    "Node",
    "Path",
    "PositiveUnaryTests",
    "Quantified",
    "RangeLiteral",
    "TemporalLiteral",
    "TypeRef",
    "UnaryTests",
]


@dataclass(frozen=True, slots=True)
class Node:
    """Base of every syntax node; ``pos`` is the 0-based offset of the node in the source text."""

    pos: int


@dataclass(frozen=True, slots=True)
class Literal(Node):
    """A constant: number (Decimal), string, boolean or null."""

    value: Any


@dataclass(frozen=True, slots=True)
class TemporalLiteral(Node):
    """``@"..."``: the text inside the quotes."""

    text: str


@dataclass(frozen=True, slots=True)
class Name(Node):
    """A variable reference."""

    name: str


@dataclass(frozen=True, slots=True)
class InputValue(Node):
    """``?``: the input value of a unary test."""


@dataclass(frozen=True, slots=True)
class ListLiteral(Node):
    """``[a, b, c]``."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class ContextLiteral(Node):
    """``{key: value, ...}``; later entries see earlier ones."""

    entries: tuple[tuple[str, Node], ...]


@dataclass(frozen=True, slots=True)
class RangeLiteral(Node):
    """``[a..b]``, ``(a..b)``, ``]a..b[`` and mixed forms."""

    start: Node
    end: Node
    start_included: bool
    end_included: bool


@dataclass(frozen=True, slots=True)
class Negation(Node):
    """Arithmetic negation ``-x``."""

    operand: Node


@dataclass(frozen=True, slots=True)
class Arithmetic(Node):
    """``+ - * / **``."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Comparison(Node):
    """``= != < <= > >=``."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class InputComparison(Node):
    """A comparison with the implicit input value: ``< 10``, ``>= x``, ``= 5``, ``!= "a"``."""

    op: str
    operand: Node


@dataclass(frozen=True, slots=True)
class Between(Node):
    """``value between low and high``."""

    value: Node
    low: Node
    high: Node


@dataclass(frozen=True, slots=True)
class Logical(Node):
    """Three-valued ``and`` / ``or``."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class PositiveUnaryTests(Node):
    """A comma-separated list of positive unary tests (any of them may match)."""

    tests: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class In(Node):
    """``value in tests``."""

    value: Node
    tests: PositiveUnaryTests


@dataclass(frozen=True, slots=True)
class TypeRef(Node):
    """A type in ``instance of``: a name plus type arguments (``list<T>``, ``context<k: T>``, ...)."""

    name: str
    arguments: tuple[TypeRef, ...] = ()
    fields: tuple[tuple[str, TypeRef], ...] = ()
    result: TypeRef | None = None


@dataclass(frozen=True, slots=True)
class InstanceOf(Node):
    """``value instance of type``."""

    value: Node
    type: TypeRef


@dataclass(frozen=True, slots=True)
class Path(Node):
    """``value.name`` (a context entry, a property, or a projection over a list)."""

    target: Node
    name: str


@dataclass(frozen=True, slots=True)
class Filter(Node):
    """``list[condition]`` or ``list[index]``."""

    target: Node
    condition: Node


@dataclass(frozen=True, slots=True)
class FunctionCall(Node):
    """``name(args)``; either ``args`` (positional) or ``named`` is used."""

    name: str
    args: tuple[Node, ...]
    named: tuple[tuple[str, Node], ...] | None = None


@dataclass(frozen=True, slots=True)
class Invoke(Node):
    """A call of a function value reached by a path: ``ctx.f(args)``."""

    target: Node
    args: tuple[Node, ...]
    named: tuple[tuple[str, Node], ...] | None = None


@dataclass(frozen=True, slots=True)
class FunctionDefinition(Node):
    """``function(a, b) body``."""

    params: tuple[str, ...]
    body: Node


@dataclass(frozen=True, slots=True)
class If(Node):
    """``if c then a else b``."""

    condition: Node
    then: Node
    otherwise: Node


@dataclass(frozen=True, slots=True)
class IterationRange(Node):
    """``a..b`` as the domain of a ``for``/``some``/``every`` iterator."""

    start: Node
    end: Node


@dataclass(frozen=True, slots=True)
class Iterator(Node):
    """``name in domain``."""

    name: str
    domain: Node


@dataclass(frozen=True, slots=True)
class For(Node):
    """``for x in xs, y in ys return body``."""

    iterators: tuple[Iterator, ...]
    body: Node


@dataclass(frozen=True, slots=True)
class Quantified(Node):
    """``some``/``every x in xs satisfies condition``."""

    quantifier: str
    iterators: tuple[Iterator, ...]
    condition: Node


@dataclass(frozen=True, slots=True)
class AnyInput(Node):
    """The unary test ``-``: matches every input."""


@dataclass(frozen=True, slots=True)
class UnaryTests(Node):
    """The root of a unary-tests text: positive tests, optionally negated with ``not(...)``."""

    tests: PositiveUnaryTests
    negated: bool = False
