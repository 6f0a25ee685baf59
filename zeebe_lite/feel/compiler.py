"""Compiles FEEL syntax trees into nested Python closures.

An expression compiles to ``fn(scope, state) -> value``; unary tests compile to
``test(scope, state, input) -> bool | None``. ``scope`` is any mapping of variable names (the caller's
context, or a :class:`~.runtime.Scope` nested in it); ``state`` is the per-evaluation
:class:`~.runtime.EvalState`. Constant sub-expressions are evaluated here, once, and common shapes
(a variable compared with a literal, ``and``/``or``) get specialised closures.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from collections.abc import Iterator as IterableOf
from decimal import Decimal
from typing import Any

from . import semantics, temporal
from .analysis import children, references, uses_input
from .builtins import Builtin, builtin_table
from .conversion import from_python
from .invocation import (
    call_builtin,
    call_function_value,
    choose_named,
    choose_positional,
    lookup_function,
    named_positions,
    variadic_args,
)
from .operations import (
    DECIMAL_ARITHMETIC,
    DIRECT_ORDER,
    MISSING,
    InvalidDomain,
    arithmetic_step,
    as_feel_value,
    check_boolean,
    comparison_range,
    equality,
    input_of,
    interval_verdict,
    iteration_items,
    list_item,
    logical_chain,
    number_sequence,
    ordering,
    path_value,
    value_test,
    warn_expected,
    warn_no_variable,
)
from .runtime import NO_INPUT, EvalState, Fn, Scope, TestFn
from .syntax import (
    AnyInput,
    Arithmetic,
    Between,
    Comparison,
    ContextLiteral,
    Filter,
    For,
    FunctionCall,
    FunctionDefinition,
    If,
    In,
    InputComparison,
    InputValue,
    InstanceOf,
    Invoke,
    IterationRange,
    Iterator,
    ListLiteral,
    Literal,
    Logical,
    Name,
    Negation,
    Node,
    Path,
    PositiveUnaryTests,
    Quantified,
    RangeLiteral,
    TemporalLiteral,
    UnaryTests,
)
from .values import NUMBER_CONTEXT, FeelFunction, Range

__all__ = ["compile_node", "compile_tests"]

_PURE_NODES = (
    Literal,
    TemporalLiteral,
    Negation,
    Arithmetic,
    Comparison,
    Logical,
    Between,
    RangeLiteral,
    InstanceOf,
    If,
)
_PURE_TYPES = frozenset(_PURE_NODES)
_INPUT_VARIABLE = "inputValue"


# ----- the compiler ------------------------------------------------------------------------------------------


class _Compiler:
    """Turns nodes into closures; one instance per compiled text."""

    def __init__(self) -> None:
        self._constants: dict[int, tuple[bool, Any]] = {}
        self._compiled: dict[int, Fn] = {}

    # ----- constants -----

    def constant(self, node: Node) -> tuple[bool, Any]:
        """(True, value) if the node always evaluates to the same scalar without warnings."""
        known = self._constants.get(id(node))
        if known is None:
            self.expression(node)
            known = self._constants[id(node)]
        return known

    def expression(self, node: Node) -> Fn:
        """The closure of a node, compiled once; an operator over constants is folded into a constant."""
        key = id(node)
        compiled = self._compiled.get(key)
        if compiled is not None:
            return compiled
        if type(node) is Literal:
            literal = node.value
            compiled = lambda scope, state: literal  # noqa: E731
            self._constants[key] = (True, literal)
        else:
            compiled = self._compile(node)
            folded: tuple[bool, Any] = (False, None)
            if type(node) in _PURE_TYPES and self._operands_constant(node):
                state = EvalState()
                value = compiled({}, state)
                if state.warnings is None and type(value) is not list and type(value) is not dict:
                    compiled = lambda scope, state: value  # noqa: E731
                    folded = (True, value)
            self._constants[key] = folded
        self._compiled[key] = compiled
        return compiled

    def _operands_constant(self, node: Node) -> bool:
        # operands compiled as part of an n-ary chain have no entry: they count as not constant
        constants = self._constants
        for operand in children(node):
            known = constants.get(id(operand))
            if known is None or not known[0]:
                return False
        return True

    def _compile(self, node: Node) -> Fn:
        method: Callable[[Any], Fn] = getattr(self, "_" + type(node).__name__)
        return method(node)

    # ----- leaves -----

    def _Literal(self, node: Literal) -> Fn:
        value = node.value
        return lambda scope, state: value

    def _TemporalLiteral(self, node: TemporalLiteral) -> Fn:
        value = temporal.parse_temporal_literal(node.text)
        if value is not None:
            return lambda scope, state: value
        message = f"Invalid temporal literal '@\"{node.text}\"'"

        def invalid(scope: Any, state: EvalState) -> Any:
            state.warn(message)
            return None

        return invalid

    def _Name(self, node: Name) -> Fn:
        name = node.name

        def variable(scope: Any, state: EvalState) -> Any:
            try:
                value = scope[name]
            except KeyError:
                state.warn(f"No variable found with name '{name}'")
                return None
            kind = type(value)
            if kind is Decimal or kind is str or kind is bool or value is None:
                return value
            return as_feel_value(value, state)

        return variable

    def _InputValue(self, node: InputValue) -> Fn:
        return lambda scope, state: input_of(state)

    def _AnyInput(self, node: AnyInput) -> Fn:
        return lambda scope, state: True

    # ----- collections -----

    def _ListLiteral(self, node: ListLiteral) -> Fn:
        constants = [self.constant(item) for item in node.items]
        if all(is_constant for is_constant, _ in constants):
            values = tuple(value for _, value in constants)
            return lambda scope, state: list(values)
        items = tuple(self.expression(item) for item in node.items)
        return lambda scope, state: [item(scope, state) for item in items]

    def _ContextLiteral(self, node: ContextLiteral) -> Fn:
        entries = tuple((key, self.expression(value)) for key, value in node.entries)

        def context(scope: Any, state: EvalState) -> Any:
            local = Scope(scope)
            for key, value in entries:
                local[key] = value(local, state)
            return dict(local)

        return context

    def _RangeLiteral(self, node: RangeLiteral) -> Fn:
        low = self.expression(node.start)
        high = self.expression(node.end)
        start_included = node.start_included
        end_included = node.end_included

        def make_range(scope: Any, state: EvalState) -> Any:
            start = low(scope, state)
            end = high(scope, state)
            if not semantics.is_valid_range(start, end):
                state.warn(
                    f"Invalid range definition with start '{semantics.describe(start)}' and end '{semantics.describe(end)}'"
                )
                return None
            return Range(start, end, start_included, end_included)

        return make_range

    # ----- arithmetic -----

    def _Negation(self, node: Negation) -> Fn:
        operand = self.expression(node.operand)
        minus = NUMBER_CONTEXT.minus

        def negation(scope: Any, state: EvalState) -> Any:
            value = operand(scope, state)
            if type(value) is Decimal:
                return minus(value)
            result = semantics.negate(value)
            if result is None:
                warn_expected(state, "number", value)
            return result

        return negation

    def _Arithmetic(self, node: Arithmetic) -> Fn:
        # a left-deep chain (a + b - c * d ...) compiles to one loop, so long chains need no deep recursion
        spine: list[Arithmetic] = []
        current: Node = node
        while type(current) is Arithmetic:
            spine.append(current)
            current = current.left
        spine.reverse()
        first = self.expression(current)
        steps = tuple((arithmetic_step(link.op), self.expression(link.right)) for link in spine)
        if len(steps) > 1:

            def chain(scope: Any, state: EvalState) -> Any:
                value = first(scope, state)
                for step, operand in steps:
                    value = step(value, operand(scope, state), state)
                return value

            return chain
        left = first
        right = steps[0][1]
        slow = steps[0][0]
        direct = DECIMAL_ARITHMETIC.get(node.op)
        if direct is None:
            return lambda scope, state: slow(left(scope, state), right(scope, state), state)

        def arithmetic(scope: Any, state: EvalState) -> Any:
            a = left(scope, state)
            b = right(scope, state)
            if type(a) is Decimal and type(b) is Decimal:
                try:
                    return direct(a, b)
                except ArithmeticError:
                    pass
            return slow(a, b, state)

        return arithmetic

    # ----- comparisons -----

    def _Comparison(self, node: Comparison) -> Fn:
        op = node.op
        if op in ("=", "!="):
            test = self._equality_fn(node.left, node.right)
            if op == "=":
                return test

            def not_equal(scope: Any, state: EvalState) -> Any:
                result = test(scope, state)
                return None if result is None else not result

            return not_equal
        return self._ordering_fn(op, node.left, node.right)

    def _equality_fn(self, left_node: Node, right_node: Node) -> Fn:
        is_constant, constant = self.constant(right_node)
        if is_constant and type(left_node) is Name and type(constant) in (str, Decimal, bool):
            name = left_node.name
            kind = type(constant)

            def name_equals_constant(scope: Any, state: EvalState) -> Any:
                try:
                    value = scope[name]
                except KeyError:
                    warn_no_variable(state, name)
                    return False
                if type(value) is kind:
                    return value == constant
                if value is None:
                    return False
                return equality(from_python(value), constant, state)

            return name_equals_constant
        left = self.expression(left_node)
        right = self.expression(right_node)
        return lambda scope, state: equality(left(scope, state), right(scope, state), state)

    def _ordering_fn(self, op: str, left_node: Node, right_node: Node) -> Fn:
        direct = DIRECT_ORDER[op]
        is_constant, constant = self.constant(right_node)
        if is_constant and type(left_node) is Name and type(constant) is Decimal:
            name = left_node.name

            def name_vs_number(scope: Any, state: EvalState) -> Any:
                try:
                    value = scope[name]
                except KeyError:
                    warn_no_variable(state, name)
                    return None
                kind = type(value)
                if kind is Decimal or kind is int:
                    return direct(value, constant)
                return ordering(op, from_python(value), constant, state)

            return name_vs_number
        left = self.expression(left_node)
        right = self.expression(right_node)

        def compare_values(scope: Any, state: EvalState) -> Any:
            a = left(scope, state)
            b = right(scope, state)
            if type(a) is Decimal and type(b) is Decimal:
                return direct(a, b)
            return ordering(op, a, b, state)

        return compare_values

    def _InputComparison(self, node: InputComparison) -> Fn:
        test = self._input_comparison_test(node)
        op = node.op
        operand = self.expression(node.operand)
        is_ordering = op in DIRECT_ORDER

        def compare_input(scope: Any, state: EvalState) -> Any:
            value = state.input
            if value is NO_INPUT:
                # outside unary tests Camunda reads the implicit input from the variable `inputValue`;
                # without one, `< 10` / `>= x` are range values (DMN 1.5)
                try:
                    value = from_python(scope[_INPUT_VARIABLE])
                except KeyError:
                    if is_ordering:
                        return comparison_range(op, operand(scope, state), state)
                    state.warn("No input value found.")
                    value = None
            return test(scope, state, value)

        return compare_input

    def _Between(self, node: Between) -> Fn:
        value_fn = self.expression(node.value)
        low = self.expression(node.low)
        high = self.expression(node.high)

        def between(scope: Any, state: EvalState) -> Any:
            value = value_fn(scope, state)
            above = ordering(">=", value, low(scope, state), state)
            if above is False:
                return False
            below = ordering("<=", value, high(scope, state), state)
            if below is False:
                return False
            return True if above is True and below is True else None

        return between

    def _Logical(self, node: Logical) -> Fn:
        op = node.op
        operand_nodes: list[Node] = []
        current: Node = node
        while type(current) is Logical and current.op == op:
            operand_nodes.append(current.right)
            current = current.left
        operand_nodes.append(current)
        operand_nodes.reverse()
        operands = tuple(self.expression(operand) for operand in operand_nodes)
        if len(operands) > 2:
            return logical_chain(op == "and", operands)
        left, right = operands
        if op == "and":

            def conjunction(scope: Any, state: EvalState) -> Any:
                a = left(scope, state)
                if a is False:
                    return False
                b = right(scope, state)
                if b is False:
                    return False
                if a is True and b is True:
                    return True
                check_boolean(a, state)
                check_boolean(b, state)
                return None

            return conjunction

        def disjunction(scope: Any, state: EvalState) -> Any:
            a = left(scope, state)
            if a is True:
                return True
            b = right(scope, state)
            if b is True:
                return True
            if a is False and b is False:
                return False
            check_boolean(a, state)
            check_boolean(b, state)
            return None

        return disjunction

    def _In(self, node: In) -> Fn:
        value_fn = self.expression(node.value)
        tests = self._positive_tests(node.tests)

        def membership(scope: Any, state: EvalState) -> Any:
            value = value_fn(scope, state)
            saved = state.input
            state.input = value
            result = tests(scope, state, value)
            state.input = saved
            return result

        return membership

    def _InstanceOf(self, node: InstanceOf) -> Fn:
        value_fn = self.expression(node.value)
        type_ref = node.type
        return lambda scope, state: semantics.instance_of(value_fn(scope, state), type_ref)

    # ----- paths, filters -----

    def _Path(self, node: Path) -> Fn:
        keys: list[str] = []
        target: Node = node
        while type(target) is Path:
            keys.append(target.name)
            target = target.target
        keys.reverse()
        if type(target) is Name:
            return self._qualified_name(target.name, tuple(keys))
        base = self.expression(node.target)
        key = node.name
        return lambda scope, state: path_value(base(scope, state), key, state)

    def _qualified_name(self, name: str, keys: tuple[str, ...]) -> Fn:
        def qualified(scope: Any, state: EvalState) -> Any:
            try:
                value = scope[name]
            except KeyError:
                warn_no_variable(state, name)
                return None
            for key in keys:
                if type(value) is dict:
                    found = value.get(key, MISSING)
                    if found is not MISSING:
                        value = found
                        continue
                value = path_value(from_python(value), key, state)
            kind = type(value)
            if kind is Decimal or kind is str or kind is bool or value is None:
                return value
            return as_feel_value(value, state)

        return qualified

    def _Filter(self, node: Filter) -> Fn:
        target = self.expression(node.target)
        is_constant, index = self.constant(node.condition)
        if is_constant and type(index) is Decimal:

            def by_index(scope: Any, state: EvalState) -> Any:
                items = target(scope, state)
                if type(items) is not list:
                    warn_expected(state, "list", items)
                    return None
                return list_item(items, index)

            return by_index
        condition = self.expression(node.condition)

        def by_condition(scope: Any, state: EvalState) -> Any:
            items = target(scope, state)
            if type(items) is not list:
                warn_expected(state, "list", items)
                return None
            selected = []
            first = True
            for item in items:
                local = Scope(scope)
                local["item"] = item
                if type(item) is dict:
                    local.update(item)
                verdict = condition(local, state)
                if first:
                    first = False
                    if type(verdict) is Decimal:
                        return list_item(items, verdict)
                if verdict is True:
                    selected.append(item)
            return selected

        return by_condition

    # ----- functions -----

    def _FunctionCall(self, node: FunctionCall) -> Fn:
        name = node.name
        signatures = builtin_table().get(name, ())
        if node.named is None:
            args = tuple(self.expression(argument) for argument in node.args)
            names: tuple[str, ...] | None = None
            builtin = choose_positional(signatures, len(args))
        else:
            names = tuple(key for key, _ in node.named)
            args = tuple(self.expression(value) for _, value in node.named)
            builtin = choose_named(signatures, names)
        invoke_builtin = self._builtin_invoker(name, builtin, names, len(args), bool(signatures))

        def call(scope: Any, state: EvalState) -> Any:
            values = [argument(scope, state) for argument in args]
            function = lookup_function(scope, name)
            if type(function) is FeelFunction:
                return call_function_value(function, name, values, state, names)
            return invoke_builtin(values, state)

        return call

    def _builtin_invoker(
        self, name: str, builtin: Builtin | None, names: tuple[str, ...] | None, count: int, known: bool
    ) -> Callable[[list[Any], EvalState], Any]:
        if builtin is None:
            if names is not None:
                message = f"no function found with name '{name}' and parameters {', '.join(names)}"
            else:
                message = f"no function found with name '{name}' and {count} parameters"

            def missing(values: list[Any], state: EvalState) -> Any:
                state.warn(message)
                return None

            return missing
        chosen = builtin
        if names is not None:
            positions = named_positions(chosen, names)

            variadic_position = len(chosen.params) - 1 if chosen.variadic else -1

            def named_call(values: list[Any], state: EvalState) -> Any:
                ordered = [values[index] if index >= 0 else None for index in positions]
                if 0 <= variadic_position < len(ordered):
                    collected = ordered[variadic_position]
                    if collected is not None and type(collected) is not list:
                        ordered[variadic_position] = [collected]
                return call_builtin(chosen, ordered, state)

            return named_call
        if chosen.variadic:
            return lambda values, state: call_builtin(chosen, variadic_args(chosen, values), state)
        return lambda values, state: call_builtin(chosen, values, state)

    def _Invoke(self, node: Invoke) -> Fn:
        target = self.expression(node.target)
        label = node.target.name if isinstance(node.target, Path) else "anonymous function"
        if node.named is None:
            args = tuple(self.expression(argument) for argument in node.args)
            names: tuple[str, ...] | None = None
        else:
            names = tuple(key for key, _ in node.named)
            args = tuple(self.expression(value) for _, value in node.named)

        def invoke(scope: Any, state: EvalState) -> Any:
            function = target(scope, state)
            if type(function) is not FeelFunction:
                warn_expected(state, "function", function)
                return None
            values = [argument(scope, state) for argument in args]
            return call_function_value(function, label, values, state, names)

        return invoke

    def _FunctionDefinition(self, node: FunctionDefinition) -> Fn:
        params = node.params
        body = self.expression(node.body)

        def define(scope: Any, state: EvalState) -> Any:
            def invoke(values: Sequence[Any]) -> Any:
                local = Scope(scope)
                for index, param in enumerate(params):
                    local[param] = values[index] if index < len(values) else None
                return body(local, state)

            return FeelFunction(params, invoke)

        return define

    # ----- control flow -----

    def _If(self, node: If) -> Fn:
        # `if .. then .. else if .. then .. else ..` chains compile to one loop over the branches
        branches: list[tuple[Fn, Fn]] = []
        current: Node = node
        while type(current) is If:
            branches.append((self.expression(current.condition), self.expression(current.then)))
            current = current.otherwise
        otherwise = self.expression(current)
        if len(branches) > 1:
            chain = tuple(branches)

            def choose_branch(scope: Any, state: EvalState) -> Any:
                for condition, then in chain:
                    verdict = condition(scope, state)
                    if verdict is True:
                        return then(scope, state)
                    if verdict is not False:
                        warn_expected(state, "boolean", verdict)
                return otherwise(scope, state)

            return choose_branch
        condition, then = branches[0]

        def choose(scope: Any, state: EvalState) -> Any:
            verdict = condition(scope, state)
            if verdict is True:
                return then(scope, state)
            if verdict is not False:
                warn_expected(state, "boolean", verdict)
            return otherwise(scope, state)

        return choose

    def _domain(self, iterator: Iterator) -> Fn:
        domain = iterator.domain
        if type(domain) is IterationRange:
            low = self.expression(domain.start)
            high = self.expression(domain.end)

            def number_range(scope: Any, state: EvalState) -> Any:
                start = low(scope, state)
                end = high(scope, state)
                if type(start) is not Decimal or type(end) is not Decimal:
                    warn_expected(state, "number", start if type(start) is not Decimal else end)
                    return None
                return number_sequence(start, end)

            return number_range
        evaluate = self.expression(domain)
        return lambda scope, state: iteration_items(evaluate(scope, state), state)

    def _bindings(self, iterators: tuple[Iterator, ...]) -> Callable[[Any, EvalState], IterableOf[Scope]]:
        """One scope per combination of the iterators' items (cartesian product), produced lazily.

        Raises :class:`InvalidDomain` (after recording a warning) when a domain is not a list.
        """
        steps = tuple((iterator.name, self._domain(iterator)) for iterator in iterators)
        last = len(steps) - 1

        def expand(index: int, outer: Any, state: EvalState) -> IterableOf[Scope]:
            name, domain = steps[index]
            items = domain(outer, state)
            if items is None:
                raise InvalidDomain
            for item in items:
                local = Scope(outer)
                local[name] = item
                if index == last:
                    yield local
                else:
                    yield from expand(index + 1, local, state)

        return lambda scope, state: expand(0, scope, state)

    def _For(self, node: For) -> Fn:
        bindings = self._bindings(node.iterators)
        body = self.expression(node.body)
        needs_partial = references(node.body, "partial")

        def loop(scope: Any, state: EvalState) -> Any:
            results: list[Any] = []
            append = results.append
            try:
                for local in bindings(scope, state):
                    if needs_partial:
                        local["partial"] = list(results)
                    append(body(local, state))
            except InvalidDomain:
                return None
            return results

        return loop

    def _Quantified(self, node: Quantified) -> Fn:
        bindings = self._bindings(node.iterators)
        condition = self.expression(node.condition)
        decisive = node.quantifier == "some"

        def quantified(scope: Any, state: EvalState) -> Any:
            outcome: bool | None = not decisive
            try:
                for local in bindings(scope, state):
                    verdict = condition(local, state)
                    if verdict is decisive:
                        return decisive
                    if verdict is not (not decisive):
                        outcome = None
            except InvalidDomain:
                return None
            return outcome

        return quantified

    # ----- unary tests -----

    def unary_tests(self, node: UnaryTests) -> TestFn:
        positive = self._positive_tests(node.tests)
        if not node.negated:
            return positive

        def negated(scope: Any, state: EvalState, input_value: Any) -> bool | None:
            result = positive(scope, state, input_value)
            return None if result is None else not result

        return negated

    def is_static(self, node: UnaryTests) -> bool:
        """Whether the tests read nothing but the input: no variables, functions, ``?`` or clock, so
        they may run without a per-evaluation state (they only ever report warnings)."""
        for test in node.tests.tests:
            kind = type(test)
            if kind is AnyInput:
                continue
            if kind is InputComparison:
                static = self.constant(test.operand)[0]  # type: ignore[attr-defined]
            elif kind is RangeLiteral:
                static = self.constant(test.start)[0] and self.constant(test.end)[0]  # type: ignore[attr-defined]
            elif kind is ListLiteral:
                static = all(self.constant(item)[0] for item in test.items)  # type: ignore[attr-defined]
            else:
                static = not uses_input(test) and self.constant(test)[0]
            if not static:
                return False
        return True

    def _positive_tests(self, node: PositiveUnaryTests) -> TestFn:
        tests = tuple(self.unary_test(test) for test in node.tests)
        if len(tests) == 1:
            return tests[0]

        def any_test(scope: Any, state: EvalState, input_value: Any) -> bool | None:
            outcome: bool | None = False
            for test in tests:
                result = test(scope, state, input_value)
                if result is True:
                    return True
                if result is not False:
                    outcome = None
            return outcome

        return any_test

    def unary_test(self, node: Node) -> TestFn:
        """One positive unary test against the input value."""
        kind = type(node)
        if kind is AnyInput:
            return lambda scope, state, input_value: True
        if kind is InputComparison:
            return self._input_comparison_test(node)  # type: ignore[arg-type]
        if kind is RangeLiteral:
            return self._range_test(node)  # type: ignore[arg-type]
        if kind is Literal and type(node.value) is bool:  # type: ignore[attr-defined]
            flag = node.value  # type: ignore[attr-defined]

            def boolean_test(scope: Any, state: EvalState, input_value: Any) -> bool | None:
                if type(input_value) is bool:
                    return input_value is flag
                return equality(input_value, flag, state)

            return boolean_test
        if uses_input(node):
            evaluate = self.expression(node)

            def input_expression(scope: Any, state: EvalState, input_value: Any) -> bool | None:
                result = evaluate(scope, state)
                return result if result is True or result is False else None

            return input_expression
        is_constant, constant = self.constant(node)
        if is_constant:
            return self._constant_test(constant)
        if type(node) is ListLiteral and all(self.constant(item)[0] for item in node.items):
            members = tuple(self.constant(item)[1] for item in node.items)
            return self._membership_test(members)
        evaluate = self.expression(node)
        return lambda scope, state, input_value: value_test(evaluate(scope, state), input_value, state)

    def _constant_test(self, constant: Any) -> TestFn:
        kind = type(constant)
        if constant is None:
            return lambda scope, state, input_value: input_value is None
        if kind is str or kind is Decimal:

            def equals_constant(scope: Any, state: EvalState, input_value: Any) -> bool | None:
                if type(input_value) is kind:
                    return bool(input_value == constant)
                if input_value is None:
                    return False
                return value_test(constant, input_value, state)

            return equals_constant
        return lambda scope, state, input_value: value_test(constant, input_value, state)

    def _membership_test(self, members: tuple[Any, ...]) -> TestFn:
        listed = list(members)
        simple = all(type(member) in (str, Decimal) for member in members)
        if simple:
            kinds = {type(member) for member in members}

            def contains(scope: Any, state: EvalState, input_value: Any) -> bool | None:
                if type(input_value) in kinds:
                    return input_value in members
                return value_test(listed, input_value, state)

            return contains
        return lambda scope, state, input_value: value_test(listed, input_value, state)

    def _input_comparison_test(self, node: InputComparison) -> TestFn:
        op = node.op
        operand = self.expression(node.operand)
        if op in ("=", "!="):
            negate = op == "!="

            def equal_to_input(scope: Any, state: EvalState, input_value: Any) -> bool | None:
                result = equality(input_value, operand(scope, state), state)
                return None if result is None else result is not negate

            return equal_to_input
        direct = DIRECT_ORDER[op]
        is_constant, constant = self.constant(node.operand)
        if is_constant and type(constant) is Decimal:

            def compare_number(scope: Any, state: EvalState, input_value: Any) -> bool | None:
                if type(input_value) is Decimal:
                    return direct(input_value, constant)
                return ordering(op, input_value, constant, state)

            return compare_number

        def compare_value(scope: Any, state: EvalState, input_value: Any) -> bool | None:
            return ordering(op, input_value, operand(scope, state), state)

        return compare_value

    def _range_test(self, node: RangeLiteral) -> TestFn:
        # As a unary test an interval compares the input with both endpoints (any ordered type, strings too);
        # only range *values* are limited to numbers and temporals.
        start_included = node.start_included
        end_included = node.end_included
        low_constant, low = self.constant(node.start)
        high_constant, high = self.constant(node.end)
        if low_constant and high_constant:
            if type(low) is Decimal and type(high) is Decimal:
                above = operator.ge if start_included else operator.gt
                below = operator.le if end_included else operator.lt

                def in_number_interval(scope: Any, state: EvalState, input_value: Any) -> bool | None:
                    if type(input_value) is Decimal:
                        return bool(above(input_value, low) and below(input_value, high))
                    return interval_verdict(
                        input_value,
                        low,
                        high,
                        state,
                        start_included=start_included,
                        end_included=end_included,
                    )

                return in_number_interval

            def in_constant_interval(scope: Any, state: EvalState, input_value: Any) -> bool | None:
                return interval_verdict(
                    input_value, low, high, state, start_included=start_included, end_included=end_included
                )

            return in_constant_interval
        low_fn = self.expression(node.start)
        high_fn = self.expression(node.end)

        def in_interval(scope: Any, state: EvalState, input_value: Any) -> bool | None:
            return interval_verdict(
                input_value,
                low_fn(scope, state),
                high_fn(scope, state),
                state,
                start_included=start_included,
                end_included=end_included,
            )

        return in_interval


def compile_node(node: Node) -> Fn:
    """Compile an expression tree into ``fn(scope, state) -> value``."""
    return _Compiler().expression(node)


def compile_tests(node: UnaryTests) -> tuple[TestFn, bool]:
    """Compile a unary-tests tree into ``test(scope, state, input) -> bool | None``, plus whether the tests
    are static (see :meth:`_Compiler.is_static`)."""
    compiler = _Compiler()
    return compiler.unary_tests(node), compiler.is_static(node)
