"""Execution listeners: start and end listener jobs run in order around the element's own work."""

from __future__ import annotations

import datetime as dt

import pytest

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, io_mapping
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import CommandRejectedError, Engine
from zeebe_lite.records import ProcessInstanceIntent as PI
from zeebe_lite.records import RecordStream, RejectionType, ValueType

TIMEOUT = dt.timedelta(seconds=30)
LISTENERS = (
    "<zeebe:executionListeners>"
    '<zeebe:executionListener eventType="start" type="before-1"/>'
    '<zeebe:executionListener eventType="start" type="before-2"/>'
    '<zeebe:executionListener eventType="end" type="after"/>'
    "</zeebe:executionListeners>"
)


def _process() -> str:
    builder = ProcessBuilder("audited")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        '<bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="=taskType"/>'
        + io_mapping(inputs={"local": "=1"})
        + LISTENERS
        + "</bpmn:extensionElements></bpmn:serviceTask>"
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "task", "end")
    return builder.xml()


def _only(engine: Engine, job_type: str) -> int:
    [job] = engine.activate_jobs(job_type, "w", TIMEOUT, 5)
    return job.key


def test_listener_jobs_run_before_and_after_the_task() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"audited.bpmn": _process()})
    created = engine.create_process_instance(bpmn_process_id="audited")
    assert engine.activate_jobs("work", "w", TIMEOUT, 5) == []
    [first] = engine.activate_jobs("before-1", "w", TIMEOUT, 5)
    assert first.record.listener_event_type == "start"
    assert first.record.variables == {"local": 1}
    engine.complete_job(first.key, {"taskType": "work"})
    assert engine.activate_jobs("work", "w", TIMEOUT, 5) == []
    engine.complete_job(_only(engine, "before-2"))
    [task_job] = engine.activate_jobs("work", "w", TIMEOUT, 5)
    assert task_job.record.variables["taskType"] == "work"
    engine.complete_job(task_job.key, {"result": 7})
    stream = RecordStream(engine.records()).with_process_instance(created.process_instance_key)
    assert stream.with_element_id("task").with_intent(PI.ELEMENT_COMPLETED).intents() == []
    engine.complete_job(_only(engine, "after"), {"audited": True})
    assert engine.state.element_instances.get(created.process_instance_key) is None
    root = {
        r.value.name: r.value.value
        for r in RecordStream(engine.records()).of_type(ValueType.VARIABLE)
        if r.value.scope_key == created.process_instance_key
    }
    assert root == {"result": 7, "audited": True}


def test_listener_jobs_cannot_throw_errors() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"audited.bpmn": _process()})
    engine.create_process_instance(bpmn_process_id="audited")
    with pytest.raises(CommandRejectedError) as rejected:
        engine.throw_error(_only(engine, "before-1"), "E")
    assert rejected.value.rejection_type is RejectionType.INVALID_STATE


def test_process_level_listeners() -> None:
    builder = ProcessBuilder("whole")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "end")
    xml = builder.xml().replace(
        '<bpmn:process id="whole" isExecutable="true">',
        '<bpmn:process id="whole" isExecutable="true"><bpmn:extensionElements><zeebe:executionListeners>'
        '<zeebe:executionListener eventType="start" type="open"/><zeebe:executionListener eventType="end" '
        'type="close"/></zeebe:executionListeners></bpmn:extensionElements>',
    )
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"whole.bpmn": xml})
    created = engine.create_process_instance(bpmn_process_id="whole")
    engine.complete_job(_only(engine, "open"))
    assert engine.state.element_instances.get(created.process_instance_key) is not None
    engine.complete_job(_only(engine, "close"))
    assert engine.state.element_instances.get(created.process_instance_key) is None
