"""Appliers of JOB and JOB_BATCH events."""

from __future__ import annotations

from dataclasses import replace

from zeebe_lite.records import JobBatchIntent, JobBatchRecord, JobIntent, JobRecord, Record, ValueType
from zeebe_lite.state.appliers._types import ApplierTable
from zeebe_lite.state.appliers.triggers import add_trigger
from zeebe_lite.state.job import JobLifecycle
from zeebe_lite.state.memory import EngineState

__all__ = ["APPLIERS"]


def _created(state: EngineState, record: Record[JobRecord]) -> None:
    state.jobs.put(record.key, JobLifecycle.ACTIVATABLE, record.value)
    state.element_instances.set_job_key(record.value.element_instance_key, record.key)


def _batch_activated(state: EngineState, record: Record[JobBatchRecord]) -> None:
    jobs = state.jobs
    for key, activated in zip(record.value.job_keys, record.value.jobs, strict=True):
        job = jobs.get(key)
        if job is None:
            continue
        updated = replace(
            job.record,
            worker=activated.worker,
            deadline=activated.deadline,
            timeout=activated.timeout,
        )
        jobs.put(key, JobLifecycle.ACTIVATED, updated)


def _completed(state: EngineState, record: Record[JobRecord]) -> None:
    value = record.value
    state.jobs.remove(record.key)
    state.element_instances.set_job_key(value.element_instance_key, -1)
    if value.listener_event_type:
        state.element_instances.count_listener(value.element_instance_key, value.listener_event_type)
    else:
        add_trigger(state, value.element_instance_key, record.key, value.element_id, value.variables)


def _failed(state: EngineState, record: Record[JobRecord]) -> None:
    job = state.jobs.get(record.key)
    if job is None:
        return
    value = record.value
    updated = replace(
        job.record,
        retries=value.retries,
        error_message=value.error_message,
        retry_backoff=value.retry_backoff,
        recurring_time=value.recurring_time,
        worker=value.worker,
        deadline=-1,
    )
    if value.retries > 0 and value.retry_backoff <= 0:
        state.jobs.put(record.key, JobLifecycle.ACTIVATABLE, updated)
    else:
        state.jobs.put(record.key, JobLifecycle.FAILED, updated)


def _recurred(state: EngineState, record: Record[JobRecord]) -> None:
    job = state.jobs.get(record.key)
    if job is not None:
        state.jobs.put(record.key, JobLifecycle.ACTIVATABLE, replace(job.record, recurring_time=-1))


def _timed_out(state: EngineState, record: Record[JobRecord]) -> None:
    job = state.jobs.get(record.key)
    if job is not None:
        state.jobs.put(record.key, JobLifecycle.ACTIVATABLE, replace(job.record, deadline=-1, worker=""))


def _retries_updated(state: EngineState, record: Record[JobRecord]) -> None:
    job = state.jobs.get(record.key)
    if job is not None:
        state.jobs.put(record.key, job.lifecycle, replace(job.record, retries=record.value.retries))


def _timeout_updated(state: EngineState, record: Record[JobRecord]) -> None:
    job = state.jobs.get(record.key)
    if job is not None:
        state.jobs.put(record.key, job.lifecycle, replace(job.record, deadline=record.value.deadline))


def _error_thrown(state: EngineState, record: Record[JobRecord]) -> None:
    job = state.jobs.get(record.key)
    if job is not None:
        updated = replace(
            job.record, error_code=record.value.error_code, error_message=record.value.error_message
        )
        state.jobs.put(record.key, JobLifecycle.ERROR_THROWN, updated)


def _migrated(state: EngineState, record: Record[JobRecord]) -> None:
    job = state.jobs.get(record.key)
    if job is not None:
        value = record.value
        updated = replace(
            job.record,
            element_id=value.element_id,
            bpmn_process_id=value.bpmn_process_id,
            process_definition_version=value.process_definition_version,
            process_definition_key=value.process_definition_key,
        )
        state.jobs.put(record.key, job.lifecycle, updated)


def _canceled(state: EngineState, record: Record[JobRecord]) -> None:
    state.jobs.remove(record.key)
    state.element_instances.set_job_key(record.value.element_instance_key, -1)


APPLIERS: ApplierTable = {
    (ValueType.JOB, JobIntent.CREATED): _created,
    (ValueType.JOB_BATCH, JobBatchIntent.ACTIVATED): _batch_activated,
    (ValueType.JOB, JobIntent.COMPLETED): _completed,
    (ValueType.JOB, JobIntent.FAILED): _failed,
    (ValueType.JOB, JobIntent.RECURRED_AFTER_BACKOFF): _recurred,
    (ValueType.JOB, JobIntent.TIMED_OUT): _timed_out,
    (ValueType.JOB, JobIntent.RETRIES_UPDATED): _retries_updated,
    (ValueType.JOB, JobIntent.TIMEOUT_UPDATED): _timeout_updated,
    (ValueType.JOB, JobIntent.ERROR_THROWN): _error_thrown,
    (ValueType.JOB, JobIntent.CANCELED): _canceled,
    (ValueType.JOB, JobIntent.MIGRATED): _migrated,
}
