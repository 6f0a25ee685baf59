"""AsyncEngine: batched durable processing, long polling, results, clock-driven timers."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, simple_task_process
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import AsyncEngine, CommandRejectedError, Engine
from zeebe_lite.records import RejectionType

TIMEOUT = dt.timedelta(seconds=30)


async def test_many_concurrent_instances_complete_and_survive_reopen(tmp_path: Path) -> None:
    path = tmp_path / "engine.db"
    engine = await AsyncEngine.open(path, clock=ManualClock())
    await engine.deploy({"order.bpmn": simple_task_process()})
    created = await asyncio.gather(
        *(engine.create_process_instance(bpmn_process_id="order", variables={"n": n}) for n in range(50))
    )
    assert len({c.process_instance_key for c in created}) == 50
    completed = 0
    while completed < 50:
        jobs = await engine.activate_jobs("charge", "w", TIMEOUT, 20)
        await asyncio.gather(
            *(engine.complete_job(job.key, {"done": job.record.variables["n"]}) for job in jobs)
        )
        completed += len(jobs)
    assert len(engine.state.element_instances) == 0
    snapshot = engine.engine.snapshot()
    await engine.close()
    reopened = Engine.open(path, clock=ManualClock())
    assert reopened.snapshot() == snapshot
    reopened.close()


async def test_long_poll_returns_as_soon_as_a_job_is_created() -> None:
    engine = await AsyncEngine.open(None, clock=ManualClock())
    await engine.deploy({"order.bpmn": simple_task_process()})
    poll = asyncio.create_task(
        engine.activate_jobs("charge", "w", TIMEOUT, 5, request_timeout=dt.timedelta(seconds=10))
    )
    await asyncio.sleep(0.05)
    assert not poll.done()
    created = await engine.create_process_instance(bpmn_process_id="order")
    jobs = await asyncio.wait_for(poll, 5)
    assert [job.record.process_instance_key for job in jobs] == [created.process_instance_key]
    await engine.close()


async def test_long_poll_gives_up_after_request_timeout() -> None:
    engine = await AsyncEngine.open(None, clock=ManualClock())
    jobs = await engine.activate_jobs("none", "w", TIMEOUT, 5, request_timeout=dt.timedelta(milliseconds=50))
    assert jobs == []
    await engine.close()


async def test_create_with_result_returns_root_variables() -> None:
    engine = await AsyncEngine.open(None, clock=ManualClock())
    await engine.deploy({"order.bpmn": simple_task_process()})

    async def worker() -> None:
        jobs = await engine.activate_jobs("charge", "w", TIMEOUT, 1, request_timeout=dt.timedelta(seconds=5))
        await engine.complete_job(jobs[0].key, {"paid": True})

    worker_task = asyncio.create_task(worker())
    created, result = await engine.create_process_instance_with_result(
        bpmn_process_id="order", variables={"id": 3}, request_timeout=dt.timedelta(seconds=5)
    )
    await worker_task
    assert result.completed
    assert result.process_instance_key == created.process_instance_key
    assert result.variables == {"id": 3, "paid": True}
    await engine.close()


async def test_create_with_result_of_an_instance_that_ends_at_once() -> None:
    builder = ProcessBuilder("instant")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "end")
    engine = await AsyncEngine.open(None, clock=ManualClock())
    await engine.deploy({"instant.bpmn": builder.xml()})
    _, result = await engine.create_process_instance_with_result(
        bpmn_process_id="instant", variables={"a": 1, "b": 2}, fetch_variables=["b"]
    )
    assert result.variables == {"b": 2}
    await engine.close()


async def test_rejections_raise_with_their_type() -> None:
    engine = await AsyncEngine.open(None, clock=ManualClock())
    with pytest.raises(CommandRejectedError) as rejected:
        await engine.complete_job(999, {})
    assert rejected.value.rejection_type is RejectionType.NOT_FOUND
    await engine.close()


async def test_advancing_the_manual_clock_fires_timers() -> None:
    builder = ProcessBuilder("wait")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        '<bpmn:intermediateCatchEvent id="pause"><bpmn:timerEventDefinition>'
        '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT5M</bpmn:timeDuration>'
        "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "pause", "end")
    clock = ManualClock()
    engine = await AsyncEngine.open(None, clock=clock)
    await engine.deploy({"wait.bpmn": builder.xml()})
    created = await engine.create_process_instance(bpmn_process_id="wait")
    clock.advance(dt.timedelta(minutes=5))
    for _ in range(100):
        if engine.state.element_instances.get(created.process_instance_key) is None:
            break
        await asyncio.sleep(0.01)
    assert engine.state.element_instances.get(created.process_instance_key) is None
    await engine.close()


async def test_busy_until_everything_is_processed_and_written(tmp_path: Path) -> None:
    engine = await AsyncEngine.open(tmp_path / "engine.db", clock=ManualClock())
    assert not engine.busy
    deploy = asyncio.create_task(engine.deploy({"order.bpmn": simple_task_process()}))
    await asyncio.sleep(0)
    assert engine.busy
    await deploy
    assert not engine.busy
    await engine.close()
