"""Exclusive gateway (conditions, default flow, incident) and parallel gateway (fork and join)."""

from __future__ import annotations

import datetime as dt

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, service_task
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.records import ErrorType, IncidentIntent, RecordStream, ValueType
from zeebe_lite.records import ProcessInstanceIntent as PI

TIMEOUT = dt.timedelta(seconds=30)


def _exclusive(with_default: bool) -> str:
    builder = ProcessBuilder("route")
    default = ' default="toSmall"' if with_default else ""
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(f'<bpmn:exclusiveGateway id="split"{default}/>')
    builder.add('<bpmn:endEvent id="big"/>')
    builder.add('<bpmn:endEvent id="medium"/>')
    builder.add('<bpmn:endEvent id="small"/>')
    builder.flow("start", "split")
    builder.flow("split", "big", "= amount &gt; 100", flow_id="toBig")
    builder.flow("split", "medium", "= amount &gt; 10", flow_id="toMedium")
    if with_default:
        builder.flow("split", "small", flow_id="toSmall")
    return builder.xml()


def _completed_ends(engine: Engine, process_instance_key: int) -> list[str]:
    stream = RecordStream(engine.records()).with_process_instance(process_instance_key)
    completed = stream.of_type(ValueType.PROCESS_INSTANCE).with_intent(PI.ELEMENT_COMPLETED)
    return [
        record.value.element_id
        for record in completed
        if record.value.element_id in ("big", "medium", "small")
    ]


def test_first_true_condition_wins_else_default() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"route.bpmn": _exclusive(with_default=True)})
    cases = {500: ["big"], 50: ["medium"], 5: ["small"]}
    for amount, expected in cases.items():
        created = engine.create_process_instance(bpmn_process_id="route", variables={"amount": amount})
        assert _completed_ends(engine, created.process_instance_key) == expected


def test_no_matching_condition_raises_incident_and_resolving_continues() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"route.bpmn": _exclusive(with_default=False)})
    created = engine.create_process_instance(bpmn_process_id="route", variables={"amount": 1})
    incidents = engine.state.incidents.of_process_instance(created.process_instance_key)
    assert len(incidents) == 1
    incident_key, incident = incidents[0]
    assert incident.error_type is ErrorType.CONDITION_ERROR
    assert incident.element_id == "split"
    assert "default flow" in incident.error_message

    engine.set_variables(created.process_instance_key, {"amount": 20})
    engine.resolve_incident(incident_key)
    assert _completed_ends(engine, created.process_instance_key) == ["medium"]
    stream = RecordStream(engine.records()).of_type(ValueType.INCIDENT).events()
    assert stream.intents() == [IncidentIntent.CREATED, IncidentIntent.RESOLVED]
    assert len(engine.state.element_instances) == 0


def test_non_boolean_condition_is_an_incident() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"route.bpmn": _exclusive(with_default=True)})
    created = engine.create_process_instance(bpmn_process_id="route", variables={})
    [(_, incident)] = engine.state.incidents.of_process_instance(created.process_instance_key)
    assert incident.error_type is ErrorType.CONDITION_ERROR
    assert "BOOLEAN" in incident.error_message


def _parallel() -> str:
    builder = ProcessBuilder("fanout")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add('<bpmn:parallelGateway id="fork"/>')
    builder.add(service_task("a", "task-a"))
    builder.add(service_task("b", "task-b"))
    builder.add('<bpmn:parallelGateway id="join"/>')
    builder.add(service_task("after", "task-after"))
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "fork")
    builder.chain("fork", "a", "join")
    builder.chain("fork", "b", "join")
    builder.chain("join", "after", "end")
    return builder.xml()


def test_parallel_fork_and_join() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"fanout.bpmn": _parallel()})
    created = engine.create_process_instance(bpmn_process_id="fanout")
    [job_a] = engine.activate_jobs("task-a", "w", TIMEOUT, 5)
    [job_b] = engine.activate_jobs("task-b", "w", TIMEOUT, 5)
    engine.complete_job(job_a.key, {"a": 1})
    assert engine.activate_jobs("task-after", "w", TIMEOUT, 5) == []
    engine.complete_job(job_b.key, {"b": 2})
    [after] = engine.activate_jobs("task-after", "w", TIMEOUT, 5)
    assert after.record.variables == {"a": 1, "b": 2}
    engine.complete_job(after.key)

    stream = RecordStream(engine.records()).with_process_instance(created.process_instance_key)
    joins = stream.of_type(ValueType.PROCESS_INSTANCE).with_element_id("join").events().intents()
    assert joins == [PI.ELEMENT_ACTIVATING, PI.ELEMENT_ACTIVATED, PI.ELEMENT_COMPLETING, PI.ELEMENT_COMPLETED]
    assert stream.with_element_id("fanout").intents()[-1] is PI.ELEMENT_COMPLETED
    assert len(engine.state.element_instances) == 0


def test_parallel_branches_ending_separately_complete_the_process_once() -> None:
    builder = ProcessBuilder("split")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add('<bpmn:parallelGateway id="fork"/>')
    builder.add(service_task("a", "task-a"))
    builder.add('<bpmn:endEvent id="endA"/>')
    builder.add('<bpmn:endEvent id="endB"/>')
    builder.chain("start", "fork")
    builder.chain("fork", "a", "endA")
    builder.chain("fork", "endB")
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"split.bpmn": builder.xml()})
    created = engine.create_process_instance(bpmn_process_id="split")
    assert engine.state.element_instances.get(created.process_instance_key) is not None
    [job] = engine.activate_jobs("task-a", "w", TIMEOUT, 5)
    engine.complete_job(job.key)
    stream = RecordStream(engine.records()).with_element_id("split").with_intent(PI.ELEMENT_COMPLETED)
    assert len(stream) == 1
    assert len(engine.state.element_instances) == 0
