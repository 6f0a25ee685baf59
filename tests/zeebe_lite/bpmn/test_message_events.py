"""Messages: catch events, buffering with TTL, message id uniqueness, boundary events, message start events."""

from __future__ import annotations

import datetime as dt

import pytest

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, service_task
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import CommandRejectedError, Engine
from zeebe_lite.records import (
    MessageIntent,
    MessageSubscriptionIntent,
    RecordStream,
    RejectionType,
    ValueType,
)
from zeebe_lite.records import (
    ProcessInstanceIntent as PI,
)

MESSAGE = '<bpmn:message id="paid" name="payment-received"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>'


def _waiting_process() -> str:
    builder = ProcessBuilder("order")
    builder.roots.append(MESSAGE)
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        '<bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="paid"/></bpmn:intermediateCatchEvent>'
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "wait", "end")
    return builder.xml()


def _engine() -> tuple[Engine, ManualClock]:
    clock = ManualClock()
    engine = Engine.open(None, clock=clock)
    engine.deploy({"order.bpmn": _waiting_process()})
    return engine, clock


def _finished(engine: Engine, key: int) -> bool:
    return engine.state.element_instances.get(key) is None


def test_published_message_correlates_to_waiting_instance_with_variables() -> None:
    engine, _ = _engine()
    waiting = engine.create_process_instance(bpmn_process_id="order", variables={"orderId": "o-1"})
    other = engine.create_process_instance(bpmn_process_id="order", variables={"orderId": "o-2"})
    engine.publish_message("payment-received", "o-1", variables={"amount": 12.5})
    assert _finished(engine, waiting.process_instance_key)
    assert not _finished(engine, other.process_instance_key)
    stream = RecordStream(engine.records()).of_type(ValueType.MESSAGE_SUBSCRIPTION).events()
    assert stream.intents() == [
        MessageSubscriptionIntent.CREATED,
        MessageSubscriptionIntent.CREATED,
        MessageSubscriptionIntent.CORRELATED,
    ]
    merged = [
        r.value
        for r in RecordStream(engine.records()).of_type(ValueType.VARIABLE)
        if r.value.name == "amount"
    ]
    assert [(v.value, v.scope_key) for v in merged] == [(12.5, waiting.process_instance_key)]


def test_numeric_correlation_key_matches_its_text() -> None:
    engine, _ = _engine()
    waiting = engine.create_process_instance(bpmn_process_id="order", variables={"orderId": 42})
    engine.publish_message("payment-received", "42")
    assert _finished(engine, waiting.process_instance_key)


def test_buffered_message_correlates_when_the_subscription_opens_within_ttl() -> None:
    engine, clock = _engine()
    engine.publish_message("payment-received", "o-1", time_to_live=dt.timedelta(minutes=1))
    clock.advance(dt.timedelta(seconds=30))
    first = engine.create_process_instance(bpmn_process_id="order", variables={"orderId": "o-1"})
    assert _finished(engine, first.process_instance_key)
    second = engine.create_process_instance(bpmn_process_id="order", variables={"orderId": "o-1"})
    assert not _finished(engine, second.process_instance_key)


def test_message_expires_after_ttl_and_zero_ttl_is_not_buffered() -> None:
    engine, clock = _engine()
    engine.publish_message("payment-received", "o-1", time_to_live=dt.timedelta(minutes=1))
    engine.publish_message("payment-received", "o-2")
    clock.advance(dt.timedelta(minutes=1))
    engine.run_due()
    late = engine.create_process_instance(bpmn_process_id="order", variables={"orderId": "o-1"})
    unbuffered = engine.create_process_instance(bpmn_process_id="order", variables={"orderId": "o-2"})
    assert not _finished(engine, late.process_instance_key)
    assert not _finished(engine, unbuffered.process_instance_key)
    messages = RecordStream(engine.records()).of_type(ValueType.MESSAGE).events().intents()
    assert messages == [MessageIntent.PUBLISHED, MessageIntent.PUBLISHED, MessageIntent.EXPIRED]


def test_duplicate_message_id_is_rejected_while_buffered() -> None:
    engine, clock = _engine()
    engine.publish_message("payment-received", "o-1", dt.timedelta(minutes=1), message_id="m-1")
    with pytest.raises(CommandRejectedError) as rejected:
        engine.publish_message("payment-received", "o-1", dt.timedelta(minutes=1), message_id="m-1")
    assert rejected.value.rejection_type is RejectionType.ALREADY_EXISTS
    clock.advance(dt.timedelta(minutes=1))
    engine.publish_message("payment-received", "o-1", dt.timedelta(minutes=1), message_id="m-1")


def test_message_correlates_once_per_process_id() -> None:
    engine, _ = _engine()
    first = engine.create_process_instance(bpmn_process_id="order", variables={"orderId": "same"})
    second = engine.create_process_instance(bpmn_process_id="order", variables={"orderId": "same"})
    engine.publish_message("payment-received", "same", time_to_live=dt.timedelta(minutes=5))
    finished = [_finished(engine, first.process_instance_key), _finished(engine, second.process_instance_key)]
    assert sorted(finished) == [False, True]


def test_interrupting_message_boundary_event() -> None:
    builder = ProcessBuilder("order")
    builder.roots.append(MESSAGE)
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(service_task("task", "work"))
    builder.add(
        '<bpmn:boundaryEvent id="cancelled" attachedToRef="task"><bpmn:messageEventDefinition messageRef="paid"/></bpmn:boundaryEvent>'
    )
    builder.add('<bpmn:endEvent id="done"/>')
    builder.add('<bpmn:endEvent id="aborted"/>')
    builder.chain("start", "task", "done")
    builder.chain("cancelled", "aborted")
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"order.bpmn": builder.xml()})
    created = engine.create_process_instance(bpmn_process_id="order", variables={"orderId": "o-9"})
    engine.publish_message("payment-received", "o-9", variables={"why": "customer"})
    stream = RecordStream(engine.records()).with_process_instance(created.process_instance_key)
    assert stream.with_element_id("aborted").with_intent(PI.ELEMENT_COMPLETED).intents() == [
        PI.ELEMENT_COMPLETED
    ]
    assert engine.state.variables.local_variables(created.process_instance_key) == {}
    assert _finished(engine, created.process_instance_key)
    why = [
        r.value.value
        for r in RecordStream(engine.records()).of_type(ValueType.VARIABLE)
        if r.value.name == "why"
    ]
    assert why == ["customer"]


def test_message_start_event_creates_an_instance_per_message() -> None:
    builder = ProcessBuilder("onboarding")
    builder.roots.append('<bpmn:message id="signup" name="user-signed-up"/>')
    builder.add(
        '<bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="signup"/></bpmn:startEvent>'
    )
    builder.add(service_task("welcome", "send-welcome"))
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "welcome", "end")
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"onboarding.bpmn": builder.xml()})
    engine.publish_message("user-signed-up", "u-1", variables={"user": "ada"})
    engine.publish_message("user-signed-up", "u-2", variables={"user": "bob"})
    jobs = engine.activate_jobs("send-welcome", "w", dt.timedelta(seconds=30), 10)
    assert sorted(job.record.variables["user"] for job in jobs) == ["ada", "bob"]
    engine.publish_message("user-signed-up", "u-1", variables={"user": "again"})
    assert engine.activate_jobs("send-welcome", "w", dt.timedelta(seconds=30), 10) == []
    starts = RecordStream(engine.records()).with_element_id("start").with_intent(PI.ELEMENT_COMPLETED)
    assert len(starts) == 2


def test_message_start_keeps_one_instance_per_correlation_key_and_buffers_the_next() -> None:
    builder = ProcessBuilder("onboarding")
    builder.roots.append('<bpmn:message id="signup" name="user-signed-up"/>')
    builder.add(
        '<bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="signup"/></bpmn:startEvent>'
    )
    builder.add(service_task("welcome", "send-welcome"))
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "welcome", "end")
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"onboarding.bpmn": builder.xml()})
    engine.publish_message("user-signed-up", "u-1", variables={"n": 1})
    engine.publish_message("user-signed-up", "u-1", time_to_live=dt.timedelta(minutes=5), variables={"n": 2})
    [first] = engine.activate_jobs("send-welcome", "w", dt.timedelta(seconds=30), 10)
    assert first.record.variables == {"n": 1}
    engine.complete_job(first.key)
    [second] = engine.activate_jobs("send-welcome", "w", dt.timedelta(seconds=30), 10)
    assert second.record.variables == {"n": 2}
    assert second.record.process_instance_key != first.record.process_instance_key
