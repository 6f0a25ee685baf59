"""Embedded subprocesses: own scope, input/output mappings, completion and cancellation."""

from __future__ import annotations

import datetime as dt

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, io_mapping, service_task
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.records import ProcessInstanceIntent as PI
from zeebe_lite.records import RecordStream, ValueType

TIMEOUT = dt.timedelta(seconds=30)


def _process(mappings: str = "") -> str:
    builder = ProcessBuilder("outer")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        f'<bpmn:subProcess id="sub"><bpmn:extensionElements>{mappings}</bpmn:extensionElements>'
        '<bpmn:startEvent id="innerStart"/>'
        + service_task("inner", "inner-work")
        + '<bpmn:endEvent id="innerEnd"/>'
        '<bpmn:sequenceFlow id="i1" sourceRef="innerStart" targetRef="inner"/>'
        '<bpmn:sequenceFlow id="i2" sourceRef="inner" targetRef="innerEnd"/>'
        "</bpmn:subProcess>"
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "sub", "end")
    return builder.xml()


def test_subprocess_runs_its_inner_flow_then_continues() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"outer.bpmn": _process()})
    created = engine.create_process_instance(bpmn_process_id="outer", variables={"x": 1})
    [job] = engine.activate_jobs("inner-work", "w", TIMEOUT, 1)
    sub = engine.state.element_instances.get(job.record.element_instance_key)
    assert sub is not None
    assert engine.state.element_instances.get(sub.value.flow_scope_key).value.element_id == "sub"  # type: ignore[union-attr]
    engine.complete_job(job.key, {"y": 2})
    stream = RecordStream(engine.records()).with_process_instance(created.process_instance_key)
    order = [
        (element, intent)
        for element, intent in stream.of_type(ValueType.PROCESS_INSTANCE).events().element_intents()
        if intent in (PI.ELEMENT_ACTIVATED, PI.ELEMENT_COMPLETED) and element in ("sub", "innerEnd", "end")
    ]
    assert order == [
        ("sub", PI.ELEMENT_ACTIVATED),
        ("innerEnd", PI.ELEMENT_ACTIVATED),
        ("innerEnd", PI.ELEMENT_COMPLETED),
        ("sub", PI.ELEMENT_COMPLETED),
        ("end", PI.ELEMENT_ACTIVATED),
        ("end", PI.ELEMENT_COMPLETED),
    ]
    variables = [r.value for r in stream.of_type(ValueType.VARIABLE)]
    assert {(v.name, v.scope_key) for v in variables} == {
        ("x", created.process_instance_key),
        ("y", created.process_instance_key),
    }


def test_subprocess_locals_stay_inside_unless_output_mapped() -> None:
    mappings = io_mapping(inputs={"local": "=x + 1"}, outputs={"result": "=local * 10"})
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"outer.bpmn": _process(mappings)})
    created = engine.create_process_instance(bpmn_process_id="outer", variables={"x": 1})
    [job] = engine.activate_jobs("inner-work", "w", TIMEOUT, 1)
    assert job.record.variables == {"x": 1, "local": 2}
    engine.complete_job(job.key, {"local": 5})
    root = {
        r.value.name: r.value.value
        for r in RecordStream(engine.records()).of_type(ValueType.VARIABLE)
        if r.value.scope_key == created.process_instance_key
    }
    assert root == {"x": 1, "result": 50}


def test_cancel_terminates_nested_elements_inside_out() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"outer.bpmn": _process()})
    created = engine.create_process_instance(bpmn_process_id="outer")
    engine.cancel_process_instance(created.process_instance_key)
    terminated = RecordStream(engine.records()).with_intent(PI.ELEMENT_TERMINATED)
    assert [record.value.element_id for record in terminated] == ["inner", "sub", "outer"]
    assert len(engine.state.element_instances) == 0
    assert len(engine.state.jobs) == 0
