"""State snapshots: a restart loads the latest snapshot and replays only the records after it."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from pathlib import Path

from zeebe_lite.bpmn.xml_builder import simple_task_process
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import AsyncEngine, Engine
from zeebe_lite.log import SqliteLog

TIMEOUT = dt.timedelta(seconds=30)


def test_clean_close_snapshots_and_reopen_replays_nothing(tmp_path: Path) -> None:
    path = tmp_path / "engine.db"
    engine = Engine.open(path, clock=ManualClock())
    engine.deploy({"order.bpmn": simple_task_process()})
    for n in range(5):
        engine.create_process_instance(bpmn_process_id="order", variables={"n": n})
    live = engine.snapshot()
    engine.close()
    log = SqliteLog(path)
    snapshot = log.latest_snapshot()
    assert snapshot is not None
    assert snapshot.position == log.last_position
    log.close()
    reopened = Engine.open(path, clock=ManualClock())
    assert reopened.records_since_snapshot == 0
    assert reopened.snapshot() == live
    assert len(reopened.activate_jobs("charge", "w", TIMEOUT, 10)) == 5
    reopened.close()


def test_crash_after_snapshot_replays_the_tail(tmp_path: Path) -> None:
    path = tmp_path / "engine.db"
    engine = Engine.open(path, clock=ManualClock())
    engine.deploy({"order.bpmn": simple_task_process()})
    first = engine.create_process_instance(bpmn_process_id="order")
    assert engine.take_snapshot()
    second = engine.create_process_instance(bpmn_process_id="order", variables={"late": True})
    [job] = engine.activate_jobs("charge", "w", TIMEOUT, 1)
    engine.complete_job(job.key)
    live = engine.snapshot()
    assert engine.records_since_snapshot > 0
    recovered = Engine.open(path, clock=ManualClock())
    assert recovered.snapshot() == live
    assert recovered.state.element_instances.get(first.process_instance_key) is None
    assert recovered.state.element_instances.get(second.process_instance_key) is not None
    created = recovered.create_process_instance(bpmn_process_id="order")
    assert created.process_instance_key > second.process_instance_key
    recovered.close()


def test_unreadable_snapshot_falls_back_to_full_replay(tmp_path: Path) -> None:
    path = tmp_path / "engine.db"
    engine = Engine.open(path, clock=ManualClock())
    engine.deploy({"order.bpmn": simple_task_process()})
    engine.create_process_instance(bpmn_process_id="order")
    live = engine.snapshot()
    engine.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("UPDATE snapshots SET data = ?", (b"garbage",)).rowcount == 1
    assert Engine.open(path, clock=ManualClock()).snapshot() == live


async def test_async_engine_snapshots_periodically(tmp_path: Path) -> None:
    path = tmp_path / "engine.db"
    engine = await AsyncEngine.open(path, clock=ManualClock(), snapshot_every=50)
    await engine.deploy({"order.bpmn": simple_task_process()})
    await asyncio.gather(*(engine.create_process_instance(bpmn_process_id="order") for _ in range(20)))
    await engine.create_process_instance(bpmn_process_id="order")
    assert engine.engine.records_since_snapshot < 50
    await engine.close()


def test_compacted_log_keeps_only_the_tail_and_still_restarts(tmp_path: Path) -> None:
    path = tmp_path / "engine.db"
    engine = Engine.open(path, clock=ManualClock(), compact_log=True)
    engine.deploy({"order.bpmn": simple_task_process()})
    for n in range(5):
        engine.create_process_instance(bpmn_process_id="order", variables={"n": n})
    assert engine.take_snapshot()
    last = max(record.position for record in engine.records())
    engine.create_process_instance(bpmn_process_id="order", variables={"n": 5})
    remaining = [record.position for record in engine.records()]
    assert min(remaining) > 1
    assert max(remaining) > last
    live = engine.snapshot()
    recovered = Engine.open(path, clock=ManualClock(), compact_log=True)
    assert recovered.snapshot() == live
    assert len(recovered.activate_jobs("charge", "w", TIMEOUT, 10)) == 6
    recovered.close()
    engine.close()
    reopened = Engine.open(path, clock=ManualClock())
    assert len(reopened.state.jobs) == 6
    reopened.close()
