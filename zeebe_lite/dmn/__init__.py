"""DMN for zeebe_lite: parse DMN 1.1-1.5 models and evaluate their decisions the way Camunda 8 does.

Usage::

    definitions = parse_dmn(xml_bytes, resource_name="discount.dmn")
    result = evaluate_decision(definitions, "discount", {"customer": "Business", "orderSize": Decimal(12)})
    if result.succeeded:
        result.output            # FEEL value: value / context / list / None
        result.output_json       # the same as JSON text (Zeebe's decisionOutput)
    else:
        result.failure.decision_id, result.failure.message
    result.evaluated_decisions   # required decisions first: inputs, matched rules, outputs

Supported decision logic: decision tables (all hit policies and aggregations, input/output values, default
output entries, multiple outputs) and literal expressions, connected by required decisions.
"""

from zeebe_lite.dmn.errors import (
    DecisionEvaluationFailure,
    DecisionNotFoundError,
    DmnError,
    DmnParseError,
    DmnProblem,
)
from zeebe_lite.dmn.evaluation import evaluate_decision, evaluate_decision_by_name
from zeebe_lite.dmn.model import (
    Aggregation,
    Decision,
    DecisionTable,
    DecisionType,
    DmnDefinitions,
    HitPolicy,
    InputData,
    LiteralExpression,
)
from zeebe_lite.dmn.parser import parse_dmn
from zeebe_lite.dmn.result import (
    DecisionEvaluationResult,
    DecisionFailure,
    EvaluatedDecision,
    EvaluatedInput,
    EvaluatedOutput,
    MatchedRule,
)

__all__ = [
    "Aggregation",
    "Decision",
    "DecisionEvaluationFailure",
    "DecisionEvaluationResult",
    "DecisionFailure",
    "DecisionNotFoundError",
    "DecisionTable",
    "DecisionType",
    "DmnDefinitions",
    "DmnError",
    "DmnParseError",
    "DmnProblem",
    "EvaluatedDecision",
    "EvaluatedInput",
    "EvaluatedOutput",
    "HitPolicy",
    "InputData",
    "LiteralExpression",
    "MatchedRule",
    "evaluate_decision",
    "evaluate_decision_by_name",
    "parse_dmn",
]
