"""Scheduled timers of catch events, boundary events and start events."""

from __future__ import annotations

from zeebe_lite.records import NO_KEY, TimerRecord
from zeebe_lite.state.due_index import DueIndex

__all__ = ["TimerState"]


class TimerState:
    """Mutable store of timers; written only by event appliers."""

    def __init__(self) -> None:
        """Create an empty store."""
        self._timers: dict[int, TimerRecord] = {}
        self._due = DueIndex()
        self._by_element: dict[int, dict[int, None]] = {}

    def get(self, key: int) -> TimerRecord | None:
        """The scheduled timer with ``key``."""
        return self._timers.get(key)

    def of_element_instance(self, element_instance_key: int) -> list[tuple[int, TimerRecord]]:
        """The timers an element instance (or, for timer start events, a process definition key) owns."""
        return [(key, self._timers[key]) for key in self._by_element.get(element_instance_key, ())]

    def due(self, now: int, limit: int = 1000) -> list[int]:
        """Timers due at or before ``now``."""
        return self._due.due(now, limit)

    def next_due(self) -> int | None:
        """When the next timer is due."""
        return self._due.next_due()

    def __len__(self) -> int:
        return len(self._timers)

    def snapshot(self) -> dict[int, TimerRecord]:
        """Everything stored (for replay checks)."""
        return dict(self._timers)

    def put(self, key: int, timer: TimerRecord) -> None:
        """Schedule a timer."""
        self._timers[key] = timer
        self._due.put(key, timer.due_date)
        self._by_element.setdefault(_owner(timer), {})[key] = None

    def remove(self, key: int) -> None:
        """Unschedule a timer."""
        timer = self._timers.pop(key, None)
        self._due.remove(key)
        if timer is None:
            return
        owner = _owner(timer)
        keys = self._by_element.get(owner)
        if keys is not None:
            keys.pop(key, None)
            if not keys:
                del self._by_element[owner]


def _owner(timer: TimerRecord) -> int:
    """Timers of start events belong to their process definition, all others to their element instance."""
    return (
        timer.element_instance_key if timer.element_instance_key != NO_KEY else timer.process_definition_key
    )
