"""MigrateProcessInstance on the engine: re-pointed element instances, jobs, user tasks and incidents, the
instance continuing on the target model, all-or-nothing rejections and replay of the migration events."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, io_mapping, service_task, simple_task_process
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import CommandRejectedError, Engine
from zeebe_lite.records import (
    IncidentIntent,
    JobIntent,
    ProcessInstanceMigrationIntent,
    RecordStream,
    RejectionType,
    UserTaskIntent,
    ValueType,
    VariableIntent,
)
from zeebe_lite.records import ProcessInstanceIntent as PI
from zeebe_lite.records import ProcessInstanceMigrationMappingInstruction as Mapping

TIMEOUT = dt.timedelta(seconds=30)
TIMER = (
    '<bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H'
    "</bpmn:timeDuration></bpmn:timerEventDefinition>"
)
AMOUNT_KEY = "=string(amount)"
MESSAGE = '<bpmn:messageEventDefinition messageRef="msg"/>'
"""Catches the root message of :func:`_message_root`."""


def _task_process(
    next_type: str, *, task_id: str = "task", task_xml: str | None = None, extra: str = "", root: str = ""
) -> str:
    """start -> task (job type 'charge') -> a service task of job type ``next_type`` -> end."""
    builder = ProcessBuilder("order")
    if root:
        builder.roots.append(root)
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(task_xml or service_task(task_id, "charge"))
    builder.add(service_task("next", next_type))
    builder.add('<bpmn:endEvent id="end"/>')
    if extra:
        builder.add(extra)
    builder.chain("start", task_id, "next", "end")
    return builder.xml()


def _sub_process(inner_id: str, *, sub_id: str = "sub") -> str:
    builder = ProcessBuilder("order")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        f'<bpmn:subProcess id="{sub_id}"><bpmn:startEvent id="innerStart"/>'
        + service_task(inner_id, "inner")
        + '<bpmn:endEvent id="innerEnd"/>'
        f'<bpmn:sequenceFlow id="i1" sourceRef="innerStart" targetRef="{inner_id}"/>'
        f'<bpmn:sequenceFlow id="i2" sourceRef="{inner_id}" targetRef="innerEnd"/>'
        "</bpmn:subProcess>"
    )
    builder.add(service_task("after", "after"))
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", sub_id, "after", "end")
    return builder.xml()


def _user_task(task_id: str, *, camunda: bool = True) -> str:
    marker = "<zeebe:userTask/>" if camunda else ""
    return f'<bpmn:userTask id="{task_id}"><bpmn:extensionElements>{marker}</bpmn:extensionElements></bpmn:userTask>'


def _deploy(engine: Engine, xml: str) -> int:
    return engine.deploy({"order.bpmn": xml}).processes_metadata[0].process_definition_key


def _start(engine: Engine, definition_key: int) -> int:
    created = engine.create_process_instance(process_definition_key=definition_key, variables={"amount": 5})
    return created.process_instance_key


def _element_ids(engine: Engine, process_instance_key: int) -> list[str]:
    """The element ids of the instance's live element instances, as the state holds them."""
    found: list[str] = []
    pending = [process_instance_key]
    while pending:
        key = pending.pop()
        instance = engine.state.element_instances.get(key)
        assert instance is not None
        found.append(instance.value.element_id)
        pending.extend(child.key for child in engine.state.element_instances.children(key))
    return sorted(found)


def test_service_task_moves_to_v2_and_continues_along_v2() -> None:
    engine = Engine.open(None, clock=ManualClock())
    v1 = _deploy(engine, _task_process("ship"))
    v2 = _deploy(engine, _task_process("invoice"))
    key = _start(engine, v1)
    [job] = engine.activate_jobs("charge", "w", TIMEOUT, 1)

    migrated = engine.migrate_process_instance(key, v2, [Mapping("task", "task")])

    assert (migrated.process_definition_key, migrated.target_process_definition_key) == (v1, v2)
    stream = RecordStream(engine.records()).with_process_instance(key)
    assert stream.of_type(ValueType.PROCESS_INSTANCE_MIGRATION).intents() == [
        ProcessInstanceMigrationIntent.MIGRATE,
        ProcessInstanceMigrationIntent.MIGRATED,
    ]
    element_migrated = stream.of_type(ValueType.PROCESS_INSTANCE).with_intent(PI.ELEMENT_MIGRATED)
    assert [(record.value.element_id, record.value.version) for record in element_migrated] == [
        ("order", 2),
        ("task", 2),
    ]
    assert {record.value.process_definition_key for record in element_migrated} == {v2}
    [job_migrated] = stream.of_type(ValueType.JOB).with_intent(JobIntent.MIGRATED)
    assert job_migrated.key == job.key
    live_job = engine.state.jobs.get(job.key)
    assert live_job is not None
    assert (live_job.record.type, live_job.record.retries) == (job.record.type, job.record.retries)
    assert (live_job.record.process_definition_key, live_job.record.process_definition_version) == (v2, 2)
    [variable] = stream.of_type(ValueType.VARIABLE).with_intent(VariableIntent.MIGRATED)
    assert (variable.value.name, variable.value.scope_key) == ("amount", key)
    assert engine.state.variables.local_variables(key) == {"amount": 5}

    engine.complete_job(job.key, {"paid": True})
    assert engine.activate_jobs("ship", "w", TIMEOUT, 1) == []
    [next_job] = engine.activate_jobs("invoice", "w", TIMEOUT, 1)
    assert next_job.record.process_definition_key == v2
    engine.complete_job(next_job.key)
    assert engine.state.element_instances.get(key) is None
    completed = RecordStream(engine.records()).with_key(key).with_intent(PI.ELEMENT_COMPLETED).first()
    assert completed.value.process_definition_key == v2


def test_element_can_be_mapped_to_another_id_and_keeps_its_job_type() -> None:
    engine = Engine.open(None, clock=ManualClock())
    v1 = _deploy(engine, _task_process("ship"))
    v2 = _deploy(engine, _task_process("invoice", task_id="pay", task_xml=service_task("pay", "pay-v2")))
    key = _start(engine, v1)

    engine.migrate_process_instance(key, v2, [Mapping("task", "pay")])

    assert _element_ids(engine, key) == ["order", "pay"]
    assert engine.activate_jobs("pay-v2", "w", TIMEOUT, 1) == []
    [job] = engine.activate_jobs("charge", "w", TIMEOUT, 1)
    assert (job.record.element_id, job.record.process_definition_key) == ("pay", v2)
    engine.complete_job(job.key)
    assert len(engine.activate_jobs("invoice", "w", TIMEOUT, 1)) == 1


def test_camunda_user_task_is_migrated() -> None:
    engine = Engine.open(None, clock=ManualClock())
    v1 = _deploy(engine, _task_process("ship", task_id="review", task_xml=_user_task("review")))
    v2 = _deploy(engine, _task_process("invoice", task_id="approve", task_xml=_user_task("approve")))
    key = _start(engine, v1)
    [(task_key, _)] = engine.state.user_tasks.open_tasks()

    engine.migrate_process_instance(key, v2, [Mapping("review", "approve")])

    [(same_key, task)] = engine.state.user_tasks.open_tasks()
    assert same_key == task_key
    assert (task.element_id, task.process_definition_key, task.process_definition_version) == (
        "approve",
        v2,
        2,
    )
    stream = RecordStream(engine.records()).of_type(ValueType.USER_TASK)
    assert stream.with_intent(UserTaskIntent.MIGRATED).first().key == task_key
    engine.complete_user_task(task_key, {"ok": True})
    assert len(engine.activate_jobs("invoice", "w", TIMEOUT, 1)) == 1


def test_subprocess_and_inner_task_are_migrated() -> None:
    engine = Engine.open(None, clock=ManualClock())
    v1 = _deploy(engine, _sub_process("inner"))
    v2 = _deploy(engine, _sub_process("innerV2", sub_id="subV2"))
    key = _start(engine, v1)

    engine.migrate_process_instance(key, v2, [Mapping("sub", "subV2"), Mapping("inner", "innerV2")])

    assert _element_ids(engine, key) == ["innerV2", "order", "subV2"]
    [job] = engine.activate_jobs("inner", "w", TIMEOUT, 1)
    assert job.record.element_id == "innerV2"
    engine.complete_job(job.key)
    [after] = engine.activate_jobs("after", "w", TIMEOUT, 1)
    engine.complete_job(after.key)
    assert engine.state.element_instances.get(key) is None


def test_open_job_incident_is_migrated_and_resolvable() -> None:
    engine = Engine.open(None, clock=ManualClock())
    v1 = _deploy(engine, _task_process("ship"))
    v2 = _deploy(engine, _task_process("invoice"))
    key = _start(engine, v1)
    [job] = engine.activate_jobs("charge", "w", TIMEOUT, 1)
    engine.fail_job(job.key, retries=0, error_message="down")
    [(incident_key, _)] = engine.state.incidents.of_process_instance(key)

    engine.migrate_process_instance(key, v2, [Mapping("task", "task")])

    incident = engine.state.incidents.get(incident_key)
    assert incident is not None
    assert (incident.process_definition_key, incident.element_id, incident.job_key) == (v2, "task", job.key)
    migrated = RecordStream(engine.records()).of_type(ValueType.INCIDENT).with_intent(IncidentIntent.MIGRATED)
    assert [record.key for record in migrated] == [incident_key]
    engine.update_job_retries(job.key, 1)
    engine.resolve_incident(incident_key)
    [retried] = engine.activate_jobs("charge", "w", TIMEOUT, 1)
    engine.complete_job(retried.key)
    assert len(engine.activate_jobs("invoice", "w", TIMEOUT, 1)) == 1


def _message_root(name: str, correlation_key: str = "=orderId") -> str:
    return (
        f'<bpmn:message id="msg" name="{name}"><bpmn:extensionElements>'
        f'<zeebe:subscription correlationKey="{correlation_key}"/></bpmn:extensionElements></bpmn:message>'
    )


def _signal_definition(signal_ref: str) -> str:
    return f'<bpmn:signalEventDefinition signalRef="{signal_ref}"/>'


def _catch(catch_id: str, definition: str) -> str:
    return f'<bpmn:intermediateCatchEvent id="{catch_id}">{definition}</bpmn:intermediateCatchEvent>'


def _boundary(boundary_id: str, attached_to: str, definition: str) -> str:
    """An interrupting boundary event on ``attached_to`` leading to an end event."""
    return (
        f'<bpmn:boundaryEvent id="{boundary_id}" attachedToRef="{attached_to}">{definition}</bpmn:boundaryEvent>'
        f'<bpmn:endEvent id="{boundary_id}End"/>'
        f'<bpmn:sequenceFlow id="{boundary_id}Flow" sourceRef="{boundary_id}" targetRef="{boundary_id}End"/>'
    )


def _rejection_cases() -> list[tuple[str, str, list[Mapping], RejectionType, str]]:
    """(source xml, target xml, mappings, rejection type, part of the reason) for a started instance."""
    base = _task_process("ship")
    boundary = _boundary("late", "task", TIMER)
    signals = '<bpmn:signal id="go" name="go"/><bpmn:signal id="stop" name="stop"/>'
    looped = (
        '<bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="charge"/>'
        "</bpmn:extensionElements><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements>"
        '<zeebe:loopCharacteristics inputCollection="=[1, 2]" inputElement="item"/></bpmn:extensionElements>'
        "</bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>"
    )
    event_sub_process = (
        '<bpmn:subProcess id="onTimeout" triggeredByEvent="true">'
        f'<bpmn:startEvent id="timeoutStart">{TIMER}</bpmn:startEvent><bpmn:endEvent id="timeoutEnd"/>'
        '<bpmn:sequenceFlow id="tf" sourceRef="timeoutStart" targetRef="timeoutEnd"/></bpmn:subProcess>'
    )
    return [
        (
            base,
            base,
            [Mapping("task", "task"), Mapping("task", "next")],
            RejectionType.INVALID_ARGUMENT,
            "contain duplicate source element ids '[task]'",
        ),
        (
            base,
            base,
            [Mapping("nope", "task")],
            RejectionType.INVALID_ARGUMENT,
            "non-existing source element id 'nope'",
        ),
        (
            base,
            base,
            [Mapping("task", "nope")],
            RejectionType.INVALID_ARGUMENT,
            "non-existing target element id 'nope'",
        ),
        (base, base, [], RejectionType.INVALID_STATE, "active element with id 'task' is not mapped"),
        (
            base,
            _task_process("x", task_id="task", task_xml=_user_task("task")),
            [Mapping("task", "task")],
            RejectionType.INVALID_STATE,
            "active element with id 'task' and type 'SERVICE_TASK' is mapped to an element with id 'task' and "
            "different type 'USER_TASK'",
        ),
        (
            base,
            _sub_process("inner"),
            [Mapping("task", "inner")],
            RejectionType.INVALID_STATE,
            "The flow scope of the active element is expected to be 'order2' but was 'sub'",
        ),
        (
            _task_process("x", extra=boundary),
            _task_process(
                "x", extra=_boundary("poke", "task", MESSAGE), root=_message_root("poked", AMOUNT_KEY)
            ),
            [Mapping("task", "task"), Mapping("late", "poke")],
            RejectionType.INVALID_STATE,
            "boundary event with id 'late' of active element with id 'task' has the event type 'TIMER' but is "
            "mapped to a boundary event with id 'poke' and different event type 'MESSAGE'",
        ),
        (
            _task_process("x", extra=boundary),
            _task_process("x", extra=_boundary("late", "next", TIMER)),
            [Mapping("task", "task"), Mapping("late", "late")],
            RejectionType.INVALID_STATE,
            "boundary event with id 'late' of active element with id 'task' is mapped to 'late', which is not a "
            "boundary event attached to the element's target 'task'",
        ),
        (
            _task_process("x", extra=boundary),
            _task_process("x", extra=_boundary("task2", "task", TIMER)),
            [Mapping("task", "task"), Mapping("late", "task")],
            RejectionType.INVALID_STATE,
            "is mapped to 'task', which is not a boundary event attached to the element's target 'task'",
        ),
        (
            _task_process("x", extra=boundary + _boundary("later", "task", TIMER)),
            _task_process("x", extra=boundary),
            [Mapping("task", "task"), Mapping("late", "late"), Mapping("later", "late")],
            RejectionType.INVALID_STATE,
            "boundary event with id 'later' of active element with id 'task' is mapped to the boundary event with "
            "id 'late', which another boundary event is mapped to as well",
        ),
        (
            _task_process(
                "x", extra=_boundary("cancel", "task", MESSAGE), root=_message_root("cancelled", AMOUNT_KEY)
            ),
            _task_process(
                "x", extra=_boundary("cancel", "task", MESSAGE), root=_message_root("aborted", AMOUNT_KEY)
            ),
            [Mapping("task", "task"), Mapping("cancel", "cancel")],
            RejectionType.INVALID_STATE,
            "boundary event with id 'cancel' of active element with id 'task' is subscribed to the message "
            "'cancelled' but the target element with id 'cancel' does not catch a message of this static name",
        ),
        (
            _task_process("x", extra=_boundary("ping", "task", _signal_definition("go")), root=signals),
            _task_process("x", extra=_boundary("ping", "task", _signal_definition("stop")), root=signals),
            [Mapping("task", "task"), Mapping("ping", "ping")],
            RejectionType.INVALID_STATE,
            "boundary event with id 'ping' of active element with id 'task' is subscribed to the signal 'go' but "
            "the target element with id 'ping' does not catch a signal of this static name",
        ),
        (
            base,
            _task_process(
                "x", extra=_boundary("poke", "task", MESSAGE), root=_message_root("poked", "=missing")
            ),
            [Mapping("task", "task")],
            RejectionType.INVALID_STATE,
            "the boundary events 'poke' of the target element with id 'task' could not subscribe for active "
            "element with id 'task': Failed to extract the correlation key",
        ),
        (
            _task_process("x", task_id="wait", task_xml=_catch("wait", TIMER)),
            _task_process(
                "x", task_id="wait", task_xml=_catch("wait", _signal_definition("go")), root=signals
            ),
            [Mapping("wait", "wait")],
            RejectionType.INVALID_STATE,
            "active element with id 'wait' is an intermediate catch event of type 'TIMER' and is mapped to an "
            "element with id 'wait' and different event type 'SIGNAL'",
        ),
        (
            _task_process(
                "x", task_id="wait", task_xml=_catch("wait", _signal_definition("go")), root=signals
            ),
            _task_process(
                "x", task_id="wait", task_xml=_catch("wait", _signal_definition("stop")), root=signals
            ),
            [Mapping("wait", "wait")],
            RejectionType.INVALID_STATE,
            "active element with id 'wait' is subscribed to the signal 'go' but the target element with id 'wait' "
            "does not catch a signal of this static name",
        ),
        (
            base,
            _task_process("x", extra=event_sub_process),
            [Mapping("task", "task")],
            RejectionType.INVALID_STATE,
            "target element with id 'order2' has one or more event subprocesses with start events of types 'TIMER'",
        ),
        (
            _task_process("x", task_xml=looped),
            base,
            [Mapping("task", "task")],
            RejectionType.INVALID_STATE,
            "active element with id 'task' has an unsupported type. The migration of a MULTI_INSTANCE_BODY",
        ),
        (
            base,
            _task_process("x", task_xml=looped),
            [Mapping("task", "task")],
            RejectionType.INVALID_STATE,
            "different type 'MULTI_INSTANCE_BODY'",
        ),
        (
            _task_process("x", task_id="review", task_xml=_user_task("review", camunda=False)),
            _task_process("x", task_id="review", task_xml=_user_task("review")),
            [Mapping("review", "review")],
            RejectionType.INVALID_STATE,
            "active user task with id 'review' and implementation 'job worker' is mapped to an user task with "
            "id 'review' and different implementation 'zeebe user task'",
        ),
    ]


@pytest.mark.parametrize(("source", "target", "mappings", "rejection_type", "reason"), _rejection_cases())
def test_rejections_change_nothing(
    source: str, target: str, mappings: list[Mapping], rejection_type: RejectionType, reason: str
) -> None:
    engine = Engine.open(None, clock=ManualClock())
    source_key = _deploy(engine, source)
    target_key = _deploy(engine, target.replace('id="order"', 'id="order2"', 1))
    key = _start(engine, source_key)
    before = engine.snapshot()
    with pytest.raises(CommandRejectedError) as rejected:
        engine.migrate_process_instance(key, target_key, mappings)
    assert rejected.value.rejection_type is rejection_type
    assert reason in rejected.value.reason
    assert rejected.value.reason.startswith(f"Expected to migrate process instance '{key}' but ")
    assert engine.snapshot() == before


def _waiting_for_message(waiter: str, waiter_id: str, next_type: str, message_name: str = "paid") -> str:
    builder = ProcessBuilder("order")
    builder.roots.append(_message_root(message_name))
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(waiter)
    builder.add(service_task("next", next_type))
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", waiter_id, "next", "end")
    return builder.xml()


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (
            '<bpmn:receiveTask id="receive" messageRef="msg"/>',
            '<bpmn:receiveTask id="await" messageRef="msg"/>',
        ),
        (
            '<bpmn:intermediateCatchEvent id="receive"><bpmn:messageEventDefinition messageRef="msg"/>'
            "</bpmn:intermediateCatchEvent>",
            '<bpmn:intermediateCatchEvent id="await"><bpmn:messageEventDefinition messageRef="msg"/>'
            "</bpmn:intermediateCatchEvent>",
        ),
    ],
)
def test_message_catch_keeps_its_subscription(source: str, target: str) -> None:
    engine = Engine.open(None, clock=ManualClock())
    v1 = _deploy(engine, _waiting_for_message(source, "receive", "ship"))
    v2 = _deploy(engine, _waiting_for_message(target, "await", "invoice"))
    key = engine.create_process_instance(
        process_definition_key=v1, variables={"orderId": "o-1"}
    ).process_instance_key

    engine.migrate_process_instance(key, v2, [Mapping("receive", "await")])

    [subscription] = engine.state.messages.subscriptions_for("paid", "o-1")
    assert (subscription.element_id, subscription.process_instance_key) == ("await", key)
    engine.publish_message("paid", "o-1", variables={"paid": True})
    [job] = engine.activate_jobs("invoice", "w", TIMEOUT, 1)
    assert job.record.variables["paid"] is True


def test_message_catch_mapped_to_another_message_is_rejected() -> None:
    engine = Engine.open(None, clock=ManualClock())
    receive = '<bpmn:receiveTask id="receive" messageRef="msg"/>'
    v1 = _deploy(engine, _waiting_for_message(receive, "receive", "ship"))
    v2 = _deploy(engine, _waiting_for_message(receive, "receive", "ship", message_name="refunded"))
    key = engine.create_process_instance(
        process_definition_key=v1, variables={"orderId": "o-1"}
    ).process_instance_key
    before = engine.snapshot()
    with pytest.raises(CommandRejectedError) as rejected:
        engine.migrate_process_instance(key, v2, [Mapping("receive", "receive")])
    assert rejected.value.rejection_type is RejectionType.INVALID_STATE
    assert (
        "is subscribed to the message 'paid' but the target element with id 'receive'"
        in rejected.value.reason
    )
    assert engine.snapshot() == before


def _caller(call_id: str, next_type: str) -> str:
    builder = ProcessBuilder("parent")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        f'<bpmn:callActivity id="{call_id}"><bpmn:extensionElements><zeebe:calledElement processId="child"/>'
        "</bpmn:extensionElements></bpmn:callActivity>"
    )
    builder.add(service_task("next", next_type))
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", call_id, "next", "end")
    return builder.xml()


def test_call_activity_caller_side_is_migrated_and_the_child_is_untouched() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"child.bpmn": simple_task_process("child", "work")})
    v1 = engine.deploy({"parent.bpmn": _caller("call", "ship")}).processes_metadata[0].process_definition_key
    v2 = (
        engine.deploy({"parent.bpmn": _caller("delegate", "invoice")})
        .processes_metadata[0]
        .process_definition_key
    )
    key = _start(engine, v1)
    [child_job] = engine.activate_jobs("work", "w", TIMEOUT, 1)
    child_key = child_job.record.process_instance_key
    child_before = engine.state.element_instances.get(child_key)
    assert child_before is not None
    child_definition = child_before.value.process_definition_key

    engine.migrate_process_instance(key, v2, [Mapping("call", "delegate")])

    assert _element_ids(engine, key) == ["delegate", "parent"]
    child = engine.state.element_instances.get(child_key)
    assert child is not None
    assert child.value.process_definition_key == child_definition
    engine.complete_job(child_job.key)
    [job] = engine.activate_jobs("invoice", "w", TIMEOUT, 1)
    assert job.record.process_instance_key == key


def test_token_waiting_at_a_join_is_rejected() -> None:
    builder = ProcessBuilder("order")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add('<bpmn:parallelGateway id="fork"/>')
    builder.add(service_task("a", "a"))
    builder.add(service_task("b", "b"))
    builder.add('<bpmn:parallelGateway id="join"/>')
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "fork", "a", "join", "end")
    builder.chain("fork", "b", "join")
    engine = Engine.open(None, clock=ManualClock())
    v1 = _deploy(engine, builder.xml())
    key = _start(engine, v1)
    [job] = engine.activate_jobs("a", "w", TIMEOUT, 1)
    engine.complete_job(job.key)
    before = engine.snapshot()
    with pytest.raises(CommandRejectedError) as rejected:
        engine.migrate_process_instance(key, v1, [Mapping("b", "b")])
    assert rejected.value.rejection_type is RejectionType.INVALID_STATE
    assert "active element with id 'order' has tokens waiting on the sequence flows" in rejected.value.reason
    assert engine.snapshot() == before


def test_element_stuck_on_an_incident_is_migrated_and_retried_on_the_target() -> None:
    engine = Engine.open(None, clock=ManualClock())
    broken = service_task(
        "task", "charge", extra=io_mapping(inputs={"total": "=assert(missing, missing != null)"})
    )
    v1 = _deploy(engine, _task_process("ship", task_xml=broken))
    v2 = _deploy(engine, _task_process("invoice"))
    key = _start(engine, v1)
    [(incident_key, incident)] = engine.state.incidents.of_process_instance(key)
    assert incident.job_key == -1

    engine.migrate_process_instance(key, v2, [Mapping("task", "task")])

    migrated = engine.state.incidents.get(incident_key)
    assert migrated is not None
    assert migrated.process_definition_key == v2
    engine.resolve_incident(incident_key)
    [job] = engine.activate_jobs("charge", "w", TIMEOUT, 1)
    assert "total" not in job.record.variables
    engine.complete_job(job.key)
    assert len(engine.activate_jobs("invoice", "w", TIMEOUT, 1)) == 1


def test_unknown_instance_and_unknown_target_definition() -> None:
    engine = Engine.open(None, clock=ManualClock())
    v1 = _deploy(engine, _task_process("ship"))
    key = _start(engine, v1)
    with pytest.raises(CommandRejectedError) as unknown_instance:
        engine.migrate_process_instance(424242, v1, [Mapping("task", "task")])
    assert unknown_instance.value.rejection_type is RejectionType.NOT_FOUND
    assert unknown_instance.value.reason == (
        "Expected to migrate process instance but no process instance found with key '424242'"
    )
    with pytest.raises(CommandRejectedError) as unknown_definition:
        engine.migrate_process_instance(key, 777, [Mapping("task", "task")])
    assert unknown_definition.value.rejection_type is RejectionType.NOT_FOUND
    assert unknown_definition.value.reason == (
        "Expected to migrate process instance to process definition but no process definition found with key '777'"
    )


def test_migration_replays_into_the_same_state_and_the_instance_continues(tmp_path: Path) -> None:
    path = tmp_path / "engine.db"
    clock = ManualClock()
    engine = Engine.open(path, clock=clock)
    v1 = _deploy(engine, _sub_process("inner"))
    v2 = _deploy(engine, _sub_process("innerV2", sub_id="subV2"))
    key = _start(engine, v1)
    [job] = engine.activate_jobs("inner", "w", TIMEOUT, 1)
    engine.fail_job(job.key, retries=0, error_message="down")
    engine.migrate_process_instance(key, v2, [Mapping("sub", "subV2"), Mapping("inner", "innerV2")])

    replayed = Engine.open(path, clock=clock)  # the first engine never closed: no snapshot, the log replays
    assert replayed.snapshot() == engine.snapshot()
    assert _element_ids(replayed, key) == ["innerV2", "order", "subV2"]
    [(incident_key, incident)] = replayed.state.incidents.of_process_instance(key)
    assert (incident.element_id, incident.process_definition_key) == ("innerV2", v2)
    replayed.update_job_retries(job.key, 1)
    replayed.resolve_incident(incident_key)
    [retried] = replayed.activate_jobs("inner", "w", TIMEOUT, 1)
    assert (retried.key, retried.record.element_id) == (job.key, "innerV2")
    replayed.complete_job(retried.key)
    [after] = replayed.activate_jobs("after", "w", TIMEOUT, 1)
    replayed.complete_job(after.key)
    assert replayed.state.element_instances.get(key) is None
    replayed.close()
    engine.close()
