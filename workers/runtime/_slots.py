"""Capacity of one task type, shared by its poller and its streamer: never more jobs than slots."""

from __future__ import annotations

import asyncio

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
        self._change: asyncio.Future[None] | None = None

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
        while self.free <= 0:
            await self.changed()
        self._reserved += 1

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

    async def changed(self) -> None:
        """Wait until a slot is taken, released or un-reserved."""
        if self._change is None or self._change.done():
            self._change = asyncio.get_running_loop().create_future()
        # Shielded: one cancelled waiter must not cancel the future the others wait on.
        await asyncio.shield(self._change)

    async def wait_idle(self) -> None:
        """Wait until no job of this type is running."""
        while self.count_active() > 0:
            await self.changed()

    def _notify(self) -> None:
        if self._change is not None and not self._change.done():
            self._change.set_result(None)
