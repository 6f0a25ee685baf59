"""Creating and canceling process instances; SetVariables; deployments."""

from __future__ import annotations

import datetime as dt

import pytest

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, service_task, simple_task_process
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import CommandRejectedError, Engine
from zeebe_lite.records import JobIntent, RecordStream, RejectionType, ValueType
from zeebe_lite.records import ProcessInstanceIntent as PI

TIMEOUT = dt.timedelta(seconds=30)


def test_cancel_terminates_every_element_and_cancels_the_job() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"order.bpmn": simple_task_process()})
    created = engine.create_process_instance(bpmn_process_id="order")
    engine.cancel_process_instance(created.process_instance_key)
    stream = RecordStream(engine.records()).with_process_instance(created.process_instance_key)
    events = stream.of_type(ValueType.PROCESS_INSTANCE).events().element_intents()
    assert events[-4:] == [
        ("order", PI.ELEMENT_TERMINATING),
        ("task", PI.ELEMENT_TERMINATING),
        ("task", PI.ELEMENT_TERMINATED),
        ("order", PI.ELEMENT_TERMINATED),
    ]
    assert stream.of_type(ValueType.JOB).events().intents() == [JobIntent.CREATED, JobIntent.CANCELED]
    assert len(engine.state.element_instances) == 0
    assert len(engine.state.jobs) == 0
    assert engine.state.variables.local_variables(created.process_instance_key) == {}
    with pytest.raises(CommandRejectedError) as rejected:
        engine.cancel_process_instance(created.process_instance_key)
    assert rejected.value.rejection_type is RejectionType.NOT_FOUND


def test_create_by_key_and_by_version() -> None:
    engine = Engine.open(None, clock=ManualClock())
    first = engine.deploy({"order.bpmn": simple_task_process()}).processes_metadata[0]
    second = engine.deploy({"order.bpmn": simple_task_process(job_type="charge-v2")}).processes_metadata[0]
    assert (first.version, second.version) == (1, 2)
    latest = engine.create_process_instance(bpmn_process_id="order")
    assert latest.version == 2
    assert latest.process_definition_key == second.process_definition_key
    by_version = engine.create_process_instance(bpmn_process_id="order", version=1)
    assert by_version.process_definition_key == first.process_definition_key
    by_key = engine.create_process_instance(process_definition_key=first.process_definition_key)
    assert by_key.version == 1
    types = sorted(job.record.type for job in engine.activate_jobs("charge", "w", TIMEOUT, 10))
    assert types == ["charge", "charge"]
    with pytest.raises(CommandRejectedError) as rejected:
        engine.create_process_instance(bpmn_process_id="order", version=7)
    assert rejected.value.rejection_type is RejectionType.NOT_FOUND


def test_identical_redeploy_keeps_version_and_key() -> None:
    engine = Engine.open(None, clock=ManualClock())
    first = engine.deploy({"order.bpmn": simple_task_process()}).processes_metadata[0]
    again = engine.deploy({"order.bpmn": simple_task_process()}).processes_metadata[0]
    assert again.is_duplicate
    assert (again.version, again.process_definition_key) == (first.version, first.process_definition_key)
    assert len(engine.state.deployments.processes()) == 1


def test_invalid_resources_are_rejected_atomically() -> None:
    engine = Engine.open(None, clock=ManualClock())
    with pytest.raises(CommandRejectedError) as rejected:
        engine.deploy({"good.bpmn": simple_task_process(), "bad.bpmn": "<not-bpmn/>"})
    assert rejected.value.rejection_type is RejectionType.INVALID_ARGUMENT
    assert engine.state.deployments.processes() == []
    with pytest.raises(CommandRejectedError):
        engine.deploy({"notes.txt": "hello"})
    with pytest.raises(CommandRejectedError):
        engine.deploy({})


def test_dmn_resources_are_stored_with_versions() -> None:
    dmn = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="drg" name="Discounts" '
        'namespace="http://example.com/dmn">'
        '<decision id="discount" name="Discount"><literalExpression><text>10</text></literalExpression>'
        "</decision></definitions>"
    )
    engine = Engine.open(None, clock=ManualClock())
    deployment = engine.deploy({"discount.dmn": dmn})
    [decision] = deployment.decisions_metadata
    assert (decision.decision_id, decision.decision_name, decision.version) == ("discount", "Discount", 1)
    drg = engine.state.deployments.latest_decision_requirements("drg")
    assert drg is not None
    assert drg.resource == dmn
    again = engine.deploy({"discount.dmn": dmn})
    assert again.decisions_metadata[0].decision_key == decision.decision_key


def test_process_without_none_start_event_cannot_be_created() -> None:
    builder = ProcessBuilder("onMessage")
    builder.roots.append('<bpmn:message id="m" name="go"/>')
    builder.add('<bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m"/></bpmn:startEvent>')
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "end")
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"m.bpmn": builder.xml()})
    with pytest.raises(CommandRejectedError) as rejected:
        engine.create_process_instance(bpmn_process_id="onMessage")
    assert rejected.value.rejection_type is RejectionType.INVALID_STATE


def test_set_variables_local_and_propagating() -> None:
    builder = ProcessBuilder("p")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(service_task("task", "t"))
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "task", "end")
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"p.bpmn": builder.xml()})
    created = engine.create_process_instance(bpmn_process_id="p", variables={"shared": 1})
    [job] = engine.activate_jobs("t", "w", TIMEOUT, 1)
    task_key = job.record.element_instance_key
    engine.set_variables(task_key, {"mine": "local"}, local=True)
    engine.set_variables(task_key, {"shared": 2, "fresh": True})
    variables = engine.state.variables
    assert variables.local_variables(task_key) == {"mine": "local"}
    assert variables.local_variables(created.process_instance_key) == {"shared": 2, "fresh": True}


def test_unsupported_features_are_rejected_at_deploy_not_ignored() -> None:
    builder = ProcessBuilder("listened")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        '<bpmn:serviceTask id="each"><bpmn:extensionElements><zeebe:taskDefinition type="t"/>'
        '<zeebe:executionListeners><zeebe:executionListener eventType="start" type="audit"/>'
        "</zeebe:executionListeners></bpmn:extensionElements>"
        "<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements>"
        '<zeebe:loopCharacteristics inputCollection="=items" inputElement="item"/>'
        "</bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>"
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "each", "end")
    engine = Engine.open(None, clock=ManualClock())
    with pytest.raises(CommandRejectedError) as rejected:
        engine.deploy({"listened.bpmn": builder.xml()})
    assert "execution listeners on multi-instance activities" in rejected.value.reason


def test_start_instructions_start_at_the_given_elements() -> None:
    builder = ProcessBuilder("steps")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(service_task("first", "first"))
    builder.add(service_task("second", "second"))
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "first", "second", "end")
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"steps.bpmn": builder.xml()})
    created = engine.create_process_instance(
        bpmn_process_id="steps", start_element_ids=["second"], variables={"v": 1}
    )
    assert engine.activate_jobs("first", "w", TIMEOUT, 5) == []
    [job] = engine.activate_jobs("second", "w", TIMEOUT, 5)
    assert job.record.variables == {"v": 1}
    engine.complete_job(job.key)
    assert engine.state.element_instances.get(created.process_instance_key) is None
    started = RecordStream(engine.records()).with_element_id("start").intents()
    assert started == []
    with pytest.raises(CommandRejectedError) as rejected:
        engine.create_process_instance(bpmn_process_id="steps", start_element_ids=["nope"])
    assert rejected.value.rejection_type is RejectionType.INVALID_ARGUMENT


def test_same_process_id_in_two_resources_is_rejected() -> None:
    engine = Engine.open(None, clock=ManualClock())
    with pytest.raises(CommandRejectedError) as rejected:
        engine.deploy({"a.bpmn": simple_task_process(), "b.bpmn": simple_task_process(job_type="other")})
    assert "duplicated id 'order'" in rejected.value.reason
    assert engine.state.deployments.processes() == []
