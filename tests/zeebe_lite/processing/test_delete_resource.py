"""DeleteResource: process definitions drain and fall back to the previous version; DRGs go at once."""

from __future__ import annotations

import datetime as dt

import pytest

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, simple_task_process
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import CommandRejectedError, Engine
from zeebe_lite.records import (
    DecisionIntent,
    DecisionRequirementsIntent,
    MessageStartEventSubscriptionIntent,
    ProcessIntent,
    RecordStream,
    RejectionType,
    ResourceDeletionIntent,
    ValueType,
)

TIMEOUT = dt.timedelta(seconds=30)

DMN = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="drg" name="DRG" namespace="ns">
  <decision id="double" name="Double">
    <literalExpression><text>x * {factor}</text></literalExpression>
  </decision>
</definitions>"""


def _message_start(process_id: str, message: str) -> str:
    builder = ProcessBuilder(process_id)
    builder.add(
        '<bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m"/></bpmn:startEvent>'
        '<bpmn:endEvent id="end"/>'
    )
    builder.chain("start", "end")
    return builder.xml().replace(
        "</bpmn:definitions>", f'<bpmn:message id="m" name="{message}"/></bpmn:definitions>'
    )


def test_deleting_the_latest_version_falls_back_and_running_instances_drain() -> None:
    engine = Engine.open(None, clock=ManualClock())
    first = engine.deploy({"order.bpmn": simple_task_process()}).processes_metadata[0]
    second = engine.deploy({"order.bpmn": simple_task_process(job_type="v2")}).processes_metadata[0]
    running = engine.create_process_instance(bpmn_process_id="order")
    assert running.version == 2
    engine.delete_resource(second.process_definition_key)
    stream = RecordStream(engine.records())
    assert stream.of_type(ValueType.RESOURCE_DELETION).intents() == [
        ResourceDeletionIntent.DELETE,
        ResourceDeletionIntent.DELETING,
        ResourceDeletionIntent.DELETED,
    ]
    assert stream.of_type(ValueType.PROCESS).events().intents()[-1] is ProcessIntent.DELETING
    assert engine.create_process_instance(bpmn_process_id="order").version == 1
    for kwargs in ({"process_definition_key": second.process_definition_key}, {"version": 2}):
        with pytest.raises(CommandRejectedError) as rejected:
            engine.create_process_instance(bpmn_process_id="order", **kwargs)  # type: ignore[arg-type]
        assert rejected.value.rejection_type is RejectionType.NOT_FOUND
    # the running instance of the deleted version goes on; its end removes the definition
    [job] = engine.activate_jobs("v2", "w", TIMEOUT, 1)
    assert engine.state.deployments.process(second.process_definition_key) is not None
    engine.complete_job(job.key)
    assert engine.state.deployments.process(second.process_definition_key) is None
    assert (
        RecordStream(engine.records()).of_type(ValueType.PROCESS).events().intents()[-1]
        is ProcessIntent.DELETED
    )
    # versions are never reused
    third = engine.deploy({"order.bpmn": simple_task_process(job_type="v3")}).processes_metadata[0]
    assert third.version == 3
    engine.delete_resource(first.process_definition_key)
    with pytest.raises(CommandRejectedError) as rejected:
        engine.delete_resource(first.process_definition_key)
    assert rejected.value.rejection_type is RejectionType.NOT_FOUND
    assert "no resource found with key" in rejected.value.reason


def test_deleting_the_latest_version_resubscribes_the_previous_start_events() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"p.bpmn": _message_start("p", "go-v1")})
    second = engine.deploy({"p.bpmn": _message_start("p", "go-v2")}).processes_metadata[0]
    engine.delete_resource(second.process_definition_key)
    subscriptions = (
        RecordStream(engine.records()).of_type(ValueType.MESSAGE_START_EVENT_SUBSCRIPTION).events()
    )
    assert [(r.intent, r.value.message_name) for r in subscriptions][-2:] == [
        (MessageStartEventSubscriptionIntent.DELETED, "go-v2"),
        (MessageStartEventSubscriptionIntent.CREATED, "go-v1"),
    ]
    engine.publish_message("go-v1", "")
    assert engine.state.deployments.process(second.process_definition_key) is None


def test_deleting_a_drg_removes_its_decisions_and_latest_falls_back() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"d.dmn": DMN.format(factor=2)})
    newer = engine.deploy({"d.dmn": DMN.format(factor=3)})
    drg_key = newer.decision_requirements_metadata[0].decision_requirements_key
    assert engine.evaluate_decision(decision_id="double", variables={"x": 2}).result.output == 6
    engine.delete_resource(drg_key)
    events = RecordStream(engine.records()).events()
    assert events.of_type(ValueType.DECISION).intents()[-1] is DecisionIntent.DELETED
    assert events.of_type(ValueType.DECISION_REQUIREMENTS).intents()[-1] is DecisionRequirementsIntent.DELETED
    assert engine.evaluate_decision(decision_id="double", variables={"x": 2}).result.output == 4
    assert engine.state.deployments.decision_requirements(drg_key) is None
    redeployed = engine.deploy({"d.dmn": DMN.format(factor=5)})
    assert redeployed.decision_requirements_metadata[0].decision_requirements_version == 3
    assert redeployed.decisions_metadata[0].version == 3
