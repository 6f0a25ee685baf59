"""JobSlots: reservations and running jobs together never exceed the capacity."""

from __future__ import annotations

import asyncio
import types

import pytest
from pyzeebe import Job

from workers.runtime._slots import JobSlots


def _job(key: int) -> Job:
    return Job(
        key=key,
        type="t",
        process_instance_key=1,
        bpmn_process_id="p",
        process_definition_version=1,
        process_definition_key=1,
        element_id="e",
        element_instance_key=key,
        custom_headers=types.MappingProxyType({}),
        worker="w",
        retries=3,
        deadline=0,
        variables=types.MappingProxyType({}),
    )


def test_reserve_grants_at_most_the_free_slots() -> None:
    slots = JobSlots(3)
    assert slots.reserve(5) == 3
    assert slots.reserve(1) == 0
    slots.add(_job(1))
    assert slots.count_active() == 1 and slots.free == 0
    slots.cancel_reservations(2)
    assert slots.free == 2


async def test_reserve_one_waits_for_a_finished_job() -> None:
    slots = JobSlots(1)
    slots.reserve(1)
    slots.add(_job(1))
    waiter = asyncio.create_task(slots.reserve_one())
    await asyncio.sleep(0.01)
    assert not waiter.done()
    slots.remove(_job(1))
    await asyncio.wait_for(waiter, 1)
    assert slots.free == 0


async def test_cancelled_waiter_does_not_break_the_others() -> None:
    slots = JobSlots(1)
    slots.reserve(1)
    first = asyncio.create_task(slots.reserve_one())
    second = asyncio.create_task(slots.reserve_one())
    await asyncio.sleep(0.01)
    first.cancel()
    slots.cancel_reservations(1)
    await asyncio.wait_for(second, 1)
    assert first.cancelled() and slots.free == 0


async def test_wait_idle_returns_when_all_jobs_finished() -> None:
    slots = JobSlots(2)
    slots.reserve(2)
    slots.add(_job(1))
    slots.add(_job(2))
    idle = asyncio.create_task(slots.wait_idle())
    slots.remove(_job(1))
    await asyncio.sleep(0.01)
    assert not idle.done()
    slots.remove(_job(2))
    await asyncio.wait_for(idle, 1)


def test_capacity_must_be_positive() -> None:
    with pytest.raises(ValueError):
        JobSlots(0)


async def test_a_waiter_is_woken_only_once_its_condition_holds() -> None:
    slots = JobSlots(4)
    slots.reserve(4)
    for key in range(4):
        slots.add(_job(key))
    checks: list[int] = []

    def three_free() -> bool:
        checks.append(slots.free)
        return slots.free >= 3

    waiter = asyncio.create_task(slots.wait_until(three_free))
    await asyncio.sleep(0)
    for key in range(2):
        slots.remove(_job(key))
        await asyncio.sleep(0)
        assert not waiter.done()
    slots.remove(_job(2))
    await asyncio.wait_for(waiter, 1)
    # Checked at the start and at each change; never woken (nor re-checked by a wake-up) before the third.
    assert checks == [0, 1, 2, 3, 3]
