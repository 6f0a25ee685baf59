"""Evaluating any decision logic: decision tables, literal expressions and the boxed expressions dmn-scala
supports (context, list, relation, invocation, function definition), plus business knowledge models.

* A boxed context evaluates its entries in order, each seeing the entries before it; its value is the result
  entry's value, or the context of all entries.
* A list gives its items' values; a relation a list of contexts (one per row, keyed by column name).
* A function definition gives a FEEL function that evaluates its body with the parameters bound (arguments are
  type-checked against the parameters' ``typeRef`` as results are, see :mod:`zeebe_lite.dmn.typecheck`).
* A business knowledge model is offered to the decisions (and models) requiring it as a FEEL function under its
  name; an invocation evaluates its bindings and then the model's logic with them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from zeebe_lite.dmn.cells import evaluate_cell
from zeebe_lite.dmn.errors import DecisionEvaluationFailure
from zeebe_lite.dmn.model import (
    BoxedContext,
    BoxedList,
    BoxedRelation,
    BusinessKnowledgeModel,
    DecisionLogic,
    DecisionTable,
    DmnDefinitions,
    FunctionDefinition,
    Invocation,
    LiteralExpression,
)
from zeebe_lite.dmn.tables import TableAudit, evaluate_table
from zeebe_lite.dmn.typecheck import check_result_type
from zeebe_lite.feel.errors import FeelEvaluationError
from zeebe_lite.feel.values import FeelFunction

__all__ = ["LogicEvaluator"]

Parameters = tuple[tuple[str, str | None], ...]


@dataclass(frozen=True, slots=True)
class LogicEvaluator:
    """Evaluates decision logic of one model (whose business knowledge models it can call)."""

    definitions: DmnDefinitions
    enforce_input_values: bool = False

    def evaluate(
        self, logic: DecisionLogic | None, context: Mapping[str, Any], audit: TableAudit | None = None
    ) -> Any:
        """The value of ``logic`` under ``context``; ``audit`` records a top-level decision table."""
        if logic is None:
            return None
        if isinstance(logic, DecisionTable):
            return evaluate_table(
                logic, context, audit or TableAudit(), enforce_input_values=self.enforce_input_values
            )
        if isinstance(logic, LiteralExpression):
            return evaluate_cell(logic.expression, context)
        if isinstance(logic, BoxedContext):
            return self._context(logic, context)
        if isinstance(logic, BoxedList):
            return [self.evaluate(item, context) for item in logic.items]
        if isinstance(logic, BoxedRelation):
            return [
                {
                    column: self.evaluate(cell, context)
                    for column, cell in zip(logic.columns, row, strict=False)
                }
                for row in logic.rows
            ]
        if isinstance(logic, Invocation):
            return self._invocation(logic, context)
        if isinstance(logic, FunctionDefinition):
            return self._function(logic.parameters, logic.body, context, "anonymous function")
        raise DecisionEvaluationFailure(logic.failure)

    def knowledge_functions(
        self, bkm_ids: Sequence[str], context: Mapping[str, Any]
    ) -> dict[str, FeelFunction]:
        """The required business knowledge models as FEEL functions by name, closed over ``context``."""
        functions: dict[str, FeelFunction] = {}
        for bkm_id in bkm_ids:
            bkm = self._knowledge(bkm_id)
            closure = {**context, **self.knowledge_functions(bkm.required_knowledge_ids, context)}
            functions[bkm.name] = self._function(bkm.parameters, bkm.logic, closure, bkm.name)
        return functions

    def _context(self, logic: BoxedContext, context: Mapping[str, Any]) -> Any:
        values: dict[str, Any] = {}
        for entry in logic.entries:
            values[entry.name or ""] = self.evaluate(entry.expression, {**context, **values})
        if logic.result is not None:
            return self.evaluate(logic.result, {**context, **values})
        return values

    def _invocation(self, logic: Invocation, context: Mapping[str, Any]) -> Any:
        bkm = next((m for m in self.definitions.knowledge_models.values() if m.name == logic.bkm_name), None)
        if bkm is None:
            raise DecisionEvaluationFailure(f"no business knowledge model found with name '{logic.bkm_name}'")
        arguments = {name: self.evaluate(expression, context) for name, expression in logic.bindings}
        scope = {**context, **arguments, **self.knowledge_functions(bkm.required_knowledge_ids, context)}
        for name, type_ref in bkm.parameters:
            if name not in scope:
                raise DecisionEvaluationFailure(f"no parameter found with name '{name}'")
            check_result_type(scope[name], type_ref)
        return self.evaluate(bkm.logic, scope)

    def _function(
        self, parameters: Parameters, body: DecisionLogic | None, closure: Mapping[str, Any], name: str
    ) -> FeelFunction:
        def invoke(arguments: Sequence[Any]) -> Any:
            bound = dict(closure)
            for (parameter, type_ref), argument in zip(parameters, arguments, strict=False):
                try:
                    bound[parameter] = check_result_type(argument, type_ref)
                except DecisionEvaluationFailure as error:
                    raise FeelEvaluationError(f"{name}: parameter '{parameter}': {error}") from None
            try:
                return self.evaluate(body, bound)
            except DecisionEvaluationFailure as error:
                raise FeelEvaluationError(f"{name}: {error}") from None

        return FeelFunction(params=tuple(parameter for parameter, _ in parameters), invoke=invoke, name=name)

    def _knowledge(self, bkm_id: str) -> BusinessKnowledgeModel:
        try:
            return self.definitions.knowledge_models[bkm_id]
        except KeyError:
            raise DecisionEvaluationFailure(
                f"business knowledge model '{bkm_id}' is required but does not exist"
            ) from None
