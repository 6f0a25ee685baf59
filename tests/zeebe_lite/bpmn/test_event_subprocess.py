"""Event subprocesses (timer, message, error; interrupting and not) and timer start events."""

from __future__ import annotations

import datetime as dt

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, service_task
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.records import ProcessInstanceIntent as PI
from zeebe_lite.records import RecordStream, ValueType

TIMEOUT = dt.timedelta(seconds=30)
MESSAGE = (
    '<bpmn:message id="msg" name="cancel-order"><bpmn:extensionElements>'
    '<zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>'
)


def _process(start_definition: str, interrupting: bool) -> str:
    builder = ProcessBuilder("order")
    builder.roots.append(MESSAGE)
    builder.roots.append('<bpmn:error id="err" errorCode="FAILED"/>')
    flag = "true" if interrupting else "false"
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(service_task("work", "work"))
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "work", "end")
    builder.add(
        '<bpmn:subProcess id="handler" triggeredByEvent="true">'
        f'<bpmn:startEvent id="hStart" isInterrupting="{flag}">{start_definition}</bpmn:startEvent>'
        + service_task("handle", "handle")
        + '<bpmn:endEvent id="hEnd"/>'
        '<bpmn:sequenceFlow id="h1" sourceRef="hStart" targetRef="handle"/>'
        '<bpmn:sequenceFlow id="h2" sourceRef="handle" targetRef="hEnd"/>'
        "</bpmn:subProcess>"
    )
    return builder.xml()


def _engine(xml: str) -> tuple[Engine, ManualClock]:
    clock = ManualClock()
    engine = Engine.open(None, clock=clock)
    engine.deploy({"order.bpmn": xml})
    return engine, clock


def test_interrupting_message_event_subprocess_replaces_the_main_flow() -> None:
    engine, _ = _engine(_process('<bpmn:messageEventDefinition messageRef="msg"/>', interrupting=True))
    created = engine.create_process_instance(bpmn_process_id="order", variables={"orderId": "o-1"})
    engine.publish_message("cancel-order", "o-1", variables={"reason": "customer"})
    stream = RecordStream(engine.records()).with_process_instance(created.process_instance_key)
    assert stream.with_element_id("work").events().intents()[-1] is PI.ELEMENT_TERMINATED
    assert engine.activate_jobs("work", "w", TIMEOUT, 5) == []
    [job] = engine.activate_jobs("handle", "w", TIMEOUT, 5)
    assert job.record.variables["reason"] == "customer"
    engine.complete_job(job.key)
    assert engine.state.element_instances.get(created.process_instance_key) is None
    events = stream.of_type(ValueType.PROCESS_INSTANCE)
    assert RecordStream(engine.records()).with_element_id("order").intents()[-1] is PI.ELEMENT_COMPLETED
    assert events.with_element_id("end").intents() == []


def test_non_interrupting_timer_event_subprocess_runs_alongside() -> None:
    timer = (
        '<bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R2/PT1H'
        "</bpmn:timeCycle></bpmn:timerEventDefinition>"
    )
    engine, clock = _engine(_process(timer, interrupting=False))
    created = engine.create_process_instance(bpmn_process_id="order")
    for _ in range(2):
        clock.advance(dt.timedelta(hours=1))
        engine.run_due()
    handlers = engine.activate_jobs("handle", "w", TIMEOUT, 5)
    assert len(handlers) == 2
    for job in handlers:
        engine.complete_job(job.key)
    assert engine.state.element_instances.get(created.process_instance_key) is not None
    [work] = engine.activate_jobs("work", "w", TIMEOUT, 5)
    engine.complete_job(work.key)
    assert engine.state.element_instances.get(created.process_instance_key) is None
    assert len(engine.state.timers) == 0


def test_error_event_subprocess_catches_a_job_error() -> None:
    mapping = (
        '<bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=cause" target="cause"/>'
        "</zeebe:ioMapping></bpmn:extensionElements>"
    )
    engine, _ = _engine(_process(mapping + '<bpmn:errorEventDefinition errorRef="err"/>', interrupting=True))
    created = engine.create_process_instance(bpmn_process_id="order")
    [job] = engine.activate_jobs("work", "w", TIMEOUT, 5)
    engine.throw_error(job.key, "FAILED", "boom", {"cause": "disk"})
    [handler] = engine.activate_jobs("handle", "w", TIMEOUT, 5)
    assert handler.record.variables["cause"] == "disk"
    engine.complete_job(handler.key)
    assert engine.state.element_instances.get(created.process_instance_key) is None
    assert len(engine.state.incidents) == 0


def test_error_variables_stay_local_to_the_catch_event_without_output_mapping() -> None:
    engine, _ = _engine(_process('<bpmn:errorEventDefinition errorRef="err"/>', interrupting=True))
    engine.create_process_instance(bpmn_process_id="order")
    [job] = engine.activate_jobs("work", "w", TIMEOUT, 5)
    engine.throw_error(job.key, "FAILED", "boom", {"cause": "disk"})
    [handler] = engine.activate_jobs("handle", "w", TIMEOUT, 5)
    assert "cause" not in handler.record.variables


def test_timer_start_event_creates_instances_on_schedule() -> None:
    builder = ProcessBuilder("nightly")
    builder.add(
        '<bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">'
        "R3/PT24H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>"
    )
    builder.add(service_task("report", "report"))
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("tick", "report", "end")
    engine, clock = _engine(builder.xml())
    for _ in range(4):
        clock.advance(dt.timedelta(hours=24))
        engine.run_due()
    jobs = engine.activate_jobs("report", "w", TIMEOUT, 10)
    assert len(jobs) == 3
    assert len({job.record.process_instance_key for job in jobs}) == 3


def test_redeploy_replaces_timer_start_of_the_old_version() -> None:
    def version(job_type: str) -> str:
        builder = ProcessBuilder("nightly")
        builder.add(
            '<bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeDate '
            'xsi:type="bpmn:tFormalExpression">2025-01-01T01:00:00Z</bpmn:timeDate></bpmn:timerEventDefinition>'
            "</bpmn:startEvent>"
        )
        builder.add(service_task("report", job_type))
        builder.add('<bpmn:endEvent id="end"/>')
        builder.chain("tick", "report", "end")
        return builder.xml()

    engine, clock = _engine(version("old"))
    engine.deploy({"order.bpmn": version("new")})
    assert len(engine.state.timers) == 1
    clock.advance(dt.timedelta(hours=1))
    engine.run_due()
    assert engine.activate_jobs("old", "w", TIMEOUT, 5) == []
    assert len(engine.activate_jobs("new", "w", TIMEOUT, 5)) == 1
