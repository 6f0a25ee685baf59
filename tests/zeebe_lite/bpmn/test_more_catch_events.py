"""Receive tasks, non-interrupting message boundaries, signal boundaries and correlation-key incidents."""

from __future__ import annotations

import datetime as dt

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, service_task
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.records import ErrorType, RecordStream, ValueType
from zeebe_lite.records import ProcessInstanceIntent as PI

TIMEOUT = dt.timedelta(seconds=30)
MESSAGE = (
    '<bpmn:message id="msg" name="update"><bpmn:extensionElements>'
    '<zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>'
)


def _completed(engine: Engine, key: int, element_id: str) -> int:
    stream = RecordStream(engine.records()).with_process_instance(key).with_element_id(element_id)
    return len(stream.with_intent(PI.ELEMENT_COMPLETED))


def test_receive_task_waits_for_its_message() -> None:
    builder = ProcessBuilder("receiver")
    builder.roots.append(MESSAGE)
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add('<bpmn:receiveTask id="receive" messageRef="msg"/>')
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "receive", "end")
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"receiver.bpmn": builder.xml()})
    created = engine.create_process_instance(bpmn_process_id="receiver", variables={"orderId": "o-1"})
    assert _completed(engine, created.process_instance_key, "receive") == 0
    engine.publish_message("update", "o-1", variables={"status": "shipped"})
    assert engine.state.element_instances.get(created.process_instance_key) is None
    merged = [
        (r.value.name, r.value.value, r.value.scope_key)
        for r in RecordStream(engine.records()).of_type(ValueType.VARIABLE)
        if r.value.name == "status"
    ]
    assert merged == [("status", "shipped", created.process_instance_key)]


def test_non_interrupting_message_boundary_fires_for_every_message() -> None:
    builder = ProcessBuilder("tracked")
    builder.roots.append(MESSAGE)
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(service_task("work", "work"))
    builder.add(
        '<bpmn:boundaryEvent id="onUpdate" attachedToRef="work" cancelActivity="false">'
        '<bpmn:messageEventDefinition messageRef="msg"/></bpmn:boundaryEvent>'
    )
    builder.add(service_task("notify", "notify"))
    builder.add('<bpmn:endEvent id="notified"/>')
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "work", "end")
    builder.chain("onUpdate", "notify", "notified")
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"tracked.bpmn": builder.xml()})
    created = engine.create_process_instance(bpmn_process_id="tracked", variables={"orderId": "o-1"})
    engine.publish_message("update", "o-1", variables={"n": 1})
    engine.publish_message("update", "o-1", variables={"n": 2})
    notes = engine.activate_jobs("notify", "w", TIMEOUT, 5)
    assert len(notes) == 2
    for job in notes:
        engine.complete_job(job.key)
    [work] = engine.activate_jobs("work", "w", TIMEOUT, 5)
    engine.complete_job(work.key)
    assert engine.state.element_instances.get(created.process_instance_key) is None
    assert _completed(engine, created.process_instance_key, "notified") == 2


def test_interrupting_signal_boundary() -> None:
    builder = ProcessBuilder("stoppable")
    builder.roots.append('<bpmn:signal id="sig" name="stop-all"/>')
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(service_task("work", "work"))
    builder.add(
        '<bpmn:boundaryEvent id="stopped" attachedToRef="work"><bpmn:signalEventDefinition signalRef="sig"/>'
        "</bpmn:boundaryEvent>"
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.add('<bpmn:endEvent id="halt"/>')
    builder.chain("start", "work", "end")
    builder.chain("stopped", "halt")
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"stoppable.bpmn": builder.xml()})
    keys = [
        engine.create_process_instance(bpmn_process_id="stoppable").process_instance_key for _ in range(3)
    ]
    engine.broadcast_signal("stop-all")
    for key in keys:
        assert _completed(engine, key, "halt") == 1
    assert len(engine.state.jobs) == 0
    assert len(engine.state.element_instances) == 0


def test_missing_correlation_key_is_an_incident_until_the_variable_exists() -> None:
    builder = ProcessBuilder("waiting")
    builder.roots.append(MESSAGE)
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        '<bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="msg"/></bpmn:intermediateCatchEvent>'
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "wait", "end")
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"waiting.bpmn": builder.xml()})
    created = engine.create_process_instance(bpmn_process_id="waiting")
    [(incident_key, incident)] = engine.state.incidents.of_process_instance(created.process_instance_key)
    assert incident.error_type is ErrorType.EXTRACT_VALUE_ERROR
    engine.set_variables(created.process_instance_key, {"orderId": "o-7"})
    engine.resolve_incident(incident_key)
    engine.publish_message("update", "o-7")
    assert engine.state.element_instances.get(created.process_instance_key) is None
