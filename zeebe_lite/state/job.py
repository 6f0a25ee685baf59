"""Jobs: their lifecycle, the activatable queue per type, deadlines and retry back-offs."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from zeebe_lite.records import JobRecord
from zeebe_lite.state.due_index import DueIndex

__all__ = ["Job", "JobLifecycle", "JobState"]


class JobLifecycle(StrEnum):
    """Where a live job stands."""

    ACTIVATABLE = "ACTIVATABLE"
    ACTIVATED = "ACTIVATED"
    FAILED = "FAILED"
    ERROR_THROWN = "ERROR_THROWN"


@dataclass(frozen=True, slots=True)
class Job:
    """A live job (completed and canceled jobs are removed)."""

    key: int
    lifecycle: JobLifecycle
    record: JobRecord


class JobState:
    """Mutable store of jobs; written only by event appliers."""

    def __init__(self) -> None:
        """Create an empty store."""
        self._jobs: dict[int, Job] = {}
        self._activatable: dict[str, dict[int, None]] = {}
        self._deadlines = DueIndex()
        self._backoffs = DueIndex()

    # ------------------------------------------------------------------------------------------ reads

    def get(self, key: int) -> Job | None:
        """The live job with ``key``."""
        return self._jobs.get(key)

    def activatable(self, job_type: str, limit: int) -> list[Job]:
        """Up to ``limit`` activatable jobs of the type, oldest first."""
        queue = self._activatable.get(job_type)
        if not queue:
            return []
        jobs = self._jobs
        found: list[Job] = []
        for key in queue:
            found.append(jobs[key])
            if len(found) >= limit:
                break
        return found

    def has_activatable(self, job_type: str) -> bool:
        """True when at least one job of the type can be activated now."""
        return bool(self._activatable.get(job_type))

    def activatable_types(self) -> list[str]:
        """The job types with activatable jobs."""
        return [job_type for job_type, queue in self._activatable.items() if queue]

    def timed_out(self, now: int, limit: int = 1000) -> list[int]:
        """Activated jobs whose deadline has passed."""
        return self._deadlines.due(now, limit)

    def backoff_elapsed(self, now: int, limit: int = 1000) -> list[int]:
        """Failed jobs whose retry back-off has elapsed."""
        return self._backoffs.due(now, limit)

    def next_due(self) -> int | None:
        """The earliest deadline or back-off end, or None."""
        dues = [due for due in (self._deadlines.next_due(), self._backoffs.next_due()) if due is not None]
        return min(dues) if dues else None

    def __len__(self) -> int:
        return len(self._jobs)

    def snapshot(self) -> dict[str, object]:
        """Everything stored, as plain comparable data (for replay checks)."""
        return {
            "jobs": dict(self._jobs),
            "activatable": {job_type: list(keys) for job_type, keys in self._activatable.items()},
            "deadlines": sorted(self._deadlines.due(2**62, 2**31)),
            "backoffs": sorted(self._backoffs.due(2**62, 2**31)),
        }

    # ------------------------------------------------------------------------------------------ writes

    def put(self, key: int, lifecycle: JobLifecycle, record: JobRecord) -> None:
        """Store the job in a lifecycle state, keeping the indexes in step."""
        previous = self._jobs.get(key)
        if previous is not None and previous.lifecycle is JobLifecycle.ACTIVATABLE:
            self._unqueue(key, previous.record.type)
        self._jobs[key] = Job(key, lifecycle, record)
        self._deadlines.remove(key)
        self._backoffs.remove(key)
        if lifecycle is JobLifecycle.ACTIVATABLE:
            self._activatable.setdefault(record.type, {})[key] = None
        elif lifecycle is JobLifecycle.ACTIVATED:
            self._deadlines.put(key, record.deadline)
        elif lifecycle is JobLifecycle.FAILED and record.retries > 0 and record.recurring_time >= 0:
            self._backoffs.put(key, record.recurring_time)

    def remove(self, key: int) -> None:
        """Forget a completed or canceled job."""
        job = self._jobs.pop(key, None)
        if job is None:
            return
        if job.lifecycle is JobLifecycle.ACTIVATABLE:
            self._unqueue(key, job.record.type)
        self._deadlines.remove(key)
        self._backoffs.remove(key)

    def _unqueue(self, key: int, job_type: str) -> None:
        queue = self._activatable.get(job_type)
        if queue is not None:
            queue.pop(key, None)
            if not queue:
                del self._activatable[job_type]
