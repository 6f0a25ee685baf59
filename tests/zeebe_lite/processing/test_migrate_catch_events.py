"""MigrateProcessInstance with event subscriptions: boundary events of an active task mapped (subscription kept,
timer due date unchanged), unmapped (subscription closed) or new on the target (subscription opened), timer
and signal intermediate catch events keeping their subscription, and replay of those migrations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, service_task
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.records import (
    MessageSubscriptionIntent,
    RecordStream,
    SignalSubscriptionIntent,
    TimerIntent,
    ValueType,
)
from zeebe_lite.records import ProcessInstanceIntent as PI
from zeebe_lite.records import ProcessInstanceMigrationMappingInstruction as Mapping

TIMEOUT = dt.timedelta(seconds=30)
CANCELLED = (
    '<bpmn:message id="cancelMsg" name="cancelled"><bpmn:extensionElements>'
    '<zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>'
)
GO = '<bpmn:signal id="goSignal" name="go"/>'


def _timer(duration: str) -> str:
    return (
        '<bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">'
        f"{duration}</bpmn:timeDuration></bpmn:timerEventDefinition>"
    )


def _boundary(boundary_id: str, definition: str, path_type: str, *, interrupting: bool = True) -> str:
    """A boundary event on 'task' leading to a service task of job type ``path_type`` (then an end event)."""
    cancel = "true" if interrupting else "false"
    return (
        f'<bpmn:boundaryEvent id="{boundary_id}" attachedToRef="task" cancelActivity="{cancel}">{definition}'
        "</bpmn:boundaryEvent>"
        + service_task(f"{boundary_id}Path", path_type)
        + f'<bpmn:endEvent id="{boundary_id}End"/>'
        f'<bpmn:sequenceFlow id="{boundary_id}F1" sourceRef="{boundary_id}" targetRef="{boundary_id}Path"/>'
        f'<bpmn:sequenceFlow id="{boundary_id}F2" sourceRef="{boundary_id}Path" targetRef="{boundary_id}End"/>'
    )


def _order(next_type: str, *extras: str, waiter: str | None = None, waiter_id: str = "task") -> str:
    """start -> 'task' (job type 'charge', or ``waiter``) -> a service task of ``next_type`` -> end.

    ``extras`` are added as they are (boundary events, or root elements when they are messages or signals).
    """
    builder = ProcessBuilder("order")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(waiter or service_task("task", "charge"))
    builder.add(service_task("next", next_type))
    builder.add('<bpmn:endEvent id="end"/>')
    for extra in extras:
        if extra.startswith(("<bpmn:message ", "<bpmn:signal ")):
            builder.roots.append(extra)
        else:
            builder.add(extra)
    builder.chain("start", waiter_id, "next", "end")
    return builder.xml()


def _deploy(engine: Engine, xml: str) -> int:
    return engine.deploy({"order.bpmn": xml}).processes_metadata[0].process_definition_key


def _start(engine: Engine, definition_key: int) -> int:
    created = engine.create_process_instance(
        process_definition_key=definition_key, variables={"orderId": "o-1"}
    )
    return created.process_instance_key


def _stream(engine: Engine, key: int) -> RecordStream:
    return RecordStream(engine.records()).with_process_instance(key)


def test_mapped_interrupting_timer_boundary_fires_at_its_original_due_date_along_the_target() -> None:
    clock = ManualClock()
    engine = Engine.open(None, clock=clock)
    v1 = _deploy(engine, _order("ship", _boundary("late", _timer("PT1H"), "remind")))
    v2 = _deploy(engine, _order("invoice", _boundary("lateV2", _timer("PT3H"), "escalate")))
    key = _start(engine, v1)
    [(timer_key, timer)] = engine.state.timers.of_element_instance(_task_key(engine, key))
    clock.advance(dt.timedelta(minutes=40))

    engine.migrate_process_instance(key, v2, [Mapping("task", "task"), Mapping("late", "lateV2")])

    [(kept_key, kept)] = engine.state.timers.of_element_instance(_task_key(engine, key))
    assert (kept_key, kept.due_date) == (timer_key, timer.due_date)
    assert (kept.target_element_id, kept.process_definition_key) == ("lateV2", v2)
    timers = _stream(engine, key).of_type(ValueType.TIMER).events()
    assert [(record.intent, record.key) for record in timers] == [
        (TimerIntent.CREATED, timer_key),
        (TimerIntent.MIGRATED, timer_key),
    ]
    clock.advance(dt.timedelta(minutes=19))
    assert engine.run_due() == 0
    clock.advance(dt.timedelta(minutes=1))
    assert engine.run_due() == 1
    assert engine.activate_jobs("charge", "w", TIMEOUT, 1) == []
    assert engine.activate_jobs("remind", "w", TIMEOUT, 1) == []
    [escalate] = engine.activate_jobs("escalate", "w", TIMEOUT, 1)
    assert (escalate.record.element_id, escalate.record.process_definition_key) == ("lateV2Path", v2)
    terminated = _stream(engine, key).with_intent(PI.ELEMENT_TERMINATED).first()
    assert terminated.value.element_id == "task"


def test_unmapped_timer_boundary_is_canceled_and_never_fires() -> None:
    clock = ManualClock()
    engine = Engine.open(None, clock=clock)
    v1 = _deploy(engine, _order("ship", _boundary("late", _timer("PT1H"), "remind")))
    v2 = _deploy(engine, _order("invoice"))
    key = _start(engine, v1)
    [(timer_key, _)] = engine.state.timers.of_element_instance(_task_key(engine, key))

    engine.migrate_process_instance(key, v2, [Mapping("task", "task")])

    canceled = _stream(engine, key).of_type(ValueType.TIMER).with_intent(TimerIntent.CANCELED).first()
    assert canceled.key == timer_key
    assert len(engine.state.timers) == 0
    clock.advance(dt.timedelta(hours=2))
    assert engine.run_due() == 0
    [job] = engine.activate_jobs("charge", "w", TIMEOUT, 1)
    engine.complete_job(job.key)
    assert engine.activate_jobs("remind", "w", TIMEOUT, 1) == []
    assert len(engine.activate_jobs("invoice", "w", TIMEOUT, 1)) == 1


def test_new_message_boundary_on_the_target_subscribes_and_interrupts_the_task() -> None:
    engine = Engine.open(None, clock=ManualClock())
    v1 = _deploy(engine, _order("ship"))
    cancel = '<bpmn:messageEventDefinition messageRef="cancelMsg"/>'
    v2 = _deploy(engine, _order("invoice", CANCELLED, _boundary("cancel", cancel, "refund")))
    key = _start(engine, v1)

    engine.migrate_process_instance(key, v2, [Mapping("task", "task")])

    [subscription] = engine.state.messages.subscriptions_for("cancelled", "o-1")
    assert (subscription.element_id, subscription.element_instance_key) == ("cancel", _task_key(engine, key))
    engine.publish_message("cancelled", "o-1", variables={"reason": "changed mind"})
    assert engine.activate_jobs("charge", "w", TIMEOUT, 1) == []
    [refund] = engine.activate_jobs("refund", "w", TIMEOUT, 1)
    assert refund.record.variables["reason"] == "changed mind"
    assert _stream(engine, key).with_intent(PI.ELEMENT_TERMINATED).first().value.element_id == "task"


def test_mapped_message_boundary_keeps_its_subscription() -> None:
    engine = Engine.open(None, clock=ManualClock())
    cancel = '<bpmn:messageEventDefinition messageRef="cancelMsg"/>'
    v1 = _deploy(engine, _order("ship", CANCELLED, _boundary("cancel", cancel, "refund")))
    v2 = _deploy(engine, _order("invoice", CANCELLED, _boundary("abort", cancel, "refundV2")))
    key = _start(engine, v1)

    engine.migrate_process_instance(key, v2, [Mapping("task", "task"), Mapping("cancel", "abort")])

    subscriptions = _stream(engine, key).of_type(ValueType.MESSAGE_SUBSCRIPTION).events().intents()
    assert subscriptions == [MessageSubscriptionIntent.CREATED, MessageSubscriptionIntent.MIGRATED]
    engine.publish_message("cancelled", "o-1")
    assert engine.activate_jobs("refund", "w", TIMEOUT, 1) == []
    assert len(engine.activate_jobs("refundV2", "w", TIMEOUT, 1)) == 1


def test_mapped_non_interrupting_signal_boundary_fires_next_to_the_task() -> None:
    engine = Engine.open(None, clock=ManualClock())
    ping = '<bpmn:signalEventDefinition signalRef="goSignal"/>'
    v1 = _deploy(engine, _order("ship", GO, _boundary("ping", ping, "notify", interrupting=False)))
    v2 = _deploy(engine, _order("invoice", GO, _boundary("pingV2", ping, "notifyV2", interrupting=False)))
    key = _start(engine, v1)

    engine.migrate_process_instance(key, v2, [Mapping("task", "task"), Mapping("ping", "pingV2")])

    signals = RecordStream(engine.records()).of_type(ValueType.SIGNAL_SUBSCRIPTION).events().intents()
    assert signals == [SignalSubscriptionIntent.CREATED, SignalSubscriptionIntent.MIGRATED]
    [subscription] = engine.state.signals.subscriptions("go")
    assert (subscription.catch_element_id, subscription.process_definition_key) == ("pingV2", v2)
    engine.broadcast_signal("go")
    assert engine.activate_jobs("notify", "w", TIMEOUT, 1) == []
    assert len(engine.activate_jobs("notifyV2", "w", TIMEOUT, 1)) == 1
    [job] = engine.activate_jobs("charge", "w", TIMEOUT, 1)
    engine.complete_job(job.key)
    assert len(engine.activate_jobs("invoice", "w", TIMEOUT, 1)) == 1


def test_timer_catch_event_keeps_its_due_date_and_continues_along_the_target() -> None:
    clock = ManualClock()
    engine = Engine.open(None, clock=clock)
    wait = f'<bpmn:intermediateCatchEvent id="wait">{_timer("PT1H")}</bpmn:intermediateCatchEvent>'
    pause = f'<bpmn:intermediateCatchEvent id="pause">{_timer("PT3H")}</bpmn:intermediateCatchEvent>'
    v1 = _deploy(engine, _order("ship", waiter=wait, waiter_id="wait"))
    v2 = _deploy(engine, _order("invoice", waiter=pause, waiter_id="pause"))
    key = _start(engine, v1)
    [timer_key] = engine.state.timers.due(clock.millis() + 3_600_000)
    clock.advance(dt.timedelta(minutes=10))

    engine.migrate_process_instance(key, v2, [Mapping("wait", "pause")])

    timer = engine.state.timers.get(timer_key)
    assert timer is not None
    assert (timer.target_element_id, timer.due_date) == ("pause", clock.millis() + 50 * 60_000)
    clock.advance(dt.timedelta(minutes=49))
    assert engine.run_due() == 0
    clock.advance(dt.timedelta(minutes=1))
    assert engine.run_due() == 1
    assert engine.activate_jobs("ship", "w", TIMEOUT, 1) == []
    [job] = engine.activate_jobs("invoice", "w", TIMEOUT, 1)
    assert job.record.process_instance_key == key


def test_signal_catch_event_is_re_pointed_and_triggered_by_a_broadcast() -> None:
    engine = Engine.open(None, clock=ManualClock())
    hold = '<bpmn:intermediateCatchEvent id="hold"><bpmn:signalEventDefinition signalRef="goSignal"/></bpmn:intermediateCatchEvent>'
    wait = '<bpmn:intermediateCatchEvent id="await"><bpmn:signalEventDefinition signalRef="goSignal"/></bpmn:intermediateCatchEvent>'
    v1 = _deploy(engine, _order("ship", GO, waiter=hold, waiter_id="hold"))
    v2 = _deploy(engine, _order("invoice", GO, waiter=wait, waiter_id="await"))
    key = _start(engine, v1)

    engine.migrate_process_instance(key, v2, [Mapping("hold", "await")])

    [subscription] = engine.state.signals.subscriptions("go")
    assert (subscription.catch_element_id, subscription.bpmn_process_id) == ("await", "order")
    engine.broadcast_signal("go", {"went": True})
    assert engine.activate_jobs("ship", "w", TIMEOUT, 1) == []
    [job] = engine.activate_jobs("invoice", "w", TIMEOUT, 1)
    assert job.record.variables["went"] is True


def test_boundary_migration_replays_after_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "engine.db"
    clock = ManualClock()
    engine = Engine.open(path, clock=clock)
    cancel = '<bpmn:messageEventDefinition messageRef="cancelMsg"/>'
    v1 = _deploy(engine, _order("ship", _boundary("late", _timer("PT1H"), "remind")))
    v2 = _deploy(
        engine,
        _order(
            "invoice",
            CANCELLED,
            _boundary("lateV2", _timer("PT3H"), "escalate"),
            _boundary("cancel", cancel, "refund"),
        ),
    )
    key = _start(engine, v1)
    engine.migrate_process_instance(key, v2, [Mapping("task", "task"), Mapping("late", "lateV2")])

    replayed = Engine.open(path, clock=clock)  # the first engine never closed: no snapshot, the log replays
    assert replayed.snapshot() == engine.snapshot()
    [subscription] = replayed.state.messages.subscriptions_for("cancelled", "o-1")
    assert subscription.element_id == "cancel"
    clock.advance(dt.timedelta(hours=1))
    assert replayed.run_due() == 1
    assert len(replayed.activate_jobs("escalate", "w", TIMEOUT, 1)) == 1
    assert replayed.state.messages.subscriptions_for("cancelled", "o-1") == []
    replayed.close()
    engine.close()


def _task_key(engine: Engine, process_instance_key: int) -> int:
    [task] = engine.state.element_instances.children(process_instance_key)
    assert task.value.element_id == "task"
    return task.key
