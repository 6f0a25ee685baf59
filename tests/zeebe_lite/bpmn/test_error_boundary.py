"""BPMN errors thrown by job workers: caught by error boundary events, or an unhandled-error incident."""

from __future__ import annotations

import datetime as dt

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, io_mapping, service_task
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.records import ErrorType, JobIntent, RecordStream, ValueType
from zeebe_lite.records import ProcessInstanceIntent as PI

TIMEOUT = dt.timedelta(seconds=30)


def _with_boundary(error_code: str | None, nested: bool = False) -> str:
    builder = ProcessBuilder("pay")
    if error_code is not None:
        builder.roots.append(f'<bpmn:error id="err" errorCode="{error_code}"/>')
    ref = ' errorRef="err"' if error_code is not None else ""
    attached = "sub" if nested else "task"
    builder.add('<bpmn:startEvent id="start"/>')
    if nested:
        builder.add(
            '<bpmn:subProcess id="sub"><bpmn:startEvent id="subStart"/>'
            + service_task("task", "charge")
            + '<bpmn:endEvent id="subEnd"/>'
            '<bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="task"/>'
            '<bpmn:sequenceFlow id="s2" sourceRef="task" targetRef="subEnd"/>'
            "</bpmn:subProcess>"
        )
    else:
        builder.add(service_task("task", "charge"))
    builder.add(
        f'<bpmn:boundaryEvent id="caught" attachedToRef="{attached}">'
        + "<bpmn:extensionElements>"
        + io_mapping(outputs={"failure": "=reason"})
        + "</bpmn:extensionElements>"
        + f"<bpmn:errorEventDefinition{ref}/></bpmn:boundaryEvent>"
    )
    builder.add('<bpmn:endEvent id="done"/>')
    builder.add('<bpmn:endEvent id="failed"/>')
    builder.chain("start", attached, "done")
    builder.chain("caught", "failed")
    return builder.xml()


def _throw(xml: str, code: str) -> tuple[Engine, int, int]:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"pay.bpmn": xml})
    created = engine.create_process_instance(bpmn_process_id="pay")
    [job] = engine.activate_jobs("charge", "w", TIMEOUT, 1)
    engine.throw_error(job.key, code, "card declined", {"reason": "declined"})
    return engine, created.process_instance_key, job.key


def test_matching_error_boundary_interrupts_the_task() -> None:
    engine, key, _ = _throw(_with_boundary("DECLINED"), "DECLINED")
    stream = (
        RecordStream(engine.records()).with_process_instance(key).of_type(ValueType.PROCESS_INSTANCE).events()
    )
    task = stream.with_element_id("task").intents()
    assert task[-2:] == [PI.ELEMENT_TERMINATING, PI.ELEMENT_TERMINATED]
    assert stream.with_element_id("caught").intents() == [
        PI.ELEMENT_ACTIVATING,
        PI.ELEMENT_ACTIVATED,
        PI.ELEMENT_COMPLETING,
        PI.ELEMENT_COMPLETED,
    ]
    assert stream.with_element_id("failed").intents()[-1] is PI.ELEMENT_COMPLETED
    assert stream.with_element_id("done").intents() == []
    assert stream.with_element_id("pay").intents()[-1] is PI.ELEMENT_COMPLETED
    jobs = RecordStream(engine.records()).of_type(ValueType.JOB).events().intents()
    assert jobs == [JobIntent.CREATED, JobIntent.ERROR_THROWN, JobIntent.CANCELED]
    failure = [
        record.value.value
        for record in RecordStream(engine.records()).of_type(ValueType.VARIABLE)
        if record.value.name == "failure"
    ]
    assert failure == ["declined"]


def test_catch_all_boundary_catches_any_code() -> None:
    engine, key, _ = _throw(_with_boundary(None), "WHATEVER")
    stream = RecordStream(engine.records()).with_process_instance(key)
    assert stream.with_element_id("failed").with_intent(PI.ELEMENT_COMPLETED).intents() == [
        PI.ELEMENT_COMPLETED
    ]


def test_boundary_on_enclosing_subprocess_catches_error_from_inside() -> None:
    engine, key, _ = _throw(_with_boundary("DECLINED", nested=True), "DECLINED")
    stream = RecordStream(engine.records()).with_process_instance(key).of_type(ValueType.PROCESS_INSTANCE)
    assert stream.with_element_id("sub").events().intents()[-1] is PI.ELEMENT_TERMINATED
    assert stream.with_element_id("task").events().intents()[-1] is PI.ELEMENT_TERMINATED
    assert stream.with_element_id("failed").events().intents()[-1] is PI.ELEMENT_COMPLETED
    assert len(engine.state.element_instances) == 0


def test_uncaught_error_raises_incident_and_resolving_reenables_the_job() -> None:
    engine, key, job_key = _throw(_with_boundary("DECLINED"), "OTHER")
    [(incident_key, incident)] = engine.state.incidents.of_process_instance(key)
    assert incident.error_type is ErrorType.UNHANDLED_ERROR_EVENT
    assert incident.job_key == job_key
    assert "'OTHER'" in incident.error_message
    assert engine.activate_jobs("charge", "w", TIMEOUT, 1) == []
    engine.resolve_incident(incident_key)
    [job] = engine.activate_jobs("charge", "w", TIMEOUT, 1)
    assert job.key == job_key
    engine.complete_job(job.key)
    stream = RecordStream(engine.records()).with_process_instance(key)
    assert stream.with_element_id("done").with_intent(PI.ELEMENT_COMPLETED).intents() == [
        PI.ELEMENT_COMPLETED
    ]
