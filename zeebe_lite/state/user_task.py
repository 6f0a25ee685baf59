"""Open Camunda user tasks."""

from __future__ import annotations

from zeebe_lite.records import UserTaskRecord

__all__ = ["UserTaskState"]


class UserTaskState:
    """Mutable store of open user tasks; written only by event appliers."""

    def __init__(self) -> None:
        """Create an empty store."""
        self._tasks: dict[int, UserTaskRecord] = {}
        self._by_element: dict[int, int] = {}

    def get(self, key: int) -> UserTaskRecord | None:
        """The open user task with ``key``."""
        return self._tasks.get(key)

    def of_element_instance(self, element_instance_key: int) -> int | None:
        """The key of the open user task of an element instance."""
        return self._by_element.get(element_instance_key)

    def open_tasks(self) -> list[tuple[int, UserTaskRecord]]:
        """All open user tasks, oldest first."""
        return list(self._tasks.items())

    def __len__(self) -> int:
        return len(self._tasks)

    def snapshot(self) -> dict[int, UserTaskRecord]:
        """Everything stored (for replay checks)."""
        return dict(self._tasks)

    def put(self, key: int, task: UserTaskRecord) -> None:
        """Open or update a task."""
        self._tasks[key] = task
        self._by_element[task.element_instance_key] = key

    def remove(self, key: int) -> None:
        """Close a task."""
        task = self._tasks.pop(key, None)
        if task is not None:
            self._by_element.pop(task.element_instance_key, None)
