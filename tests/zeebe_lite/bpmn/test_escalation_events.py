"""Escalations: caught by boundary events (interrupting or not) and event subprocesses, or ignored."""

from __future__ import annotations

import datetime as dt

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, service_task
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.records import ProcessInstanceIntent as PI
from zeebe_lite.records import RecordStream

TIMEOUT = dt.timedelta(seconds=30)


def _process(boundary: str) -> str:
    builder = ProcessBuilder("escalate")
    builder.roots.append('<bpmn:escalation id="esc" escalationCode="LATE"/>')
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        '<bpmn:subProcess id="sub"><bpmn:startEvent id="sStart"/>'
        '<bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="esc"/>'
        "</bpmn:intermediateThrowEvent>" + service_task("work", "work") + '<bpmn:endEvent id="sEnd"/>'
        '<bpmn:sequenceFlow id="s1" sourceRef="sStart" targetRef="raise"/>'
        '<bpmn:sequenceFlow id="s2" sourceRef="raise" targetRef="work"/>'
        '<bpmn:sequenceFlow id="s3" sourceRef="work" targetRef="sEnd"/>'
        "</bpmn:subProcess>"
    )
    builder.add(boundary)
    builder.add('<bpmn:endEvent id="end"/>')
    builder.add('<bpmn:endEvent id="escalated"/>')
    builder.chain("start", "sub", "end")
    if boundary:
        builder.chain("onLate", "escalated")
    return builder.xml()


def _boundary(interrupting: bool) -> str:
    flag = "true" if interrupting else "false"
    return (
        f'<bpmn:boundaryEvent id="onLate" attachedToRef="sub" cancelActivity="{flag}">'
        '<bpmn:escalationEventDefinition escalationRef="esc"/></bpmn:boundaryEvent>'
    )


def _completed(engine: Engine, key: int, element_id: str) -> int:
    stream = RecordStream(engine.records()).with_process_instance(key).with_element_id(element_id)
    return len(stream.with_intent(PI.ELEMENT_COMPLETED))


def test_non_interrupting_boundary_runs_alongside_and_the_thrower_continues() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"escalate.bpmn": _process(_boundary(interrupting=False))})
    created = engine.create_process_instance(bpmn_process_id="escalate")
    assert _completed(engine, created.process_instance_key, "escalated") == 1
    [job] = engine.activate_jobs("work", "w", TIMEOUT, 1)
    engine.complete_job(job.key)
    assert _completed(engine, created.process_instance_key, "end") == 1
    assert engine.state.element_instances.get(created.process_instance_key) is None


def test_interrupting_boundary_ends_the_subprocess() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"escalate.bpmn": _process(_boundary(interrupting=True))})
    created = engine.create_process_instance(bpmn_process_id="escalate")
    assert _completed(engine, created.process_instance_key, "escalated") == 1
    assert _completed(engine, created.process_instance_key, "end") == 0
    assert engine.activate_jobs("work", "w", TIMEOUT, 1) == []
    assert engine.state.element_instances.get(created.process_instance_key) is None


def test_uncaught_escalation_is_ignored() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"escalate.bpmn": _process("")})
    created = engine.create_process_instance(bpmn_process_id="escalate")
    assert len(engine.state.incidents) == 0
    [job] = engine.activate_jobs("work", "w", TIMEOUT, 1)
    engine.complete_job(job.key)
    assert _completed(engine, created.process_instance_key, "end") == 1
