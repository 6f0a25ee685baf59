"""DECISION_EVALUATION records: EvaluateDecision and business rule tasks report each evaluation with a key."""

from __future__ import annotations

import json

from zeebe_lite.bpmn.xml_builder import ProcessBuilder
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.records import DecisionEvaluationIntent, ErrorType, RecordStream, ValueType

DMN = (
    '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="drg" name="D" namespace="n">'
    '<decision id="double" name="Double"><literalExpression><text>x * 2</text></literalExpression>'
    "</decision></definitions>"
)


def _rule_task_process() -> str:
    builder = ProcessBuilder("rules")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        '<bpmn:businessRuleTask id="rule"><bpmn:extensionElements>'
        '<zeebe:calledDecision decisionId="double" resultVariable="doubled"/>'
        "</bpmn:extensionElements></bpmn:businessRuleTask>"
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "rule", "end")
    return builder.xml()


def test_evaluate_decision_writes_an_evaluated_record_whose_key_is_returned() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"double.dmn": DMN})
    evaluation = engine.evaluate_decision(decision_id="double", variables={"x": 21})
    [record] = RecordStream(engine.records()).of_type(ValueType.DECISION_EVALUATION).events()
    assert record.intent is DecisionEvaluationIntent.EVALUATED
    assert record.key == evaluation.key > 0
    assert json.loads(record.value.decision_output) == 42
    assert record.value.decision_id == "double"
    assert record.value.variables == {"x": 21}
    again = engine.evaluate_decision(decision_id="double", variables={"x": 1})
    assert again.key != evaluation.key


def test_business_rule_task_writes_the_evaluation_with_its_element() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"double.dmn": DMN, "rules.bpmn": _rule_task_process()})
    created = engine.create_process_instance(bpmn_process_id="rules", variables={"x": 4})
    [record] = RecordStream(engine.records()).of_type(ValueType.DECISION_EVALUATION).events()
    assert record.intent is DecisionEvaluationIntent.EVALUATED
    assert record.value.process_instance_key == created.process_instance_key
    assert record.value.element_id == "rule"
    assert json.loads(record.value.decision_output) == 8


def test_failed_evaluation_in_a_task_is_reported_and_raises_an_incident() -> None:
    failing = DMN.replace("x * 2", 'assert(x, x > 0, "x must be positive")')
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"double.dmn": failing, "rules.bpmn": _rule_task_process()})
    engine.create_process_instance(bpmn_process_id="rules", variables={"x": -1})
    events = RecordStream(engine.records()).events()
    evaluations = events.of_type(ValueType.DECISION_EVALUATION).intents()
    incidents = events.of_type(ValueType.INCIDENT).values()
    assert evaluations == [DecisionEvaluationIntent.FAILED]
    assert [incident.error_type for incident in incidents] == [ErrorType.DECISION_EVALUATION_ERROR]
    assert "x must be positive" in incidents[0].error_message
