"""Replaying the log must rebuild exactly the live state, whatever the engine went through."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, io_mapping, service_task
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine

TIMEOUT = dt.timedelta(seconds=30)


def _busy_process() -> str:
    builder = ProcessBuilder("busy")
    builder.roots.append(
        '<bpmn:message id="msg" name="poke"><bpmn:extensionElements>'
        '<zeebe:subscription correlationKey="=id"/></bpmn:extensionElements></bpmn:message>'
    )
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add('<bpmn:parallelGateway id="fork"/>')
    builder.add(
        '<bpmn:serviceTask id="each"><bpmn:extensionElements><zeebe:taskDefinition type="each"/>'
        + io_mapping(inputs={"doubled": "=item * 2"})
        + "</bpmn:extensionElements><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements>"
        '<zeebe:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="out" '
        'outputElement="=doubled"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>'
        "</bpmn:serviceTask>"
    )
    builder.add(
        '<bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="msg"/>'
        "</bpmn:intermediateCatchEvent>"
    )
    builder.add(service_task("slow", "slow"))
    builder.add(
        '<bpmn:boundaryEvent id="late" attachedToRef="slow" cancelActivity="false"><bpmn:timerEventDefinition>'
        '<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R3/PT10M</bpmn:timeCycle>'
        "</bpmn:timerEventDefinition></bpmn:boundaryEvent>"
    )
    builder.add(
        '<bpmn:userTask id="review"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask>'
    )
    builder.add('<bpmn:parallelGateway id="join"/>')
    builder.add('<bpmn:endEvent id="end"/>')
    builder.add('<bpmn:endEvent id="lateEnd"/>')
    builder.chain("start", "fork")
    builder.chain("fork", "each", "join")
    builder.chain("fork", "wait", "join")
    builder.chain("fork", "slow", "join")
    builder.chain("fork", "review", "join")
    builder.chain("join", "end")
    builder.chain("late", "lateEnd")
    return builder.xml()


def _assert_replays(path: Path, engine: Engine, clock: ManualClock) -> None:
    live = engine.snapshot()
    replayed = Engine.open(path, clock=clock)
    assert replayed.snapshot() == live
    replayed.close()


def test_replay_matches_live_state_at_every_step(tmp_path: Path) -> None:
    path = tmp_path / "engine.db"
    clock = ManualClock()
    engine = Engine.open(path, clock=clock)
    engine.deploy({"busy.bpmn": _busy_process()})
    keys = [
        engine.create_process_instance(bpmn_process_id="busy", variables={"items": [1, 2, 3], "id": f"i-{n}"})
        for n in range(3)
    ]
    _assert_replays(path, engine, clock)

    jobs = engine.activate_jobs("each", "w", TIMEOUT, 5)
    engine.complete_job(jobs[0].key, {"extra": 1})
    engine.fail_job(jobs[1].key, retries=0, error_message="broken")
    engine.fail_job(jobs[2].key, retries=2, retry_backoff=dt.timedelta(minutes=1))
    engine.publish_message("poke", "i-0", time_to_live=dt.timedelta(hours=1), variables={"poked": True})
    engine.publish_message("poke", "nobody", time_to_live=dt.timedelta(minutes=5), message_id="m1")
    _assert_replays(path, engine, clock)

    clock.advance(dt.timedelta(minutes=10))
    engine.run_due()
    [(incident_key, _)] = [
        item for key in keys for item in engine.state.incidents.of_process_instance(key.process_instance_key)
    ]
    engine.update_job_retries(jobs[1].key, 1)
    engine.resolve_incident(incident_key)
    task_key, _ = engine.state.user_tasks.open_tasks()[0]
    engine.complete_user_task(task_key, {"ok": True})
    engine.cancel_process_instance(keys[2].process_instance_key)
    _assert_replays(path, engine, clock)

    clock.advance(dt.timedelta(hours=2))
    engine.run_due()
    for job in engine.activate_jobs("each", "w", TIMEOUT, 20) + engine.activate_jobs(
        "slow", "w", TIMEOUT, 20
    ):
        engine.complete_job(job.key, {})
    for task_key, _ in engine.state.user_tasks.open_tasks():
        engine.complete_user_task(task_key)
    engine.publish_message("poke", "i-1")
    _assert_replays(path, engine, clock)
    assert engine.state.element_instances.get(keys[1].process_instance_key) is None
    engine.close()
