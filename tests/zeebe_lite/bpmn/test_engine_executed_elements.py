"""Elements the engine executes itself: script and business rule tasks, error/terminate/signal/link events."""

from __future__ import annotations

import datetime as dt

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, io_mapping, service_task
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.records import ErrorType, RecordStream, ValueType
from zeebe_lite.records import ProcessInstanceIntent as PI

TIMEOUT = dt.timedelta(seconds=30)
DMN = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="drg" name="Discounts" '
    'namespace="http://example.com/dmn">'
    '<decision id="discount" name="Discount"><decisionTable id="table" hitPolicy="FIRST">'
    '<input id="i1"><inputExpression id="e1" typeRef="string"><text>customer</text></inputExpression></input>'
    '<output id="o1" name="rate" typeRef="number"/>'
    '<rule id="r1"><inputEntry id="a1"><text>"gold"</text></inputEntry><outputEntry id="b1"><text>0.2</text></outputEntry></rule>'
    '<rule id="r2"><inputEntry id="a2"><text>-</text></inputEntry><outputEntry id="b2"><text>0</text></outputEntry></rule>'
    "</decisionTable></decision></definitions>"
)


def _root(engine: Engine, key: int) -> dict[str, object]:
    return {
        r.value.name: r.value.value
        for r in RecordStream(engine.records()).of_type(ValueType.VARIABLE)
        if r.value.scope_key == key
    }


def _finished(engine: Engine, key: int) -> bool:
    return engine.state.element_instances.get(key) is None


def test_script_task_evaluates_feel_into_result_variable() -> None:
    builder = ProcessBuilder("calc")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        '<bpmn:scriptTask id="sum"><bpmn:extensionElements>'
        '<zeebe:script expression="=a + b" resultVariable="total"/></bpmn:extensionElements></bpmn:scriptTask>'
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "sum", "end")
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"calc.bpmn": builder.xml()})
    created = engine.create_process_instance(bpmn_process_id="calc", variables={"a": 2, "b": 3.5})
    assert _finished(engine, created.process_instance_key)
    assert _root(engine, created.process_instance_key)["total"] == 5.5


def test_business_rule_task_evaluates_the_latest_decision() -> None:
    builder = ProcessBuilder("price")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        '<bpmn:businessRuleTask id="rate"><bpmn:extensionElements>'
        '<zeebe:calledDecision decisionId="discount" resultVariable="discount"/>'
        "</bpmn:extensionElements></bpmn:businessRuleTask>"
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "rate", "end")
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"price.bpmn": builder.xml()})
    missing = engine.create_process_instance(bpmn_process_id="price", variables={"customer": "gold"})
    [(incident_key, incident)] = engine.state.incidents.of_process_instance(missing.process_instance_key)
    assert incident.error_type is ErrorType.CALLED_DECISION_ERROR
    engine.deploy({"discount.dmn": DMN})
    engine.resolve_incident(incident_key)
    assert _finished(engine, missing.process_instance_key)
    assert _root(engine, missing.process_instance_key)["discount"] == 0.2
    regular = engine.create_process_instance(bpmn_process_id="price", variables={"customer": "new"})
    assert _root(engine, regular.process_instance_key)["discount"] == 0


def _error_end(caught: bool) -> str:
    builder = ProcessBuilder("check")
    builder.roots.append('<bpmn:error id="err" errorCode="INVALID"/>')
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        '<bpmn:subProcess id="validate"><bpmn:startEvent id="vStart"/>'
        '<bpmn:endEvent id="fail"><bpmn:extensionElements>'
        + io_mapping(inputs={"detail": "=&quot;bad input&quot;"})
        + '</bpmn:extensionElements><bpmn:errorEventDefinition errorRef="err"/></bpmn:endEvent>'
        '<bpmn:sequenceFlow id="v1" sourceRef="vStart" targetRef="fail"/></bpmn:subProcess>'
    )
    if caught:
        builder.add(
            '<bpmn:boundaryEvent id="onInvalid" attachedToRef="validate">'
            '<bpmn:errorEventDefinition errorRef="err"/></bpmn:boundaryEvent>'
        )
        builder.add('<bpmn:endEvent id="rejected"/>')
        builder.chain("onInvalid", "rejected")
    builder.add('<bpmn:endEvent id="ok"/>')
    builder.chain("start", "validate", "ok")
    return builder.xml()


def test_error_end_event_is_caught_by_the_boundary_of_its_subprocess() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"check.bpmn": _error_end(caught=True)})
    created = engine.create_process_instance(bpmn_process_id="check")
    stream = RecordStream(engine.records()).with_process_instance(created.process_instance_key)
    assert stream.with_element_id("validate").events().intents()[-1] is PI.ELEMENT_TERMINATED
    assert stream.with_element_id("rejected").events().intents()[-1] is PI.ELEMENT_COMPLETED
    assert stream.with_element_id("ok").intents() == []
    assert _finished(engine, created.process_instance_key)
    assert _root(engine, created.process_instance_key) == {}
    caught = [
        r.value.value
        for r in RecordStream(engine.records()).of_type(ValueType.VARIABLE)
        if r.value.name == "detail" and r.value.scope_key != created.process_instance_key
    ]
    assert caught == ["bad input", "bad input"]


def test_uncaught_error_end_event_raises_incident() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"check.bpmn": _error_end(caught=False)})
    created = engine.create_process_instance(bpmn_process_id="check")
    [(_, incident)] = engine.state.incidents.of_process_instance(created.process_instance_key)
    assert incident.error_type is ErrorType.UNHANDLED_ERROR_EVENT
    assert incident.element_id == "fail"


def test_terminate_end_event_ends_the_whole_scope() -> None:
    builder = ProcessBuilder("race")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add('<bpmn:parallelGateway id="fork"/>')
    builder.add(service_task("slow", "slow"))
    builder.add('<bpmn:endEvent id="stop"><bpmn:terminateEventDefinition/></bpmn:endEvent>')
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "fork")
    builder.chain("fork", "slow", "end")
    builder.chain("fork", "stop")
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"race.bpmn": builder.xml()})
    created = engine.create_process_instance(bpmn_process_id="race")
    stream = RecordStream(engine.records()).with_process_instance(created.process_instance_key)
    assert stream.with_element_id("slow").events().intents()[-1] is PI.ELEMENT_TERMINATED
    assert stream.with_element_id("race").events().intents()[-1] is PI.ELEMENT_COMPLETED
    assert len(engine.state.jobs) == 0


def test_signal_throw_event_triggers_waiting_catch_events() -> None:
    catcher = ProcessBuilder("listener")
    catcher.roots.append('<bpmn:signal id="sig" name="go"/>')
    catcher.add('<bpmn:startEvent id="start"/>')
    catcher.add(
        '<bpmn:intermediateCatchEvent id="wait"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:intermediateCatchEvent>'
    )
    catcher.add('<bpmn:endEvent id="end"/>')
    catcher.chain("start", "wait", "end")
    thrower = ProcessBuilder("sender")
    thrower.roots.append('<bpmn:signal id="sig" name="go"/>')
    thrower.add('<bpmn:startEvent id="start"/>')
    thrower.add(
        '<bpmn:intermediateThrowEvent id="send"><bpmn:extensionElements>'
        + io_mapping(inputs={"payload": "=42"})
        + '</bpmn:extensionElements><bpmn:signalEventDefinition signalRef="sig"/></bpmn:intermediateThrowEvent>'
    )
    thrower.add('<bpmn:endEvent id="end"/>')
    thrower.chain("start", "send", "end")
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"listener.bpmn": catcher.xml(), "sender.bpmn": thrower.xml()})
    listeners = [engine.create_process_instance(bpmn_process_id="listener") for _ in range(2)]
    sender = engine.create_process_instance(bpmn_process_id="sender")
    assert _finished(engine, sender.process_instance_key)
    for listener in listeners:
        assert _finished(engine, listener.process_instance_key)
        assert _root(engine, listener.process_instance_key) == {"payload": 42}


def test_link_events_jump_within_the_scope() -> None:
    builder = ProcessBuilder("jump")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        '<bpmn:intermediateThrowEvent id="goto"><bpmn:linkEventDefinition name="next"/></bpmn:intermediateThrowEvent>'
    )
    builder.add(
        '<bpmn:intermediateCatchEvent id="label"><bpmn:linkEventDefinition name="next"/></bpmn:intermediateCatchEvent>'
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "goto")
    builder.chain("label", "end")
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"jump.bpmn": builder.xml()})
    created = engine.create_process_instance(bpmn_process_id="jump")
    stream = RecordStream(engine.records()).with_process_instance(created.process_instance_key)
    assert stream.with_element_id("end").events().intents()[-1] is PI.ELEMENT_COMPLETED
    assert _finished(engine, created.process_instance_key)


def test_signal_start_event_starts_every_subscribed_process() -> None:
    builder = ProcessBuilder("onSignal")
    builder.roots.append('<bpmn:signal id="sig" name="restock"/>')
    builder.add('<bpmn:startEvent id="start"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:startEvent>')
    builder.add(service_task("order", "order-stock"))
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "order", "end")
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"signal.bpmn": builder.xml()})
    engine.broadcast_signal("restock", {"sku": "A-1"})
    engine.broadcast_signal("other")
    [job] = engine.activate_jobs("order-stock", "w", TIMEOUT, 5)
    assert job.record.variables == {"sku": "A-1"}
