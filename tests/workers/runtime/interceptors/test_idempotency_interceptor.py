"""Idempotency: claim, record, replay on redelivery; failures release; live claims defer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pyzeebe import Job

from workers import BpmnError, Integration, task_options
from workers.runtime import FleetMetrics, SqliteIdempotencyStore
from workers.runtime.idempotency import RecordedOutcome
from workers.testing import JobEnvironment

crm = Integration("hubspot", group="crm")
calls: list[str] = []


@crm.task("crm.create-contact")
async def create_contact(email: str, leadScore: int = 0) -> dict[str, object]:
    calls.append(email)
    return {"contactId": f"c-{email}", "score": leadScore}


@crm.task("crm.reject-payment")
async def reject_payment(amount: int) -> None:
    raise BpmnError("PAYMENT_REJECTED", f"amount {amount} over limit", {"rejectedAmount": amount})


async def test_redelivered_job_replays_the_recorded_result() -> None:
    calls.clear()
    metrics = FleetMetrics()
    env = JobEnvironment(metrics=metrics)
    same_task_instance: dict[str, Any] = {"process_instance_key": 10, "element_instance_key": 11}
    first = await env.run(crm, "crm.create-contact", variables={"email": "r@x.test"}, **same_task_instance)
    second = await env.run(crm, "crm.create-contact", variables={"email": "r@x.test"}, **same_task_instance)
    assert first.job.key != second.job.key
    assert first.variables == second.variables
    assert calls == ["r@x.test"]
    assert (
        metrics.registry.get_sample_value(
            "fleet_idempotency_replays_total", {"task_type": "crm.create-contact"}
        )
        == 1.0
    )


async def test_other_task_instances_are_not_replayed() -> None:
    calls.clear()
    env = JobEnvironment()
    for element_instance_key in (21, 22):
        await env.run(
            crm,
            "crm.create-contact",
            variables={"email": "m@x.test"},
            process_instance_key=20,
            element_instance_key=element_instance_key,
        )
    assert calls == ["m@x.test", "m@x.test"]


async def test_model_provided_idempotency_key_wins() -> None:
    calls.clear()
    env = JobEnvironment()
    for element_instance_key in (31, 32):
        await env.run(
            crm,
            "crm.create-contact",
            variables={"email": "k@x.test", "idempotencyKey": "evt_123/create-contact"},
            element_instance_key=element_instance_key,
        )
    assert calls == ["k@x.test"]


async def test_recorded_bpmn_error_is_replayed() -> None:
    env = JobEnvironment()
    same_task_instance: dict[str, Any] = {"process_instance_key": 40, "element_instance_key": 41}
    first = await env.run(crm, "crm.reject-payment", variables={"amount": 5}, **same_task_instance)
    second = await env.run(crm, "crm.reject-payment", variables={"amount": 6}, **same_task_instance)
    assert first.kind == second.kind == "error_thrown"
    assert second.error_code == "PAYMENT_REJECTED"
    assert second.variables == {"rejectedAmount": 5}


async def test_failed_attempt_releases_the_claim_so_the_retry_runs() -> None:
    attempts: list[int] = []

    async def flaky(job: Job) -> dict[str, int]:
        attempts.append(job.retries)
        if len(attempts) == 1:
            raise ConnectionError("reset by peer")
        return {"attempts": len(attempts)}

    env = JobEnvironment()
    failed = await env.run(flaky, "crm.flaky", process_instance_key=50, element_instance_key=51, retries=3)
    retried = await env.run(flaky, "crm.flaky", process_instance_key=50, element_instance_key=51, retries=2)
    assert failed.kind == "failed"
    assert retried.kind == "completed" and retried.variables == {"attempts": 2}


async def test_key_held_by_a_live_worker_defers_the_job() -> None:
    store = SqliteIdempotencyStore(":memory:")
    env = JobEnvironment(store=store)
    job = env.make_job("crm.create-contact", variables={"email": "h@x.test"}, element_instance_key=61)
    await store.claim(
        f"test-process/{job.process_instance_key}/61/crm.create-contact",
        owner="pod-a",
        lease=timedelta(minutes=10),
    )
    outcome = await env.run(crm, "crm.create-contact", job=job)
    assert outcome.kind == "failed" and outcome.retries == 2
    assert outcome.message is not None and "pod-a" in outcome.message
    assert outcome.retry_back_off is not None and outcome.retry_back_off > timedelta(minutes=9)


async def test_recorded_outcome_round_trips() -> None:
    outcome = RecordedOutcome("bpmn_error", {"a": 1}, error_code="X", error_message="m")
    assert RecordedOutcome.from_json(outcome.to_json()) == outcome


async def test_non_idempotent_task_skips_the_store() -> None:
    runs: list[int] = []

    @task_options(idempotent=False)
    async def notify() -> None:
        runs.append(1)

    env = JobEnvironment()
    await env.run(notify, "crm.notify", process_instance_key=70, element_instance_key=71)
    await env.run(notify, "crm.notify", process_instance_key=70, element_instance_key=71)
    assert runs == [1, 1]
