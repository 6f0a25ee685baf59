"""Event-based gateway: the first event wins, the other subscriptions close."""

from __future__ import annotations

import datetime as dt

from zeebe_lite.bpmn.xml_builder import ProcessBuilder
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.records import ProcessInstanceIntent as PI
from zeebe_lite.records import RecordStream, ValueType


def _process() -> str:
    builder = ProcessBuilder("race")
    builder.roots.append(
        '<bpmn:message id="msg" name="paid"><bpmn:extensionElements>'
        '<zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>'
    )
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add('<bpmn:eventBasedGateway id="choose"/>')
    builder.add(
        '<bpmn:intermediateCatchEvent id="payment"><bpmn:messageEventDefinition messageRef="msg"/></bpmn:intermediateCatchEvent>'
    )
    builder.add(
        '<bpmn:intermediateCatchEvent id="timeout"><bpmn:timerEventDefinition>'
        '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration>'
        "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"
    )
    builder.add('<bpmn:endEvent id="paidEnd"/>')
    builder.add('<bpmn:endEvent id="expiredEnd"/>')
    builder.chain("start", "choose")
    builder.chain("choose", "payment", "paidEnd")
    builder.chain("choose", "timeout", "expiredEnd")
    return builder.xml()


def _ends(engine: Engine, key: int) -> list[str]:
    completed = RecordStream(engine.records()).with_process_instance(key).with_intent(PI.ELEMENT_COMPLETED)
    return [r.value.element_id for r in completed if r.value.element_id.endswith("End")]


def test_message_wins_and_the_timer_is_canceled() -> None:
    clock = ManualClock()
    engine = Engine.open(None, clock=clock)
    engine.deploy({"race.bpmn": _process()})
    created = engine.create_process_instance(bpmn_process_id="race", variables={"orderId": "o-1"})
    assert len(engine.state.timers) == 1
    engine.publish_message("paid", "o-1", variables={"amount": 3})
    assert _ends(engine, created.process_instance_key) == ["paidEnd"]
    assert len(engine.state.timers) == 0
    amounts = [
        r.value.value
        for r in RecordStream(engine.records()).of_type(ValueType.VARIABLE)
        if r.value.name == "amount"
    ]
    assert amounts == [3]
    clock.advance(dt.timedelta(hours=2))
    assert engine.run_due() == 0


def test_timer_wins_and_the_message_subscription_is_closed() -> None:
    clock = ManualClock()
    engine = Engine.open(None, clock=clock)
    engine.deploy({"race.bpmn": _process()})
    created = engine.create_process_instance(bpmn_process_id="race", variables={"orderId": "o-1"})
    clock.advance(dt.timedelta(hours=1))
    engine.run_due()
    assert _ends(engine, created.process_instance_key) == ["expiredEnd"]
    assert engine.state.messages.subscriptions_for("paid", "o-1") == []
    assert len(engine.state.element_instances) == 0
