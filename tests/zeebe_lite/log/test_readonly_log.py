"""The read-only log: the read side of a snapshot store, so readers stay correct under log compaction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from zeebe_lite.bpmn.xml_builder import simple_task_process
from zeebe_lite.cli.status import read_status
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.gateway import engine_file
from zeebe_lite.log import Snapshot, SnapshotStore
from zeebe_lite.log.readonly import ReadOnlyLog

TIMEOUT = dt.timedelta(seconds=30)


def _compacted(data_dir: Path) -> tuple[int, int]:
    """A compacted log: an instance created before the snapshot, one after it; returns their keys."""
    engine = Engine.open(engine_file(data_dir), clock=ManualClock(), compact_log=True)
    engine.deploy({"order.bpmn": simple_task_process()})
    before = engine.create_process_instance(bpmn_process_id="order").process_instance_key
    assert engine.take_snapshot()
    after = engine.create_process_instance(bpmn_process_id="order").process_instance_key
    engine._log.close()  # no closing snapshot: the records after the snapshot must be replayed
    return before, after


def test_reader_passes_the_snapshot_through_and_refuses_writes(tmp_path: Path) -> None:
    _compacted(tmp_path)
    reader = ReadOnlyLog(engine_file(tmp_path))
    try:
        assert isinstance(reader, SnapshotStore)
        snapshot = reader.latest_snapshot()
        assert snapshot is not None
        assert next(record.position for record in reader.read()) > 1
        with pytest.raises(PermissionError):
            reader.write_snapshot(Snapshot(snapshot.position, snapshot.next_key, b""))
        with pytest.raises(PermissionError):
            reader.discard_through(snapshot.position)
    finally:
        reader.close()


def test_engine_on_a_compacted_log_sees_every_instance(tmp_path: Path) -> None:
    before, after = _compacted(tmp_path)
    reader = ReadOnlyLog(engine_file(tmp_path))
    try:
        state = Engine(reader, ManualClock()).state
        assert sorted(state.element_instances.process_instance_keys()) == [before, after]
        assert len(state.deployments.processes()) == 1
    finally:
        reader.close()
    status = read_status(tmp_path)
    assert sorted(item["processInstanceKey"] for item in status["processInstances"]) == [before, after]
    assert [process["bpmnProcessId"] for process in status["processes"]] == ["order"]
