"""Service task: the job it creates, the record stream of a whole instance, variable merge on completion."""

from __future__ import annotations

import datetime as dt

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, service_task, simple_task_process
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.records import JobIntent, RecordStream, ValueType
from zeebe_lite.records import ProcessInstanceIntent as PI

TIMEOUT = dt.timedelta(seconds=30)


def _engine() -> Engine:
    return Engine.open(None, clock=ManualClock())


def test_instance_record_stream_in_order() -> None:
    engine = _engine()
    engine.deploy({"order.bpmn": simple_task_process()})
    created = engine.create_process_instance(bpmn_process_id="order", variables={"orderId": 7})
    [job] = engine.activate_jobs("charge", "worker-1", TIMEOUT, 10)
    engine.complete_job(job.key, {"paid": True})

    stream = RecordStream(engine.records()).with_process_instance(created.process_instance_key)
    instance_events = stream.of_type(ValueType.PROCESS_INSTANCE).events().element_intents()
    assert instance_events == [
        ("order", PI.ELEMENT_ACTIVATING),
        ("order", PI.ELEMENT_ACTIVATED),
        ("start", PI.ELEMENT_ACTIVATING),
        ("start", PI.ELEMENT_ACTIVATED),
        ("start", PI.ELEMENT_COMPLETING),
        ("start", PI.ELEMENT_COMPLETED),
        ("flow1", PI.SEQUENCE_FLOW_TAKEN),
        ("task", PI.ELEMENT_ACTIVATING),
        ("task", PI.ELEMENT_ACTIVATED),
        ("task", PI.ELEMENT_COMPLETING),
        ("task", PI.ELEMENT_COMPLETED),
        ("flow2", PI.SEQUENCE_FLOW_TAKEN),
        ("end", PI.ELEMENT_ACTIVATING),
        ("end", PI.ELEMENT_ACTIVATED),
        ("end", PI.ELEMENT_COMPLETING),
        ("end", PI.ELEMENT_COMPLETED),
        ("order", PI.ELEMENT_COMPLETING),
        ("order", PI.ELEMENT_COMPLETED),
    ]
    assert stream.of_type(ValueType.JOB).events().intents() == [JobIntent.CREATED, JobIntent.COMPLETED]
    variables = stream.of_type(ValueType.VARIABLE).values()
    assert [(v.name, v.value, v.scope_key) for v in variables] == [
        ("orderId", 7, created.process_instance_key),
        ("paid", True, created.process_instance_key),
    ]
    assert len(engine.state.element_instances) == 0
    assert len(engine.state.jobs) == 0


def test_job_carries_type_retries_headers_and_variables() -> None:
    engine = _engine()
    headers = '<zeebe:taskHeaders><zeebe:header key="channel" value="email"/></zeebe:taskHeaders>'
    builder = ProcessBuilder("notify")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(service_task("send", "=&quot;notify-&quot; + kind", headers, retries="=tries"))
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "send", "end")
    deployment = engine.deploy({"notify.bpmn": builder.xml()})
    created = engine.create_process_instance(
        bpmn_process_id="notify", variables={"kind": "sms", "tries": 5, "payload": {"a": [1, 2]}}
    )
    [job] = engine.activate_jobs("notify-sms", "w", TIMEOUT, 1)
    record = job.record
    assert record.retries == 5
    assert record.custom_headers == {"channel": "email"}
    assert record.variables == {"kind": "sms", "tries": 5, "payload": {"a": [1, 2]}}
    assert record.element_id == "send"
    assert record.bpmn_process_id == "notify"
    assert record.process_definition_key == deployment.processes_metadata[0].process_definition_key
    assert record.process_instance_key == created.process_instance_key
    assert record.worker == "w"
    assert record.deadline == engine.clock.millis() + 30_000


def test_activation_respects_max_jobs_and_fetch_variables() -> None:
    engine = _engine()
    engine.deploy({"order.bpmn": simple_task_process()})
    for number in range(3):
        engine.create_process_instance(bpmn_process_id="order", variables={"n": number, "big": "x" * 10})
    first = engine.activate_jobs("charge", "w", TIMEOUT, 2, fetch_variables=["n"])
    assert [job.record.variables for job in first] == [{"n": 0}, {"n": 1}]
    second = engine.activate_jobs("charge", "w", TIMEOUT, 5)
    assert [job.record.variables["n"] for job in second] == [2]
    assert engine.activate_jobs("charge", "w", TIMEOUT, 5) == []
    assert engine.activate_jobs("other", "w", TIMEOUT, 5) == []


def test_empty_activation_writes_nothing() -> None:
    engine = _engine()
    engine.deploy({"order.bpmn": simple_task_process()})
    before = len(list(engine.records()))
    assert engine.activate_jobs("charge", "w", TIMEOUT, 5) == []
    assert len(list(engine.records())) == before
