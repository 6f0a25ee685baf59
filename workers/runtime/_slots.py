"""Capacity of one task type, shared by its poller and its streamer: never more jobs than slots."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from pyzeebe import Job
from pyzeebe.worker.task_state import TaskState

__all__ = ["JobSlots"]


class JobSlots(TaskState):
    """pyzeebe's ``TaskState`` with reservations.

    Intake reserves slots *before* asking the gateway for jobs (a poll for ``n`` jobs reserves ``n``; the stream
    reserves one before it reads the next job), so polling and streaming together never exceed ``capacity``.
    pyzeebe's executor releases a slot through :meth:`remove` when a job finishes.
    """

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        super().__init__()
        self.capacity = capacity
        self._reserved = 0
        self._waiters: list[tuple[Callable[[], bool], asyncio.Future[None]]] = []

    @property
    def free(self) -> int:
        """Slots neither running a job nor reserved."""
        return self.capacity - self.count_active() - self._reserved

    def reserve(self, wanted: int) -> int:
        """Reserve up to ``wanted`` free slots now; return how many were reserved."""
        granted = max(min(wanted, self.free), 0)
        self._reserved += granted
        return granted

    async def reserve_one(self) -> None:
        """Wait for a free slot and reserve it."""
        await self.wait_until(self._has_free)
        self._reserved += 1

    def _has_free(self) -> bool:
        return self.free > 0

    def cancel_reservations(self, count: int) -> None:
        """Give back ``count`` reserved slots that received no job."""
        self._reserved = max(self._reserved - count, 0)
        self._notify()

    def add(self, job: Job) -> None:
        """A job arrived: it takes one reserved slot."""
        self._reserved = max(self._reserved - 1, 0)
        super().add(job)
        self._notify()

    def remove(self, job: Job) -> None:
        """A job finished: its slot is free again."""
        super().remove(job)
        self._notify()

    async def wait_until(self, ready: Callable[[], bool]) -> None:
        """Wait until ``ready()`` holds; it is checked whenever a slot is taken, released or un-reserved.

        Only a waiter whose condition holds is woken: a poller waiting for a third of its slots is not
        scheduled once per finished job.
        """
        while not ready():
            future = asyncio.get_running_loop().create_future()
            self._waiters.append((ready, future))
            await future

    async def wait_idle(self) -> None:
        """Wait until no job of this type is running."""
        await self.wait_until(lambda: self.count_active() == 0)

    def _notify(self) -> None:
        if not self._waiters:
            return
        waiting = []
        for ready, future in self._waiters:
            if future.done():
                continue  # its waiter was cancelled
            if ready():
                future.set_result(None)
            else:
                waiting.append((ready, future))
        self._waiters = waiting
