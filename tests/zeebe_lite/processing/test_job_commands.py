"""Job commands: fail/retries/back-off, incidents, timeouts, update retries/timeout, rejections."""

from __future__ import annotations

import datetime as dt

import pytest

from zeebe_lite.bpmn.xml_builder import simple_task_process
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import CommandRejectedError, Engine
from zeebe_lite.records import ErrorType, JobIntent, RecordStream, RejectionType, ValueType

TIMEOUT = dt.timedelta(seconds=30)


def _started() -> tuple[Engine, ManualClock, int]:
    clock = ManualClock()
    engine = Engine.open(None, clock=clock)
    engine.deploy({"order.bpmn": simple_task_process()})
    created = engine.create_process_instance(bpmn_process_id="order", variables={"a": 1})
    return engine, clock, created.process_instance_key


def test_failed_job_with_retries_is_activatable_again_and_keeps_retries() -> None:
    engine, _, _ = _started()
    [job] = engine.activate_jobs("charge", "w", TIMEOUT, 1)
    engine.fail_job(job.key, retries=2, error_message="flaky")
    [again] = engine.activate_jobs("charge", "w", TIMEOUT, 1)
    assert again.key == job.key
    assert again.record.retries == 2
    assert again.record.error_message == "flaky"


def test_retry_backoff_delays_reactivation_until_the_clock_passes_it() -> None:
    engine, clock, _ = _started()
    [job] = engine.activate_jobs("charge", "w", TIMEOUT, 1)
    engine.fail_job(job.key, retries=1, retry_backoff=dt.timedelta(seconds=10))
    assert engine.activate_jobs("charge", "w", TIMEOUT, 1) == []
    clock.advance(dt.timedelta(seconds=9))
    assert engine.activate_jobs("charge", "w", TIMEOUT, 1) == []
    clock.advance(dt.timedelta(seconds=1))
    [again] = engine.activate_jobs("charge", "w", TIMEOUT, 1)
    assert again.key == job.key
    intents = RecordStream(engine.records()).of_type(ValueType.JOB).events().intents()
    assert intents == [JobIntent.CREATED, JobIntent.FAILED, JobIntent.RECURRED_AFTER_BACKOFF]


def test_no_retries_left_raises_incident_until_retries_updated_and_resolved() -> None:
    engine, _, process_instance_key = _started()
    [job] = engine.activate_jobs("charge", "w", TIMEOUT, 1)
    engine.fail_job(job.key, retries=0, error_message="card declined", variables={"reason": "declined"})
    [(incident_key, incident)] = engine.state.incidents.of_process_instance(process_instance_key)
    assert incident.error_type is ErrorType.JOB_NO_RETRIES
    assert incident.error_message == "card declined"
    assert incident.job_key == job.key
    assert engine.activate_jobs("charge", "w", TIMEOUT, 1) == []
    local = engine.state.variables.local(job.record.element_instance_key, "reason")
    assert local is not None
    assert local.value == "declined"

    with pytest.raises(CommandRejectedError) as rejected:
        engine.resolve_incident(incident_key)
    assert rejected.value.rejection_type is RejectionType.INVALID_STATE

    engine.update_job_retries(job.key, 3)
    assert engine.activate_jobs("charge", "w", TIMEOUT, 1) == []
    engine.resolve_incident(incident_key)
    [again] = engine.activate_jobs("charge", "w", TIMEOUT, 1)
    assert again.record.retries == 3
    engine.complete_job(again.key)
    assert engine.state.element_instances.get(process_instance_key) is None


def test_timed_out_job_is_activatable_again_and_the_stale_worker_is_rejected() -> None:
    engine, clock, _ = _started()
    [job] = engine.activate_jobs("charge", "slow", TIMEOUT, 1)
    clock.advance(TIMEOUT)
    [again] = engine.activate_jobs("charge", "fast", TIMEOUT, 1)
    assert again.key == job.key
    assert again.record.worker == "fast"
    assert again.record.retries == job.record.retries
    engine.complete_job(again.key)
    with pytest.raises(CommandRejectedError) as rejected:
        engine.complete_job(job.key)
    assert rejected.value.rejection_type is RejectionType.NOT_FOUND
    intents = RecordStream(engine.records()).of_type(ValueType.JOB).events().intents()
    assert JobIntent.TIMED_OUT in intents


def test_update_timeout_moves_the_deadline() -> None:
    engine, clock, _ = _started()
    [job] = engine.activate_jobs("charge", "w", TIMEOUT, 1)
    engine.update_job_timeout(job.key, dt.timedelta(minutes=5))
    clock.advance(dt.timedelta(minutes=1))
    assert engine.activate_jobs("charge", "w", TIMEOUT, 1) == []
    current = engine.state.jobs.get(job.key)
    assert current is not None
    assert current.record.deadline == job.record.deadline - 30_000 + 300_000


@pytest.mark.parametrize(
    ("action", "rejection"),
    [
        (lambda engine: engine.complete_job(123), RejectionType.NOT_FOUND),
        (lambda engine: engine.fail_job(123, 1), RejectionType.NOT_FOUND),
        (lambda engine: engine.throw_error(123, "E"), RejectionType.NOT_FOUND),
        (lambda engine: engine.update_job_retries(123, 1), RejectionType.NOT_FOUND),
        (lambda engine: engine.update_job_retries(123, 0), RejectionType.INVALID_ARGUMENT),
        (lambda engine: engine.resolve_incident(123), RejectionType.NOT_FOUND),
        (lambda engine: engine.cancel_process_instance(123), RejectionType.NOT_FOUND),
        (lambda engine: engine.activate_jobs("", "w", TIMEOUT, 1), RejectionType.INVALID_ARGUMENT),
        (lambda engine: engine.activate_jobs("t", "w", TIMEOUT, 0), RejectionType.INVALID_ARGUMENT),
        (lambda engine: engine.create_process_instance(bpmn_process_id="nope"), RejectionType.NOT_FOUND),
        (lambda engine: engine.set_variables(123, {"a": 1}), RejectionType.NOT_FOUND),
    ],
)
def test_commands_on_unknown_keys_are_rejected(action: object, rejection: RejectionType) -> None:
    engine, _, _ = _started()
    with pytest.raises(CommandRejectedError) as rejected:
        action(engine)  # type: ignore[operator]
    assert rejected.value.rejection_type is rejection


def test_failed_job_cannot_be_completed() -> None:
    engine, _, _ = _started()
    [job] = engine.activate_jobs("charge", "w", TIMEOUT, 1)
    engine.fail_job(job.key, retries=0)
    with pytest.raises(CommandRejectedError) as rejected:
        engine.complete_job(job.key)
    assert rejected.value.rejection_type is RejectionType.INVALID_STATE
