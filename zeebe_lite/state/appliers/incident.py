"""Appliers of INCIDENT events."""

from __future__ import annotations

from zeebe_lite.records import NO_KEY, IncidentIntent, IncidentRecord, Record, ValueType
from zeebe_lite.state.appliers._types import ApplierTable
from zeebe_lite.state.job import JobLifecycle
from zeebe_lite.state.memory import EngineState

__all__ = ["APPLIERS"]


def _created(state: EngineState, record: Record[IncidentRecord]) -> None:
    state.incidents.create(record.key, record.value)


def _resolved(state: EngineState, record: Record[IncidentRecord]) -> None:
    state.incidents.resolve(record.key)
    job_key = record.value.job_key
    if job_key == NO_KEY:
        return
    job = state.jobs.get(job_key)
    if job is not None and job.record.retries > 0:
        state.jobs.put(job_key, JobLifecycle.ACTIVATABLE, job.record)


def _migrated(state: EngineState, record: Record[IncidentRecord]) -> None:
    state.incidents.migrate(record.key, record.value)


APPLIERS: ApplierTable = {
    (ValueType.INCIDENT, IncidentIntent.CREATED): _created,
    (ValueType.INCIDENT, IncidentIntent.RESOLVED): _resolved,
    (ValueType.INCIDENT, IncidentIntent.MIGRATED): _migrated,
}
