"""Call activities: child instances, variable passing both ways, cancellation and errors across the call."""

from __future__ import annotations

import datetime as dt

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, io_mapping, service_task
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.records import NO_KEY, ErrorType, RecordStream, ValueType
from zeebe_lite.records import ProcessInstanceIntent as PI

TIMEOUT = dt.timedelta(seconds=30)


def _child() -> str:
    builder = ProcessBuilder("child")
    builder.add('<bpmn:startEvent id="cStart"/>')
    builder.add(service_task("work", "child-work"))
    builder.add('<bpmn:endEvent id="cEnd"/>')
    builder.chain("cStart", "work", "cEnd")
    return builder.xml()


def _parent(extra: str = "", attributes: str = "", boundary: str = "") -> str:
    builder = ProcessBuilder("parent")
    builder.roots.append('<bpmn:error id="err" errorCode="BAD"/>')
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        f'<bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="child" {attributes}/>'
        f"{extra}</bpmn:extensionElements></bpmn:callActivity>"
    )
    builder.add(boundary)
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "call", "end")
    return builder.xml()


def _engine(parent: str) -> Engine:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"child.bpmn": _child(), "parent.bpmn": parent})
    return engine


def test_child_gets_parent_variables_and_returns_its_own() -> None:
    engine = _engine(_parent())
    created = engine.create_process_instance(bpmn_process_id="parent", variables={"order": 5})
    [job] = engine.activate_jobs("child-work", "w", TIMEOUT, 1)
    assert job.record.bpmn_process_id == "child"
    assert job.record.variables == {"order": 5}
    child_key = job.record.process_instance_key
    child = engine.state.element_instances.get(child_key)
    assert child is not None
    assert child.value.parent_process_instance_key == created.process_instance_key
    assert child.value.parent_element_instance_key != NO_KEY
    engine.complete_job(job.key, {"shipped": True})
    assert engine.state.element_instances.get(created.process_instance_key) is None
    root = {
        r.value.name: r.value.value
        for r in RecordStream(engine.records()).of_type(ValueType.VARIABLE)
        if r.value.scope_key == created.process_instance_key
    }
    assert root == {"order": 5, "shipped": True}


def test_propagation_flags_and_output_mappings() -> None:
    parent = _parent(
        extra=io_mapping(inputs={"only": "=order"}, outputs={"result": "=shipped"}),
        attributes='propagateAllParentVariables="false" propagateAllChildVariables="false"',
    )
    engine = _engine(parent)
    created = engine.create_process_instance(bpmn_process_id="parent", variables={"order": 5, "secret": 1})
    [job] = engine.activate_jobs("child-work", "w", TIMEOUT, 1)
    assert job.record.variables == {"only": 5}
    engine.complete_job(job.key, {"shipped": "yes", "noise": 1})
    merged = {
        r.value.name: r.value.value
        for r in RecordStream(engine.records()).of_type(ValueType.VARIABLE)
        if r.value.scope_key == created.process_instance_key
    }
    assert merged == {"order": 5, "secret": 1, "result": "yes"}


def test_canceling_the_parent_terminates_the_child() -> None:
    engine = _engine(_parent())
    created = engine.create_process_instance(bpmn_process_id="parent")
    [job] = engine.activate_jobs("child-work", "w", TIMEOUT, 1)
    engine.cancel_process_instance(created.process_instance_key)
    terminated = [
        r.value.element_id for r in RecordStream(engine.records()).with_intent(PI.ELEMENT_TERMINATED)
    ]
    assert terminated == ["work", "child", "call", "parent"]
    assert len(engine.state.element_instances) == 0
    assert engine.state.jobs.get(job.key) is None


def test_error_from_the_child_is_caught_on_the_call_activity() -> None:
    boundary = (
        '<bpmn:boundaryEvent id="caught" attachedToRef="call"><bpmn:errorEventDefinition errorRef="err"/>'
        '</bpmn:boundaryEvent><bpmn:endEvent id="failed"/>'
        '<bpmn:sequenceFlow id="b1" sourceRef="caught" targetRef="failed"/>'
    )
    engine = _engine(_parent(boundary=boundary))
    created = engine.create_process_instance(bpmn_process_id="parent")
    [job] = engine.activate_jobs("child-work", "w", TIMEOUT, 1)
    engine.throw_error(job.key, "BAD")
    stream = RecordStream(engine.records())
    assert stream.with_element_id("failed").with_intent(PI.ELEMENT_COMPLETED).intents() == [
        PI.ELEMENT_COMPLETED
    ]
    assert stream.with_element_id("child").with_intent(PI.ELEMENT_TERMINATED).intents() == [
        PI.ELEMENT_TERMINATED
    ]
    assert engine.state.element_instances.get(created.process_instance_key) is None


def test_missing_called_process_is_an_incident() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"parent.bpmn": _parent()})
    created = engine.create_process_instance(bpmn_process_id="parent")
    [(incident_key, incident)] = engine.state.incidents.of_process_instance(created.process_instance_key)
    assert incident.error_type is ErrorType.CALLED_ELEMENT_ERROR
    engine.deploy({"child.bpmn": _child()})
    engine.resolve_incident(incident_key)
    assert len(engine.activate_jobs("child-work", "w", TIMEOUT, 1)) == 1
