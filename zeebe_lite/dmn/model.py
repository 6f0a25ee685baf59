"""The parsed DMN model: immutable dataclasses holding compiled FEEL.

Decision logic is a decision table or a literal expression (what Camunda 8's modeler offers), or one of the
boxed expressions dmn-scala also evaluates: context, list, relation, invocation of a business knowledge model,
function definition.

Every FEEL text of a model is compiled once, when the model is parsed. A cell whose text could not be compiled
keeps the failure instead (only in lenient parsing, see :func:`zeebe_lite.dmn.parse_dmn`); evaluating it fails the
decision with that message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from zeebe_lite.dmn.errors import DecisionNotFoundError, DmnProblem
from zeebe_lite.dmn.feel_bridge import CompiledExpressionLike, CompiledUnaryTestsLike
from zeebe_lite.dmn.matching import MatchPlan

__all__ = [
    "Aggregation",
    "BoxedContext",
    "BoxedList",
    "BoxedRelation",
    "BusinessKnowledgeModel",
    "ContextEntry",
    "Decision",
    "DecisionLogic",
    "DecisionTable",
    "DecisionType",
    "DmnDefinitions",
    "ExpressionCell",
    "FunctionDefinition",
    "HitPolicy",
    "InputClause",
    "InputData",
    "Invocation",
    "LiteralExpression",
    "OutputClause",
    "Rule",
    "UnaryTestsCell",
    "UnsupportedLogic",
]


class HitPolicy(StrEnum):
    """The hit policy of a decision table (spelled as in the DMN XML)."""

    UNIQUE = "UNIQUE"
    FIRST = "FIRST"
    PRIORITY = "PRIORITY"
    ANY = "ANY"
    COLLECT = "COLLECT"
    RULE_ORDER = "RULE ORDER"
    OUTPUT_ORDER = "OUTPUT ORDER"


class Aggregation(StrEnum):
    """The aggregation of a COLLECT decision table."""

    SUM = "SUM"
    COUNT = "COUNT"
    MIN = "MIN"
    MAX = "MAX"


class DecisionType(StrEnum):
    """The kind of decision logic, as Zeebe reports it in ``EvaluatedDecision.decisionType``."""

    DECISION_TABLE = "DECISION_TABLE"
    LITERAL_EXPRESSION = "LITERAL_EXPRESSION"
    CONTEXT = "CONTEXT"
    INVOCATION = "INVOCATION"
    LIST = "LIST"
    RELATION = "RELATION"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True, slots=True)
class ExpressionCell:
    """A FEEL expression of the model: its text, where it sits, and the compiled form (or why there is none)."""

    element_id: str | None
    text: str
    compiled: CompiledExpressionLike | None
    failure: str | None = None


@dataclass(frozen=True, slots=True)
class UnaryTestsCell:
    """A decision-table input entry. ``matches_all`` for ``-`` and empty text (no FEEL involved)."""

    element_id: str | None
    text: str
    compiled: CompiledUnaryTestsLike | None
    failure: str | None = None
    matches_all: bool = False


@dataclass(frozen=True, slots=True)
class InputClause:
    """A decision-table input column."""

    id: str | None
    label: str | None
    expression: ExpressionCell
    type_ref: str | None = None
    input_values: UnaryTestsCell | None = None


@dataclass(frozen=True, slots=True)
class OutputClause:
    """A decision-table output column. ``output_values`` are the allowed values in priority order."""

    id: str | None
    name: str | None
    label: str | None
    type_ref: str | None = None
    output_values: tuple[str, ...] = ()
    output_values_text: str | None = None
    default: ExpressionCell | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """A decision-table rule; ``index`` counts from 1 as in Zeebe's ``matchedRules.ruleIndex``."""

    id: str | None
    index: int
    input_entries: tuple[UnaryTestsCell, ...]
    output_entries: tuple[ExpressionCell, ...]


@dataclass(frozen=True, slots=True)
class DecisionTable:
    """Decision logic: a decision table."""

    id: str | None
    hit_policy: HitPolicy
    aggregation: Aggregation | None
    inputs: tuple[InputClause, ...]
    outputs: tuple[OutputClause, ...]
    rules: tuple[Rule, ...]
    failure: str | None = None
    match_plan: MatchPlan = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "match_plan", MatchPlan.build(self.rules, len(self.inputs)))

    @property
    def decision_type(self) -> DecisionType:
        """Always :attr:`DecisionType.DECISION_TABLE`."""
        return DecisionType.DECISION_TABLE


@dataclass(frozen=True, slots=True)
class LiteralExpression:
    """Decision logic: a single FEEL expression."""

    id: str | None
    expression: ExpressionCell
    type_ref: str | None = None

    @property
    def decision_type(self) -> DecisionType:
        """Always :attr:`DecisionType.LITERAL_EXPRESSION`."""
        return DecisionType.LITERAL_EXPRESSION


@dataclass(frozen=True, slots=True)
class UnsupportedLogic:
    """Decision logic this engine does not evaluate (boxed context, invocation, ...), or none at all."""

    id: str | None
    element: str
    failure: str
    kind: DecisionType = DecisionType.UNKNOWN

    @property
    def decision_type(self) -> DecisionType:
        """The kind of the unsupported logic."""
        return self.kind


@dataclass(frozen=True, slots=True)
class ContextEntry:
    """An entry of a boxed context; ``name`` is None for the final (result) entry."""

    name: str | None
    expression: DecisionLogic


@dataclass(frozen=True, slots=True)
class BoxedContext:
    """A boxed context: entries evaluated in order, each seeing the ones before; the result entry (if any) or
    the context of all entries is the value."""

    id: str | None
    entries: tuple[ContextEntry, ...]
    result: DecisionLogic | None = None

    @property
    def decision_type(self) -> DecisionType:
        """Always :attr:`DecisionType.CONTEXT`."""
        return DecisionType.CONTEXT


@dataclass(frozen=True, slots=True)
class BoxedList:
    """A boxed list: the list of its items' values."""

    id: str | None
    items: tuple[DecisionLogic, ...]

    @property
    def decision_type(self) -> DecisionType:
        """Always :attr:`DecisionType.LIST`."""
        return DecisionType.LIST


@dataclass(frozen=True, slots=True)
class BoxedRelation:
    """A boxed relation: a list of contexts, one per row, keyed by column name."""

    id: str | None
    columns: tuple[str, ...]
    rows: tuple[tuple[DecisionLogic, ...], ...]

    @property
    def decision_type(self) -> DecisionType:
        """Always :attr:`DecisionType.RELATION`."""
        return DecisionType.RELATION


@dataclass(frozen=True, slots=True)
class Invocation:
    """A boxed invocation of a business knowledge model (by name) with named parameter bindings (a binding
    without an expression binds null)."""

    id: str | None
    bkm_name: str
    bindings: tuple[tuple[str, DecisionLogic | None], ...]

    @property
    def decision_type(self) -> DecisionType:
        """Always :attr:`DecisionType.INVOCATION`."""
        return DecisionType.INVOCATION


@dataclass(frozen=True, slots=True)
class FunctionDefinition:
    """A boxed FEEL function definition: parameters (name, typeRef) and a body."""

    id: str | None
    parameters: tuple[tuple[str, str | None], ...]
    body: DecisionLogic

    @property
    def decision_type(self) -> DecisionType:
        """Always :attr:`DecisionType.UNKNOWN` (Zeebe has no type for it)."""
        return DecisionType.UNKNOWN


DecisionLogic = (
    DecisionTable
    | LiteralExpression
    | BoxedContext
    | BoxedList
    | BoxedRelation
    | Invocation
    | FunctionDefinition
    | UnsupportedLogic
)


@dataclass(frozen=True, slots=True)
class BusinessKnowledgeModel:
    """A business knowledge model: a function (parameters + logic) offered to decisions under its name."""

    id: str
    name: str
    parameters: tuple[tuple[str, str | None], ...]
    logic: DecisionLogic | None
    required_knowledge_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision: its logic, its result variable and the decisions it requires (by id, in model order)."""

    id: str
    name: str | None
    logic: DecisionLogic
    variable_name: str
    type_ref: str | None = None
    required_decision_ids: tuple[str, ...] = ()
    required_knowledge_ids: tuple[str, ...] = ()

    @property
    def decision_type(self) -> DecisionType:
        """The kind of decision logic."""
        return self.logic.decision_type


@dataclass(frozen=True, slots=True)
class InputData:
    """An input data element of the DRG."""

    id: str
    name: str | None
    variable_name: str
    type_ref: str | None = None


def _frozen_mapping(value: Mapping[str, Decision] | None = None) -> Mapping[str, Decision]:
    return MappingProxyType(dict(value or {}))


def _frozen_knowledge(
    value: Mapping[str, BusinessKnowledgeModel] | None = None,
) -> Mapping[str, BusinessKnowledgeModel]:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True, slots=True)
class DmnDefinitions:
    """A parsed DMN resource: its decisions by id (in model order), input data and DRG.

    ``problems`` lists defects that lenient parsing accepted; evaluating an affected decision fails.
    """

    id: str | None
    name: str | None
    namespace: str | None
    dmn_version: str
    resource_name: str
    decisions: Mapping[str, Decision] = field(default_factory=_frozen_mapping)
    input_data: tuple[InputData, ...] = ()
    problems: tuple[DmnProblem, ...] = ()
    knowledge_models: Mapping[str, BusinessKnowledgeModel] = field(default_factory=_frozen_knowledge)

    def decision(self, decision_id: str) -> Decision:
        """The decision with this id; :class:`DecisionNotFoundError` when there is none."""
        try:
            return self.decisions[decision_id]
        except KeyError:
            raise DecisionNotFoundError(
                f"no decision found with id '{decision_id}' in '{self.resource_name}'", decision_id
            ) from None

    def decision_by_name(self, name: str) -> Decision:
        """The first decision with this name; :class:`DecisionNotFoundError` when there is none."""
        for decision in self.decisions.values():
            if decision.name == name:
                return decision
        raise DecisionNotFoundError(f"no decision found with name '{name}' in '{self.resource_name}'", name)

    def required_decisions(self, decision_id: str) -> tuple[Decision, ...]:
        """The decision and everything it requires, in evaluation order (required ones first, it last)."""
        from zeebe_lite.dmn.drg import evaluation_order

        return evaluation_order(self.decisions, decision_id)
