"""Hand-written recursive-descent / Pratt parser for FEEL expressions and unary tests.

The grammar follows Camunda's feel-scala: ``or`` < ``and`` < comparison (``= != < <= > >=``, ``between``,
``in``, ``instance of``; not chainable) < ``+ -`` < ``* /`` < ``**`` (left-associative) < unary minus <
postfix (``.name``, ``[filter]``, call). Names with spaces are only recognised as function names (a chain of
words followed by ``(``), as context keys and as named arguments (followed by ``:``), or inside backticks.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from .errors import FeelSyntaxError
from .lexer import Token, TokenKind, tokenize
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
    TypeRef,
    UnaryTests,
)

__all__ = ["parse_expression", "parse_unary_tests"]

_NAME = TokenKind.NAME
_PUNCT = TokenKind.PUNCT
_BACKTICK = TokenKind.BACKTICK_NAME
_EOF = TokenKind.EOF
_NUMBER = TokenKind.NUMBER
_STRING = TokenKind.STRING
_OTHER = TokenKind.OTHER

_RESERVED = frozenset(
    {
        "null",
        "true",
        "false",
        "function",
        "if",
        "then",
        "else",
        "return",
        "in",
        "satisfies",
        "and",
        "or",
        "between",
        "instance",
    }
)
"""Words that can never be a variable name."""

_KEYWORDS = frozenset(
    {"null", "true", "false", "function", "in", "return", "then", "else", "satisfies", "and", "or"}
)
"""Camunda's reserved words: not even a context key or a property name."""

_CHAIN_BREAKERS = _RESERVED - {"null", "true", "false"}
"""Words that end a multi-word function name unless the whole name is a known built-in (``get or else``)."""

_OR, _AND, _CMP, _ADD, _MUL, _POW = 1, 2, 3, 4, 5, 6
_BINARY_PUNCT = {
    "=": _CMP,
    "!=": _CMP,
    "<": _CMP,
    "<=": _CMP,
    ">": _CMP,
    ">=": _CMP,
    "+": _ADD,
    "-": _ADD,
    "*": _MUL,
    "/": _MUL,
    "**": _POW,
}
_BINARY_WORDS = {"or": _OR, "and": _AND, "between": _CMP, "in": _CMP, "instance": _CMP}
_COMPARISON_OPS = frozenset({"=", "!=", "<", "<=", ">", ">="})
_KEY_SYMBOLS = frozenset({".", "/", "-", "+", "*", "?", "**", ".."})
_MULTI_WORD_PROPERTIES = {("time", "offset"), ("start", "included"), ("end", "included")}
_MULTI_WORD_TYPES = (
    ("days", "and", "time", "duration"),
    ("years", "and", "months", "duration"),
    ("date", "and", "time"),
    ("date", "time"),
)
_KNOWN_MULTI_WORD_FUNCTIONS = frozenset({"date and time", "years and months duration", "get or else"})


@cache
def _builtin_names() -> frozenset[str]:
    from .builtins import builtin_table

    return frozenset(builtin_table()) | _KNOWN_MULTI_WORD_FUNCTIONS


class _Parser:
    """Parser state over one token list."""

    __slots__ = ("index", "range_end_depth", "text", "tokens")

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.index = 0
        self.range_end_depth = 0

    # ----- token helpers -------------------------------------------------------------------------------

    def peek(self, ahead: int = 0) -> Token:
        if not ahead:
            return self.tokens[self.index]
        index = self.index + ahead
        tokens = self.tokens
        return tokens[index] if index < len(tokens) else tokens[-1]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind is not _EOF:
            self.index += 1
        return token

    def at_punct(self, symbol: str, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        return token.kind is _PUNCT and token.text == symbol

    def at_word(self, word: str, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        return token.kind is _NAME and token.text == word

    def error(self, message: str, token: Token | None = None) -> FeelSyntaxError:
        where = token if token is not None else self.peek()
        return FeelSyntaxError(message, self.text, where.start)

    def unexpected(self, token: Token | None = None) -> FeelSyntaxError:
        where = token if token is not None else self.peek()
        if where.kind is _EOF:
            return self.error("Unexpected end of expression", where)
        return self.error(f"Unexpected {where.describe()}", where)

    def expect_punct(self, symbol: str) -> Token:
        token = self.peek()
        if token.kind is _PUNCT and token.text == symbol:
            return self.advance()
        raise self.error(f"Expected '{symbol}' but found {token.describe()}", token)

    def expect_word(self, word: str) -> Token:
        token = self.peek()
        if token.kind is _NAME and token.text == word:
            return self.advance()
        raise self.error(f"Expected '{word}' but found {token.describe()}", token)

    def expect_end(self) -> None:
        token = self.peek()
        if token.kind is not _EOF:
            raise self.unexpected(token)

    # ----- expressions ---------------------------------------------------------------------------------

    def expression(self) -> Node:
        token = self.peek()
        if token.kind is _NAME:
            word = token.text
            if word == "if":
                return self.if_expression()
            if word in ("for", "some", "every") and self.starts_iteration():
                return self.iteration()
        return self.binary(0)

    def starts_iteration(self) -> bool:
        name = self.peek(1)
        if name.kind is _BACKTICK:
            return self.at_word("in", 2)
        return name.kind is _NAME and name.text not in _RESERVED and self.at_word("in", 2)

    def binary(self, min_power: int) -> Node:
        token = self.peek()
        if token.kind is _PUNCT and token.text in _COMPARISON_OPS and min_power <= _CMP:
            self.advance()
            left: Node = InputComparison(token.start, token.text, self.binary(_ADD))
            compared = True
        else:
            left = self.unary()
            compared = False
        while True:
            token = self.peek()
            kind = token.kind
            if kind is _PUNCT:
                power = _BINARY_PUNCT.get(token.text)
            elif kind is _NAME:
                power = _BINARY_WORDS.get(token.text)
            else:
                power = None
            if power is None or power < min_power:
                return left
            if power == _CMP:
                if compared:
                    raise self.unexpected(token)
                compared = True
                left = self.comparison(left, token)
                continue
            self.advance()
            op = token.text
            if power <= _AND:
                left = Logical(token.start, op, left, self.binary(power + 1))
                compared = False
            else:
                left = Arithmetic(token.start, op, left, self.binary(power + 1))

    def comparison(self, left: Node, token: Token) -> Node:
        self.advance()
        word = token.text
        if token.kind is _PUNCT:
            return Comparison(token.start, word, left, self.binary(_ADD))
        if word == "between":
            low = self.binary(_ADD)
            self.expect_word("and")
            return Between(token.start, left, low, self.binary(_ADD))
        if word == "in":
            return In(token.start, left, self.in_tests())
        self.expect_word("of")
        return InstanceOf(token.start, left, self.type_ref())

    def unary(self) -> Node:
        token = self.peek()
        if token.kind is _PUNCT and token.text == "-":
            self.advance()
            return Negation(token.start, self.unary())
        return self.postfix(self.primary())

    def postfix(self, node: Node) -> Node:
        while True:
            token = self.peek()
            if token.kind is not _PUNCT:
                return node
            symbol = token.text
            if symbol == ".":
                self.advance()
                node = Path(token.start, node, self.property_name())
                if self.at_punct("("):
                    args, named = self.arguments()
                    node = Invoke(token.start, node, args, named)
            elif symbol == "[":
                if self.range_end_depth:
                    # `[1..10[`: a `[` after a range's upper bound may close the range instead
                    saved = self.index
                    try:
                        node = self.filter(node, token)
                    except FeelSyntaxError:
                        self.index = saved
                        return node
                else:
                    node = self.filter(node, token)
            else:
                return node

    def filter(self, node: Node, token: Token) -> Node:
        self.advance()
        condition = self.expression()
        self.expect_punct("]")
        return Filter(token.start, node, condition)

    def property_name(self) -> str:
        token = self.peek()
        if token.kind is _BACKTICK:
            self.advance()
            return token.text
        if token.kind is not _NAME:
            raise self.error(f"Expected a name but found {token.describe()}", token)
        if token.text in _KEYWORDS:
            raise self.error(f"Expected a name but found keyword '{token.text}'", token)
        self.advance()
        following = self.peek()
        if following.kind is _NAME and (token.text, following.text) in _MULTI_WORD_PROPERTIES:
            self.advance()
            return f"{token.text} {following.text}"
        return token.text

    def primary(self) -> Node:
        token = self.peek()
        kind = token.kind
        start = token.start
        if kind is _NAME:
            return self.word(token)
        if kind is _NUMBER:
            self.advance()
            return Literal(start, Decimal(token.text))
        if kind is _STRING:
            self.advance()
            return Literal(start, token.text)
        if kind is _PUNCT:
            symbol = token.text
            if symbol == "(":
                return self.parenthesised()
            if symbol == "[":
                return self.bracketed()
            if symbol == "]":
                self.advance()
                return self.range_rest(start, False, self.expression())
            if symbol == "{":
                return self.context()
            if symbol == "?":
                self.advance()
                return InputValue(start)
            raise self.unexpected(token)
        if kind is _BACKTICK:
            self.advance()
            if self.at_punct("("):
                args, named = self.arguments()
                return FunctionCall(start, token.text, args, named)
            return Name(start, token.text)
        if kind is TokenKind.TEMPORAL:
            self.advance()
            return TemporalLiteral(start, token.text)
        raise self.unexpected(token)

    def word(self, token: Token) -> Node:
        text = token.text
        start = token.start
        if text in _RESERVED:
            if text == "null":
                self.advance()
                return Literal(start, None)
            if text in {"true", "false"}:
                self.advance()
                return Literal(start, text == "true")
            if text == "function":
                return self.function_definition()
            if text == "if":
                return self.if_expression()
            raise self.unexpected(token)
        if text in ("for", "some", "every") and self.starts_iteration():
            return self.iteration()
        function_name = self.multi_word_function_name() if self.peek(1).kind is _NAME else None
        if function_name is not None:
            args, named = self.arguments()
            return FunctionCall(start, function_name, args, named)
        self.advance()
        if self.at_punct("("):
            args, named = self.arguments()
            return FunctionCall(start, text, args, named)
        return Name(start, text)

    def multi_word_function_name(self) -> str | None:
        """If the current word starts ``w1 w2 ... (``, consume the words and return the joined name."""
        words: list[str] = []
        ahead = 0
        while True:
            token = self.peek(ahead)
            if token.kind is not _NAME:
                break
            words.append(token.text)
            ahead += 1
        if len(words) < 2 or not self.at_punct("(", ahead):
            return None
        name = " ".join(words)
        if name not in _builtin_names() and any(word in _CHAIN_BREAKERS for word in words):
            return None
        self.index += ahead
        return name

    def arguments(self) -> tuple[tuple[Node, ...], tuple[tuple[str, Node], ...] | None]:
        self.expect_punct("(")
        if self.at_punct(")"):
            self.advance()
            return (), None
        if self.at_named_argument():
            named: list[tuple[str, Node]] = []
            while True:
                name = self.entry_name()
                self.expect_punct(":")
                named.append((name, self.expression()))
                if not self.at_punct(","):
                    break
                self.advance()
            self.expect_punct(")")
            return (), tuple(named)
        args: list[Node] = []
        while True:
            args.append(self.expression())
            if not self.at_punct(","):
                break
            self.advance()
        self.expect_punct(")")
        return tuple(args), None

    def at_named_argument(self) -> bool:
        token = self.peek()
        if token.kind is _BACKTICK:
            return self.at_punct(":", 1)
        ahead = 0
        while self.peek(ahead).kind is _NAME:
            ahead += 1
        return ahead > 0 and self.at_punct(":", ahead)

    def entry_name(self) -> str:
        """A context key, parameter or named-argument name: a string, a backtick name or words."""
        token = self.peek()
        if token.kind is _STRING or token.kind is _BACKTICK:
            self.advance()
            return token.text
        if token.kind is not _NAME:
            raise self.error(f"Expected a name but found {token.describe()}", token)
        last = token
        while self.peek().kind is _NAME:
            word = self.peek()
            if word.text in _KEYWORDS:
                raise self.error(f"Expected a name but found keyword '{word.text}'", word)
            last = self.advance()
        # the words as written: `function(test   name) ...` is called as `f(test   name: 1)`
        return self.text[token.start : last.end]

    def parenthesised(self) -> Node:
        start = self.advance().start
        inner = self.expression()
        if self.at_punct(".."):
            return self.range_rest(start, False, inner)
        self.expect_punct(")")
        return inner

    def bracketed(self) -> Node:
        start = self.advance().start
        if self.at_punct("]"):
            self.advance()
            return ListLiteral(start, ())
        first = self.expression()
        if self.at_punct(".."):
            return self.range_rest(start, True, first)
        items = [first]
        while self.at_punct(","):
            self.advance()
            items.append(self.expression())
        self.expect_punct("]")
        return ListLiteral(start, tuple(items))

    def range_rest(self, start: int, start_included: bool, low: Node) -> Node:
        self.expect_punct("..")
        self.range_end_depth += 1
        try:
            high = self.expression()
        finally:
            self.range_end_depth -= 1
        token = self.peek()
        if token.kind is _PUNCT and token.text in ("]", ")", "["):
            self.advance()
            return RangeLiteral(start, low, high, start_included, token.text == "]")
        raise self.error(f"Expected ']', ')' or '[' but found {token.describe()}", token)

    def context(self) -> Node:
        start = self.advance().start
        entries: list[tuple[str, Node]] = []
        if self.at_punct("}"):
            self.advance()
            return ContextLiteral(start, ())
        while True:
            key = self.context_key()
            self.expect_punct(":")
            entries.append((key, self.expression()))
            if not self.at_punct(","):
                break
            self.advance()
        self.expect_punct("}")
        return ContextLiteral(start, tuple(entries))

    def context_key(self) -> str:
        """A context key: a string, a backtick name, or the raw text of names and name symbols up to ``:``
        (``{foo bar: 1}``, ``{foo+bar: 1}``, ``{how_are_you?: 1}``)."""
        first = self.peek()
        if first.kind is _STRING or first.kind is _BACKTICK:
            self.advance()
            return first.text
        if first.kind is not _NAME and first.kind is not _OTHER:
            raise self.error(f"Expected a name but found {first.describe()}", first)
        last = self.advance()
        while True:
            token = self.peek()
            kind = token.kind
            if (
                kind is _NAME
                or kind is _NUMBER
                or kind is _OTHER
                or (kind is _PUNCT and token.text in _KEY_SYMBOLS)
            ):
                last = self.advance()
            else:
                break
        if first is last and first.text in _KEYWORDS:
            raise self.error(f"Expected a name but found keyword '{first.text}'", first)
        return self.text[first.start : last.end]

    def function_definition(self) -> Node:
        start = self.advance().start
        self.expect_punct("(")
        params: list[str] = []
        if not self.at_punct(")"):
            while True:
                params.append(self.entry_name())
                if self.at_punct(":"):
                    self.advance()
                    self.type_ref()
                if not self.at_punct(","):
                    break
                self.advance()
        self.expect_punct(")")
        return FunctionDefinition(start, tuple(params), self.expression())

    def if_expression(self) -> Node:
        # else-if chains are parsed in a loop, so hundreds of branches need no deep recursion
        branches: list[tuple[int, Node, Node]] = []
        while True:
            start = self.advance().start
            condition = self.expression()
            self.expect_word("then")
            then = self.expression()
            self.expect_word("else")
            branches.append((start, condition, then))
            if not self.at_word("if"):
                break
        node = self.expression()
        for start, condition, then in reversed(branches):
            node = If(start, condition, then, node)
        return node

    def iteration(self) -> Node:
        keyword = self.advance()
        iterators: list[Iterator] = []
        while True:
            name_token = self.advance()
            self.expect_word("in")
            domain = self.expression()
            if self.at_punct(".."):
                self.advance()
                domain = IterationRange(domain.pos, domain, self.expression())
            iterators.append(Iterator(name_token.start, name_token.text, domain))
            if not self.at_punct(","):
                break
            self.advance()
            following = self.peek()
            if following.kind not in (_NAME, _BACKTICK) or following.text in _RESERVED:
                raise self.error(f"Expected a name but found {following.describe()}", following)
        if keyword.text == "for":
            self.expect_word("return")
            return For(keyword.start, tuple(iterators), self.expression())
        self.expect_word("satisfies")
        return Quantified(keyword.start, keyword.text, tuple(iterators), self.expression())

    # ----- types -----------------------------------------------------------------------------------------

    def type_ref(self) -> TypeRef:
        token = self.peek()
        if token.kind is _BACKTICK:
            self.advance()
            return TypeRef(token.start, token.text)
        if token.kind is not _NAME:
            raise self.error(f"Expected a type name but found {token.describe()}", token)
        name = self.type_name()
        if not self.at_punct("<"):
            return TypeRef(token.start, name)
        self.advance()
        arguments: list[TypeRef] = []
        fields: list[tuple[str, TypeRef]] = []
        if not self.at_punct(">"):
            while True:
                if name == "context":
                    key = self.entry_name()
                    self.expect_punct(":")
                    fields.append((key, self.type_ref()))
                else:
                    arguments.append(self.type_ref())
                if not self.at_punct(","):
                    break
                self.advance()
        self.expect_punct(">")
        result = None
        if name == "function":
            self.expect_punct("->")
            result = self.type_ref()
        return TypeRef(token.start, name, tuple(arguments), tuple(fields), result)

    def type_name(self) -> str:
        for words in _MULTI_WORD_TYPES:
            if all(self.at_word(word, offset) for offset, word in enumerate(words)):
                self.index += len(words)
                return " ".join(words)
        first = self.advance()
        parts = [first.text]
        previous = first
        # hyphenated spellings (year-month-duration) and qualified names (a.b.C)
        while True:
            joint = self.peek()
            following = self.peek(1)
            if (
                joint.kind is _PUNCT
                and joint.text in ("-", ".")
                and joint.start == previous.end
                and following.kind is _NAME
                and following.start == joint.end
            ):
                parts.append(joint.text)
                parts.append(following.text)
                self.index += 2
                previous = following
            else:
                return "".join(parts)

    # ----- unary tests -----------------------------------------------------------------------------------

    def in_tests(self) -> PositiveUnaryTests:
        token = self.peek()
        if token.kind is _PUNCT and token.text == "(":
            saved = self.index
            self.advance()
            first = self.expression()
            if not self.at_punct(".."):
                tests = [first]
                while self.at_punct(","):
                    self.advance()
                    tests.append(self.expression())
                self.expect_punct(")")
                return PositiveUnaryTests(token.start, tuple(tests))
            self.index = saved
        bare_test = self.binary(_CMP if token.kind is _PUNCT and token.text in _COMPARISON_OPS else _ADD)
        return PositiveUnaryTests(token.start, (bare_test,))

    def unary_tests(self) -> UnaryTests:
        first = self.peek()
        if first.kind is _EOF:
            return UnaryTests(0, PositiveUnaryTests(0, (AnyInput(0),)))
        if first.kind is _PUNCT and first.text == "-" and self.peek(1).kind is _EOF:
            return UnaryTests(first.start, PositiveUnaryTests(first.start, (AnyInput(first.start),)))
        if first.kind is _NAME and first.text == "not" and self.at_punct("(", 1):
            saved = self.index
            self.index += 2
            try:
                negated = self.positive_unary_tests()
            except FeelSyntaxError:
                negated = None  # not a negation after all, e.g. `not(negand: x)`
            if negated is not None and self.at_punct(")") and self.peek(1).kind is _EOF:
                self.advance()
                return UnaryTests(first.start, negated, negated=True)
            self.index = saved
        tests = self.positive_unary_tests()
        self.expect_end()
        return UnaryTests(first.start, tests)

    def positive_unary_tests(self) -> PositiveUnaryTests:
        start = self.peek().start
        tests = [self.expression()]
        while self.at_punct(","):
            self.advance()
            tests.append(self.expression())
        return PositiveUnaryTests(start, tuple(tests))


def _deepest_position(parser: _Parser) -> int:
    return parser.peek().start


def parse_expression(text: str) -> Node:
    """Parse a FEEL expression; raises :class:`FeelSyntaxError` (and nothing else) on invalid text."""
    parser = _Parser(text)
    try:
        node = parser.expression()
        parser.expect_end()
    except RecursionError:
        raise FeelSyntaxError("Expression is nested too deeply", text, _deepest_position(parser)) from None
    return node


def parse_unary_tests(text: str) -> UnaryTests:
    """Parse FEEL unary tests (a DMN input entry); raises :class:`FeelSyntaxError` on invalid text."""
    parser = _Parser(text)
    try:
        return parser.unary_tests()
    except RecursionError:
        raise FeelSyntaxError("Expression is nested too deeply", text, _deepest_position(parser)) from None
