"""Parser: precedence, FEEL-specific constructs, unary tests, and syntax errors with positions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zeebe_lite.feel.errors import FeelSyntaxError
from zeebe_lite.feel.parser import parse_expression, parse_unary_tests
from zeebe_lite.feel.syntax import (
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
    InstanceOf,
    Invoke,
    IterationRange,
    ListLiteral,
    Literal,
    Logical,
    Name,
    Negation,
    Node,
    Path,
    Quantified,
    RangeLiteral,
    TemporalLiteral,
)


def shape(node: Node) -> object:
    """A compact, position-free rendering of a tree for assertions."""
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Arithmetic | Comparison | Logical):
        return (node.op, shape(node.left), shape(node.right))
    if isinstance(node, Negation):
        return ("neg", shape(node.operand))
    if isinstance(node, Path):
        return (".", shape(node.target), node.name)
    if isinstance(node, Filter):
        return ("[]", shape(node.target), shape(node.condition))
    if isinstance(node, FunctionCall):
        if node.named is not None:
            return ("call", node.name, tuple((k, shape(v)) for k, v in node.named))
        return ("call", node.name, tuple(shape(a) for a in node.args))
    if isinstance(node, ListLiteral):
        return [shape(item) for item in node.items]
    if isinstance(node, RangeLiteral):
        return ("range", node.start_included, shape(node.start), shape(node.end), node.end_included)
    return type(node).__name__


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", ("+", Decimal(1), ("*", Decimal(2), Decimal(3)))),
        ("3 * 4**2", ("*", Decimal(3), ("**", Decimal(4), Decimal(2)))),
        ("2 ** 3 ** 2", ("**", ("**", Decimal(2), Decimal(3)), Decimal(2))),
        ("-2 ** 2", ("**", ("neg", Decimal(2)), Decimal(2))),
        ("2 * -3", ("*", Decimal(2), ("neg", Decimal(3)))),
        ("1 - 2 - 3", ("-", ("-", Decimal(1), Decimal(2)), Decimal(3))),
        ("a or b and c", ("or", "a", ("and", "b", "c"))),
        ("a = 1 or b < 2", ("or", ("=", "a", Decimal(1)), ("<", "b", Decimal(2)))),
        ("a + 1 > b * 2", (">", ("+", "a", Decimal(1)), ("*", "b", Decimal(2)))),
        ("x != null", ("!=", "x", None)),
        ("a.b.c", (".", (".", "a", "b"), "c")),
        ("xs[1].y", (".", ("[]", "xs", Decimal(1)), "y")),
        ("xs[item > 2]", ("[]", "xs", (">", "item", Decimal(2)))),
        ("-x.y", ("neg", (".", "x", "y"))),
    ],
)
def test_precedence(text: str, expected: object) -> None:
    assert shape(parse_expression(text)) == expected


def test_comparisons_do_not_chain() -> None:
    with pytest.raises(FeelSyntaxError) as caught:
        parse_expression("a = b = c")
    assert caught.value.position == 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[1..10]", ("range", True, Decimal(1), Decimal(10), True)),
        ("[1..10)", ("range", True, Decimal(1), Decimal(10), False)),
        ("(1..10]", ("range", False, Decimal(1), Decimal(10), True)),
        ("]1..10[", ("range", False, Decimal(1), Decimal(10), False)),
        ("[1..10[", ("range", True, Decimal(1), Decimal(10), False)),
        ("[a..b[1]]", ("range", True, "a", ("[]", "b", Decimal(1)), True)),
        ("[]", []),
        ("[1, 2]", [Decimal(1), Decimal(2)]),
        ("(1)", Decimal(1)),
    ],
)
def test_ranges_lists_and_parentheses(text: str, expected: object) -> None:
    assert shape(parse_expression(text)) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('string join(["a"])', "string join"),
        ('date and time("2020-01-01T10:00:00")', "date and time"),
        ("get or else(x, 1)", "get or else"),
        ("years and months duration(a, b)", "years and months duration"),
        ("round down (1.5, 0)", "round down"),
        ("day of week(d)", "day of week"),
        ("calculate total price(1)", "calculate total price"),
    ],
)
def test_function_names_with_spaces(text: str, name: str) -> None:
    node = parse_expression(text)
    assert isinstance(node, FunctionCall)
    assert node.name == name


def test_operator_words_end_a_name_chain() -> None:
    assert shape(parse_expression("a or b(1)")) == ("or", "a", ("call", "b", (Decimal(1),)))
    assert shape(parse_expression("flag and not(x)")) == ("and", "flag", ("call", "not", ("x",)))


def test_named_arguments_with_spaces() -> None:
    node = parse_expression('substring(string: "foobar", start position: 3)')
    assert shape(node) == ("call", "substring", (("string", "foobar"), ("start position", Decimal(3))))


def test_method_style_call_on_a_path() -> None:
    node = parse_expression("ctx.f(1)")
    assert isinstance(node, Invoke)
    assert shape(node.target) == (".", "ctx", "f")


def test_multi_word_properties() -> None:
    assert shape(parse_expression("t.time offset")) == (".", "t", "time offset")
    assert shape(parse_expression("r.start included")) == (".", "r", "start included")
    assert shape(parse_expression("x.if")) == (".", "x", "if")


def test_context_literal_keys() -> None:
    node = parse_expression(
        '{a: 1, "b c": 2, d e: 3, `f`: 4, if: 5, "null": 6, foo+bar: 7, ok?: 8, x   y: 9}'
    )
    assert isinstance(node, ContextLiteral)
    assert [key for key, _ in node.entries] == [
        "a",
        "b c",
        "d e",
        "f",
        "if",
        "null",
        "foo+bar",
        "ok?",
        "x   y",
    ]


@pytest.mark.parametrize(
    "text",
    ["{ null: 1 }.null", "{ true: 1}", "{a: 1}.false", "function", "in", "return", "then", "and", "or"],
)
def test_reserved_words_are_not_names(text: str) -> None:
    with pytest.raises(FeelSyntaxError):
        parse_expression(text)


@pytest.mark.parametrize(
    "name", ["orY", "andX", "nullOrString", "inside", "betweenXandY", "notThis", "dateX"]
)
def test_names_may_start_with_a_keyword(name: str) -> None:
    assert shape(parse_expression(f"{name} = true")) == ("=", name, True)


def test_control_structures() -> None:
    assert isinstance(parse_expression("if a then b else c"), If)
    loop = parse_expression("for x in 1..3, y in xs return x")
    assert isinstance(loop, For)
    assert isinstance(loop.iterators[0].domain, IterationRange)
    assert [iterator.name for iterator in loop.iterators] == ["x", "y"]
    quantified = parse_expression("every x in xs satisfies x > 1")
    assert isinstance(quantified, Quantified)
    assert quantified.quantifier == "every"
    definition = parse_expression("function(a, b) a + b")
    assert isinstance(definition, FunctionDefinition)
    assert definition.params == ("a", "b")


def test_soft_keywords_are_names_otherwise() -> None:
    assert shape(parse_expression("some + every")) == ("+", "some", "every")
    assert shape(parse_expression("for")) == "for"


def test_between_in_and_instance_of() -> None:
    between = parse_expression("x between 1 and 5 and y")
    assert isinstance(between, Logical)
    assert isinstance(between.left, Between)
    membership = parse_expression("x in (1, 2, 3)")
    assert isinstance(membership, In)
    assert len(membership.tests.tests) == 3
    interval = parse_expression("x in (1..3)")
    assert isinstance(interval, In)
    assert isinstance(interval.tests.tests[0], RangeLiteral)
    comparison = parse_expression("x in < 5")
    assert isinstance(comparison, In)
    assert isinstance(comparison.tests.tests[0], InputComparison)
    typed = parse_expression("x instance of list<context<a: number, b c: string>>")
    assert isinstance(typed, InstanceOf)
    assert typed.type.name == "list"
    inner = typed.type.arguments[0]
    assert inner.name == "context"
    assert [key for key, _ in inner.fields] == ["a", "b c"]


@pytest.mark.parametrize(
    "type_text",
    [
        "number",
        "date and time",
        "days and time duration",
        "years and months duration",
        "year-month-duration",
        "function<number, string>->boolean",
        "range<date>",
        "Any",
        "Null",
    ],
)
def test_type_names(type_text: str) -> None:
    node = parse_expression(f"x instance of {type_text}")
    assert isinstance(node, InstanceOf)


def test_temporal_literal() -> None:
    node = parse_expression('@"2020-01-01"')
    assert isinstance(node, TemporalLiteral)
    assert node.text == "2020-01-01"


@pytest.mark.parametrize(
    ("text", "negated", "kinds"),
    [
        ("-", False, ["AnyInput"]),
        ("", False, ["AnyInput"]),
        ("< 10", False, ["InputComparison"]),
        ('"a", "b"', False, ["Literal", "Literal"]),
        ("not(1, 2)", True, ["Literal", "Literal"]),
        ("[1..5], > 10", False, ["RangeLiteral", "InputComparison"]),
        ("? > 5", False, ["Comparison"]),
        ("< 5 and > 2", False, ["Logical"]),
        ("not(x) = false", False, ["Comparison"]),
        ("-5", False, ["Negation"]),
    ],
)
def test_unary_tests(text: str, negated: bool, kinds: list[str]) -> None:
    tests = parse_unary_tests(text)
    assert tests.negated is negated
    assert [type(test).__name__ for test in tests.tests.tests] == kinds


def test_dash_only_alone_means_any() -> None:
    assert isinstance(parse_unary_tests(" - ").tests.tests[0], AnyInput)


@pytest.mark.parametrize(
    ("text", "position", "reason"),
    [
        ("1 +", 3, "Unexpected end of expression"),
        ("(1", 2, "Expected ')' but found end of input"),
        ("[1, 2", 5, "Expected ']' but found end of input"),
        ("if x then 1", 11, "Expected 'else' but found end of input"),
        ("1 2", 2, "Unexpected '2'"),
        ("{a = 1}", 3, "Expected ':' but found '='"),
        ("x instance of", 13, "Expected a type name but found end of input"),
        ("[1..2", 5, "Expected ']', ')' or '[' but found end of input"),
        ("a.", 2, "Expected a name but found end of input"),
        ("x then", 2, "Unexpected 'then'"),
        ("f(a: 1, 2)", 8, "Expected a name but found '2'"),
        ("a # b", 2, "Unexpected character '#'"),
        ("{foo,bar: 1}", 4, "Expected ':' but found ','"),
    ],
)
def test_syntax_errors_report_position(text: str, position: int, reason: str) -> None:
    with pytest.raises(FeelSyntaxError) as caught:
        parse_expression(text)
    assert caught.value.position == position
    assert caught.value.reason == reason


def test_error_excerpt_and_line_column() -> None:
    with pytest.raises(FeelSyntaxError) as caught:
        parse_expression("a +\n  * b")
    error = caught.value
    assert (error.line, error.column) == (2, 3)
    assert error.excerpt == "    * b\n    ^"
    assert "at position 7" in str(error)


def test_unary_test_syntax_error() -> None:
    with pytest.raises(FeelSyntaxError) as caught:
        parse_unary_tests("> 5,")
    assert caught.value.position == 4


def test_deep_nesting_is_a_syntax_error_not_a_crash() -> None:
    with pytest.raises(FeelSyntaxError) as caught:
        parse_expression("(" * 5000 + "1" + ")" * 5000)
    assert "nested too deeply" in caught.value.reason
