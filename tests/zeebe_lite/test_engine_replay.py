"""Durability: a reopened engine replays its log into identical state and instances continue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from zeebe_lite.bpmn.xml_builder import simple_task_process
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.processing.commands import create_instance_command
from zeebe_lite.records import ProcessInstanceIntent, RecordStream, ValueType


def test_reopened_engine_has_identical_state_and_continues(tmp_path: Path) -> None:
    path = tmp_path / "engine.db"
    clock = ManualClock()
    engine = Engine.open(path, clock=clock)
    engine.deploy({"order.bpmn": simple_task_process()})
    first = engine.create_process_instance(bpmn_process_id="order", variables={"n": 1})
    second = engine.create_process_instance(bpmn_process_id="order", variables={"n": 2})
    jobs = engine.activate_jobs("charge", "w", dt.timedelta(seconds=30), 1)
    engine.complete_job(jobs[0].key, {"paid": True})
    before = engine.snapshot()
    last_position = max(record.position for record in engine.records())
    engine.close()

    reopened = Engine.open(path, clock=clock)
    assert reopened.snapshot() == before
    remaining = reopened.activate_jobs("charge", "w", dt.timedelta(seconds=30), 10)
    assert [job.record.process_instance_key for job in remaining] == [second.process_instance_key]
    reopened.complete_job(remaining[0].key, {})
    stream = RecordStream(reopened.records())
    assert min(record.position for record in stream if record.position > last_position) == last_position + 1
    completed = (
        stream.of_type(ValueType.PROCESS_INSTANCE)
        .with_intent(ProcessInstanceIntent.ELEMENT_COMPLETED)
        .with_element_id("order")
    )
    assert {record.key for record in completed} == {first.process_instance_key, second.process_instance_key}
    old_keys = [record.key for record in stream if record.position <= last_position]
    activated_after_reopen = [
        record.key
        for record in stream.with_intent(ProcessInstanceIntent.ELEMENT_ACTIVATING)
        if record.position > last_position
    ]
    assert activated_after_reopen
    assert min(activated_after_reopen) > max(old_keys)
    assert len(reopened.state.element_instances) == 0
    reopened.close()


def test_processed_but_uncommitted_batch_is_not_replayed(tmp_path: Path) -> None:
    path = tmp_path / "engine.db"
    engine = Engine.open(path, clock=ManualClock())
    engine.deploy({"order.bpmn": simple_task_process()})
    result = engine.process([create_instance_command(bpmn_process_id="order")])
    assert not result.responses[0].rejected
    assert len(engine.state.element_instances) > 0
    engine.close()
    reopened = Engine.open(path, clock=ManualClock())
    assert [process.record.bpmn_process_id for process in reopened.state.deployments.processes()] == ["order"]
    assert len(reopened.state.element_instances) == 0
    reopened.create_process_instance(bpmn_process_id="order")
    assert len(reopened.state.element_instances) == 2
    reopened.close()
