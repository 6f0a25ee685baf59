"""Multi-instance activities: parallel and sequential, output collection, completion condition, boundaries."""

from __future__ import annotations

import datetime as dt

from zeebe_lite.bpmn.xml_builder import ProcessBuilder
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.records import BpmnElementType, RecordStream, ValueType
from zeebe_lite.records import ProcessInstanceIntent as PI

TIMEOUT = dt.timedelta(seconds=30)


def _process(sequential: bool = False, condition: str | None = None, boundary: bool = False) -> str:
    builder = ProcessBuilder("batch")
    seq = "true" if sequential else "false"
    completion = f"<bpmn:completionCondition>{condition}</bpmn:completionCondition>" if condition else ""
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        '<bpmn:serviceTask id="each"><bpmn:extensionElements><zeebe:taskDefinition type="item"/>'
        "</bpmn:extensionElements>"
        f'<bpmn:multiInstanceLoopCharacteristics isSequential="{seq}"><bpmn:extensionElements>'
        '<zeebe:loopCharacteristics inputCollection="=items" inputElement="item" '
        'outputCollection="results" outputElement="=result"/></bpmn:extensionElements>'
        f"{completion}</bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>"
    )
    if boundary:
        builder.add(
            '<bpmn:boundaryEvent id="timeout" attachedToRef="each"><bpmn:timerEventDefinition>'
            '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1M</bpmn:timeDuration>'
            "</bpmn:timerEventDefinition></bpmn:boundaryEvent>"
        )
        builder.add('<bpmn:endEvent id="late"/>')
        builder.chain("timeout", "late")
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "each", "end")
    return builder.xml()


def _root(engine: Engine, key: int) -> dict[str, object]:
    return {
        r.value.name: r.value.value
        for r in RecordStream(engine.records()).of_type(ValueType.VARIABLE)
        if r.value.scope_key == key
    }


def _work(engine: Engine, max_jobs: int = 10) -> list[int]:
    jobs = engine.activate_jobs("item", "w", TIMEOUT, max_jobs)
    for job in jobs:
        engine.complete_job(job.key, {"result": job.record.variables["item"] * 10})
    return [job.record.variables["loopCounter"] for job in jobs]


def test_parallel_instances_collect_results_in_input_order() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"batch.bpmn": _process()})
    created = engine.create_process_instance(bpmn_process_id="batch", variables={"items": [1, 2, 3]})
    jobs = engine.activate_jobs("item", "w", TIMEOUT, 10)
    assert sorted(job.record.variables["item"] for job in jobs) == [1, 2, 3]
    for job in reversed(jobs):
        engine.complete_job(job.key, {"result": job.record.variables["item"] * 10})
    assert engine.state.element_instances.get(created.process_instance_key) is None
    assert _root(engine, created.process_instance_key)["results"] == [10, 20, 30]
    body = (
        RecordStream(engine.records())
        .with_element_id("each")
        .of_type(ValueType.PROCESS_INSTANCE)
        .filter(lambda r: r.value.bpmn_element_type is BpmnElementType.MULTI_INSTANCE_BODY)
        .events()
        .intents()
    )
    assert body == [PI.ELEMENT_ACTIVATING, PI.ELEMENT_ACTIVATED, PI.ELEMENT_COMPLETING, PI.ELEMENT_COMPLETED]


def test_sequential_instances_run_one_after_another() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"batch.bpmn": _process(sequential=True)})
    created = engine.create_process_instance(bpmn_process_id="batch", variables={"items": [4, 5, 6]})
    rounds = [_work(engine) for _ in range(3)]
    assert rounds == [[1], [2], [3]]
    assert _root(engine, created.process_instance_key)["results"] == [40, 50, 60]
    assert engine.state.element_instances.get(created.process_instance_key) is None


def test_empty_collection_completes_at_once_with_empty_output() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"batch.bpmn": _process()})
    created = engine.create_process_instance(bpmn_process_id="batch", variables={"items": []})
    assert engine.state.element_instances.get(created.process_instance_key) is None
    assert _root(engine, created.process_instance_key)["results"] == []


def test_completion_condition_terminates_the_remaining_instances() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"batch.bpmn": _process(condition="=numberOfCompletedInstances &gt;= 2")})
    created = engine.create_process_instance(bpmn_process_id="batch", variables={"items": [1, 2, 3, 4]})
    jobs = engine.activate_jobs("item", "w", TIMEOUT, 10)
    for job in jobs[:2]:
        engine.complete_job(job.key, {"result": job.record.variables["item"]})
    assert engine.state.element_instances.get(created.process_instance_key) is None
    assert _root(engine, created.process_instance_key)["results"] == [1, 2, None, None]
    terminated = RecordStream(engine.records()).with_element_id("each").with_intent(PI.ELEMENT_TERMINATED)
    assert len(terminated) == 2
    assert len(engine.state.jobs) == 0


def test_boundary_event_interrupts_the_whole_body() -> None:
    clock = ManualClock()
    engine = Engine.open(None, clock=clock)
    engine.deploy({"batch.bpmn": _process(boundary=True)})
    created = engine.create_process_instance(bpmn_process_id="batch", variables={"items": [1, 2]})
    assert len(engine.state.timers) == 1
    _work(engine, max_jobs=1)
    clock.advance(dt.timedelta(minutes=1))
    engine.run_due()
    stream = RecordStream(engine.records()).with_process_instance(created.process_instance_key)
    assert stream.with_element_id("late").with_intent(PI.ELEMENT_COMPLETED).intents() == [
        PI.ELEMENT_COMPLETED
    ]
    assert stream.with_element_id("end").intents() == []
    assert engine.state.element_instances.get(created.process_instance_key) is None
    assert "results" not in _root(engine, created.process_instance_key)


def test_non_list_input_collection_is_an_incident() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"batch.bpmn": _process()})
    created = engine.create_process_instance(bpmn_process_id="batch", variables={"items": "nope"})
    [(_, incident)] = engine.state.incidents.of_process_instance(created.process_instance_key)
    assert "ARRAY" in incident.error_message


def test_multi_instance_subprocess_gives_each_inner_instance_its_own_scope() -> None:
    builder = ProcessBuilder("nested")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        '<bpmn:subProcess id="perItem"><bpmn:multiInstanceLoopCharacteristics isSequential="false">'
        '<bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item" '
        'outputCollection="labels" outputElement="=label"/></bpmn:extensionElements>'
        "</bpmn:multiInstanceLoopCharacteristics>"
        '<bpmn:startEvent id="innerStart"/>'
        '<bpmn:scriptTask id="name"><bpmn:extensionElements><zeebe:script expression="=&quot;#&quot; + string(item)" '
        'resultVariable="label"/></bpmn:extensionElements></bpmn:scriptTask>'
        '<bpmn:endEvent id="innerEnd"/>'
        '<bpmn:sequenceFlow id="n1" sourceRef="innerStart" targetRef="name"/>'
        '<bpmn:sequenceFlow id="n2" sourceRef="name" targetRef="innerEnd"/>'
        "</bpmn:subProcess>"
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "perItem", "end")
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"nested.bpmn": builder.xml()})
    created = engine.create_process_instance(bpmn_process_id="nested", variables={"items": [7, 8]})
    assert engine.state.element_instances.get(created.process_instance_key) is None
    assert _root(engine, created.process_instance_key)["labels"] == ["#7", "#8"]
