"""Timers driven by the manual clock: intermediate catch, interrupting and non-interrupting boundaries."""

from __future__ import annotations

import datetime as dt

import pytest

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, service_task
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import CommandRejectedError, Engine
from zeebe_lite.records import ProcessInstanceIntent as PI
from zeebe_lite.records import RecordStream, TimerIntent, ValueType

TIMEOUT = dt.timedelta(seconds=30)


def _timer(kind: str, value: str) -> str:
    return (
        "<bpmn:timerEventDefinition>"
        f'<bpmn:{kind} xsi:type="bpmn:tFormalExpression">{value}</bpmn:{kind}>'
        "</bpmn:timerEventDefinition>"
    )


def test_intermediate_timer_waits_for_its_duration() -> None:
    builder = ProcessBuilder("wait")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        f'<bpmn:intermediateCatchEvent id="pause">{_timer("timeDuration", "=delay")}</bpmn:intermediateCatchEvent>'
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "pause", "end")
    clock = ManualClock()
    engine = Engine.open(None, clock=clock)
    engine.deploy({"wait.bpmn": builder.xml()})
    created = engine.create_process_instance(bpmn_process_id="wait", variables={"delay": "PT1M"})
    [timer_key] = engine.state.timers.due(clock.millis() + 60_000)
    timer = engine.state.timers.get(timer_key)
    assert timer is not None
    assert timer.due_date == clock.millis() + 60_000
    clock.advance(dt.timedelta(seconds=59))
    assert engine.run_due() == 0
    assert engine.state.element_instances.get(created.process_instance_key) is not None
    clock.advance(dt.timedelta(seconds=1))
    assert engine.run_due() == 1
    assert engine.state.element_instances.get(created.process_instance_key) is None
    timers = RecordStream(engine.records()).of_type(ValueType.TIMER).events().intents()
    assert timers == [TimerIntent.CREATED, TimerIntent.TRIGGERED]


def _task_with_timer_boundary(interrupting: bool, timer: str) -> str:
    builder = ProcessBuilder("remind")
    cancel = "true" if interrupting else "false"
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(service_task("task", "work"))
    builder.add(
        f'<bpmn:boundaryEvent id="late" attachedToRef="task" cancelActivity="{cancel}">{timer}</bpmn:boundaryEvent>'
    )
    builder.add('<bpmn:endEvent id="done"/>')
    builder.add('<bpmn:endEvent id="escalated"/>')
    builder.chain("start", "task", "done")
    builder.chain("late", "escalated")
    return builder.xml()


def test_interrupting_timer_boundary_terminates_task_and_cancels_job() -> None:
    clock = ManualClock()
    engine = Engine.open(None, clock=clock)
    engine.deploy({"remind.bpmn": _task_with_timer_boundary(True, _timer("timeDuration", "PT10M"))})
    created = engine.create_process_instance(bpmn_process_id="remind")
    [job] = engine.activate_jobs("work", "w", dt.timedelta(hours=1), 1)
    clock.advance(dt.timedelta(minutes=10))
    engine.run_due()
    stream = RecordStream(engine.records()).with_process_instance(created.process_instance_key)
    events = stream.of_type(ValueType.PROCESS_INSTANCE).events()
    assert events.with_element_id("task").intents()[-1] is PI.ELEMENT_TERMINATED
    assert events.with_element_id("escalated").intents()[-1] is PI.ELEMENT_COMPLETED
    assert events.with_element_id("done").intents() == []
    assert engine.state.jobs.get(job.key) is None
    assert len(engine.state.element_instances) == 0


def test_completing_the_task_cancels_its_boundary_timer() -> None:
    clock = ManualClock()
    engine = Engine.open(None, clock=clock)
    engine.deploy({"remind.bpmn": _task_with_timer_boundary(True, _timer("timeDuration", "PT10M"))})
    engine.create_process_instance(bpmn_process_id="remind")
    [job] = engine.activate_jobs("work", "w", TIMEOUT, 1)
    engine.complete_job(job.key)
    assert len(engine.state.timers) == 0
    timers = RecordStream(engine.records()).of_type(ValueType.TIMER).events().intents()
    assert timers == [TimerIntent.CREATED, TimerIntent.CANCELED]
    clock.advance(dt.timedelta(hours=1))
    assert engine.run_due() == 0


def test_non_interrupting_cycle_fires_repeatedly_while_task_waits() -> None:
    clock = ManualClock()
    engine = Engine.open(None, clock=clock)
    engine.deploy({"remind.bpmn": _task_with_timer_boundary(False, _timer("timeCycle", "R2/PT1M"))})
    created = engine.create_process_instance(bpmn_process_id="remind")
    for _ in range(3):
        clock.advance(dt.timedelta(minutes=1))
        engine.run_due()
    stream = RecordStream(engine.records()).with_process_instance(created.process_instance_key)
    escalations = stream.with_element_id("escalated").with_intent(PI.ELEMENT_COMPLETED)
    assert len(escalations) == 2
    task = engine.state.element_instances.children(created.process_instance_key)
    assert [child.value.element_id for child in task] == ["task"]
    [job] = engine.activate_jobs("work", "w", TIMEOUT, 1)
    engine.complete_job(job.key)
    assert len(engine.state.element_instances) == 0


def test_timer_date_in_the_past_fires_immediately() -> None:
    builder = ProcessBuilder("late")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        f'<bpmn:intermediateCatchEvent id="at">{_timer("timeDate", "2020-01-01T00:00:00Z")}</bpmn:intermediateCatchEvent>'
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "at", "end")
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"late.bpmn": builder.xml()})
    created = engine.create_process_instance(bpmn_process_id="late")
    engine.run_due()
    assert engine.state.element_instances.get(created.process_instance_key) is None


def test_cron_cycle_on_a_timer_start_event() -> None:
    builder = ProcessBuilder("office")
    builder.add(
        '<bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">'
        "0 0 9 * * MON-FRI</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>"
    )
    builder.add(service_task("report", "report"))
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("tick", "report", "end")
    clock = ManualClock(dt.datetime(2025, 1, 3, 10, 0, tzinfo=dt.UTC))
    engine = Engine.open(None, clock=clock)
    engine.deploy({"office.bpmn": builder.xml()})
    clock.set(dt.datetime(2025, 1, 5, 23, 0, tzinfo=dt.UTC))
    engine.run_due()
    assert engine.activate_jobs("report", "w", TIMEOUT, 5) == []
    clock.set(dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.UTC))
    engine.run_due()
    assert len(engine.activate_jobs("report", "w", TIMEOUT, 5)) == 1
    [(_, timer)] = [(key, engine.state.timers.get(key)) for key in engine.state.timers.due(2**62)]
    assert timer is not None
    assert timer.due_date == (dt.datetime(2025, 1, 7, 9, 0, tzinfo=dt.UTC).timestamp() * 1000)


def test_unschedulable_start_timer_is_rejected_at_deploy() -> None:
    builder = ProcessBuilder("broken")
    builder.add(
        '<bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">'
        "every day</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>"
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("tick", "end")
    engine = Engine.open(None, clock=ManualClock())
    with pytest.raises(CommandRejectedError) as rejected:
        engine.deploy({"broken.bpmn": builder.xml()})
    assert "tick" in rejected.value.reason
