"""An index of keys by due time (job deadlines, back-offs, timers, message expiry)."""

from __future__ import annotations

import heapq

__all__ = ["DueIndex"]


class DueIndex:
    """Keys ordered by a due time in epoch milliseconds.

    Removal is lazy: the heap keeps stale entries until they surface, which keeps every operation
    O(log n). Stale entries are invisible to readers.
    """

    def __init__(self) -> None:
        """Create an empty index."""
        self._heap: list[tuple[int, int]] = []
        self._due: dict[int, int] = {}

    def put(self, key: int, due: int) -> None:
        """Schedule ``key`` at ``due`` (replacing an earlier schedule of the same key)."""
        if self._due.get(key) == due:
            return
        self._due[key] = due
        heapq.heappush(self._heap, (due, key))

    def remove(self, key: int) -> None:
        """Unschedule ``key`` (no-op when absent)."""
        self._due.pop(key, None)

    def due(self, now: int, limit: int = 1000) -> list[int]:
        """Keys due at or before ``now``, earliest first (at most ``limit``)."""
        heap = self._heap
        found: dict[int, int] = {}
        pending = [0] if heap else []
        while pending:
            index = pending.pop()
            due, key = heap[index]
            if due > now:
                continue
            if self._due.get(key) == due:
                found[key] = due  # a key removed and put back at the same time has two heap entries
            pending.extend(child for child in (2 * index + 1, 2 * index + 2) if child < len(heap))
        ordered = sorted((due, key) for key, due in found.items())
        return [key for _, key in ordered[:limit]]

    def next_due(self) -> int | None:
        """The earliest due time, or None when nothing is scheduled."""
        heap = self._heap
        while heap:
            due, key = heap[0]
            if self._due.get(key) == due:
                return due
            heapq.heappop(heap)
        return None

    def __len__(self) -> int:
        return len(self._due)

    def __contains__(self, key: object) -> bool:
        return key in self._due
