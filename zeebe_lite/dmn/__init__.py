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
output entries, multiple outputs) and literal expressions, connected by required decisions; like dmn-scala (the
engine inside Zeebe) also boxed contexts, lists, relations, invocations, function definitions and business
knowledge models. Not supported (as in dmn-scala): decision services, imports, DMN 1.5 boxed conditional /
filter / for / some / every, Java and PMML functions.

``parse_dmn`` rejects a broken model with :class:`DmnParseError` (each problem names its element id);
``parse_dmn(..., lenient=True)`` keeps such a model and fails only the affected decisions at evaluation.
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
    BusinessKnowledgeModel,
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
    "BusinessKnowledgeModel",
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
