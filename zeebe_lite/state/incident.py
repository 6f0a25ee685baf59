"""Open incidents, findable by key, job and element instance."""

from __future__ import annotations

from zeebe_lite.records import NO_KEY, IncidentRecord

__all__ = ["IncidentState"]


class IncidentState:
    """Mutable store of open incidents; written only by event appliers."""

    def __init__(self) -> None:
        """Create an empty store."""
        self._incidents: dict[int, IncidentRecord] = {}
        self._by_job: dict[int, int] = {}
        self._by_element: dict[int, int] = {}

    def get(self, key: int) -> IncidentRecord | None:
        """The open incident with ``key``."""
        return self._incidents.get(key)

    def of_job(self, job_key: int) -> int | None:
        """The key of the open incident of a job."""
        return self._by_job.get(job_key)

    def of_element_instance(self, element_instance_key: int) -> int | None:
        """The key of the open (non-job) incident of an element instance."""
        return self._by_element.get(element_instance_key)

    def of_process_instance(self, process_instance_key: int) -> list[tuple[int, IncidentRecord]]:
        """The open incidents of a process instance."""
        return [
            (key, incident)
            for key, incident in self._incidents.items()
            if incident.process_instance_key == process_instance_key
        ]

    def __len__(self) -> int:
        return len(self._incidents)

    def snapshot(self) -> dict[int, IncidentRecord]:
        """Everything stored (for replay checks)."""
        return dict(self._incidents)

    def create(self, key: int, incident: IncidentRecord) -> None:
        """Open an incident."""
        self._incidents[key] = incident
        if incident.job_key != NO_KEY:
            self._by_job[incident.job_key] = key
        else:
            self._by_element[incident.element_instance_key] = key

    def migrate(self, key: int, incident: IncidentRecord) -> None:
        """Re-point an open incident to another process definition (its job and element instance stay)."""
        if key in self._incidents:
            self._incidents[key] = incident

    def resolve(self, key: int) -> None:
        """Close an incident."""
        incident = self._incidents.pop(key, None)
        if incident is None:
            return
        if incident.job_key != NO_KEY:
            self._by_job.pop(incident.job_key, None)
        else:
            self._by_element.pop(incident.element_instance_key, None)
