"""Handlers run through workers.testing exactly as in the fleet: chain, pyzeebe task builder, outcome."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, MutableMapping
from datetime import timedelta
from typing import Any, TypeVar

import httpx
import pydantic
from pyzeebe import Job, ZeebeTaskRouter
from pyzeebe.errors import BusinessError

from workers import BpmnError, PermanentError, current_job_context, task_options
from workers.runtime import FleetMetrics, SqliteIdempotencyStore
from workers.runtime.idempotency import RecordedOutcome
from workers.testing import JobEnvironment

# pyzeebe 4.7's router.task overloads do not type-check under mypy --strict (ParamSpec over a Union);
# workers.runtime.Integration.task is the typed front. Plain pyzeebe routers must keep working, so test one.
router = ZeebeTaskRouter()
F = TypeVar("F", bound=Callable[..., Any])


def task(task_type: str, **settings: Any) -> Callable[[F], F]:
    """Register on the plain pyzeebe router."""
    register: Callable[[Any], Any] = router.task(task_type, **settings)

    def decorate(function: F) -> F:
        register(function)
        return function

    return decorate


calls: list[str] = []


@task("crm.create-contact")
async def create_contact(email: str, leadScore: int = 0) -> dict[str, object]:
    calls.append(email)
    return {"contactId": f"c-{email}", "score": leadScore}


@task("crm.describe-job")
async def describe_job(name: str, job: Job) -> dict[str, object]:
    return {"greeting": f"hi {name}", "jobKey": job.key, "elementId": job.element_id}


@task("crm.only-job")
async def only_job(job: Job) -> dict[str, object]:
    return {"retries": job.retries}


@task("crm.reject-payment")
async def reject_payment(amount: int) -> None:
    raise BpmnError("PAYMENT_REJECTED", f"amount {amount} over limit", {"rejectedAmount": amount})


@task("crm.pyzeebe-business-error")
async def pyzeebe_business_error() -> None:
    raise BusinessError("CONTACT_HAS_NO_MANYCHAT_ID")


def _http_error(status: int, headers: dict[str, str] | None = None, body: str = "") -> httpx.HTTPStatusError:
    request = httpx.Request("POST", "https://api.example.test/v3/contacts?token=secret")
    response = httpx.Response(status, headers=headers, text=body, request=request)
    return httpx.HTTPStatusError(f"status {status}", request=request, response=response)


@task("crm.rate-limited")
async def rate_limited() -> None:
    raise _http_error(429, {"Retry-After": "120"})


@task("crm.contract-error")
async def contract_error() -> None:
    raise _http_error(422, body='{"message": "email is malformed"}')


@task("crm.connection-lost")
async def connection_lost() -> None:
    raise httpx.ConnectError("connection refused")


@task("crm.single", single_value=True, variable_name="total")
async def single(a: int, b: int) -> int:
    return a + b


@task("crm.everything")
async def everything(**variables: object) -> dict[str, object]:
    return {"seen": sorted(variables)}


@task("crm.sync")
def sync_handler(value: int) -> dict[str, object]:
    context = current_job_context()
    assert context is not None
    return {"double": value * 2, "key": context.idempotency_key}


async def test_completes_with_the_variables_named_by_the_parameters() -> None:
    env = JobEnvironment()
    outcome = await env.run(
        router, "crm.create-contact", variables={"email": "a@example.test", "leadScore": 70, "other": "x"}
    )
    assert outcome.kind == "completed"
    assert outcome.variables == {"contactId": "c-a@example.test", "score": 70}
    assert "other" not in outcome.job.variables


async def test_job_parameter_is_injected_with_postponed_annotations() -> None:
    env = JobEnvironment()
    outcome = await env.run(router, "crm.describe-job", variables={"name": "Ada", "job": "not a job"})
    assert outcome.kind == "completed"
    assert outcome.variables == {"greeting": "hi Ada", "jobKey": outcome.job.key, "elementId": "task"}


async def test_handler_taking_only_the_job() -> None:
    outcome = await JobEnvironment().run(router, "crm.only-job", retries=5)
    assert outcome.variables == {"retries": 5}


async def test_bpmn_error_becomes_throw_error_with_code_and_variables() -> None:
    outcome = await JobEnvironment().run(router, "crm.reject-payment", variables={"amount": 900})
    assert outcome.kind == "error_thrown"
    assert outcome.error_code == "PAYMENT_REJECTED"
    assert outcome.message == "amount 900 over limit"
    assert outcome.variables == {"rejectedAmount": 900}


async def test_pyzeebe_business_error_is_a_business_outcome_too() -> None:
    outcome = await JobEnvironment().run(router, "crm.pyzeebe-business-error")
    assert outcome.kind == "error_thrown"
    assert outcome.error_code == "CONTACT_HAS_NO_MANYCHAT_ID"


async def test_rate_limit_fails_with_one_retry_less_and_honours_retry_after() -> None:
    outcome = await JobEnvironment().run(router, "crm.rate-limited", retries=3)
    assert outcome.kind == "failed"
    assert outcome.retries == 2
    assert outcome.retry_back_off is not None and outcome.retry_back_off >= timedelta(seconds=120)
    assert outcome.message is not None and "429" in outcome.message
    assert "secret" not in outcome.message


async def test_connection_error_is_transient_with_a_non_zero_backoff() -> None:
    outcome = await JobEnvironment().run(router, "crm.connection-lost", retries=2)
    assert outcome.kind == "failed" and outcome.retries == 1
    assert outcome.retry_back_off is not None and outcome.retry_back_off > timedelta(0)
    assert not outcome.is_incident


async def test_last_transient_failure_says_what_to_do() -> None:
    outcome = await JobEnvironment().run(router, "crm.connection-lost", retries=1)
    assert outcome.retries == 0 and outcome.is_incident
    assert outcome.message is not None and "resolve the incident" in outcome.message


async def test_contract_error_raises_an_incident_that_says_what_to_fix() -> None:
    outcome = await JobEnvironment().run(router, "crm.contract-error", retries=3)
    assert outcome.kind == "failed"
    assert outcome.retries == 0 and outcome.is_incident
    assert outcome.message is not None
    assert "422" in outcome.message and "email is malformed" in outcome.message and "Fix" in outcome.message


async def test_single_value_tasks_keep_working() -> None:
    outcome = await JobEnvironment().run(router, "crm.single", variables={"a": 2, "b": 3})
    assert outcome.variables == {"total": 5}


async def test_var_keyword_handler_receives_all_variables() -> None:
    outcome = await JobEnvironment().run(router, "crm.everything", variables={"x": 1, "y": 2})
    assert outcome.variables == {"seen": ["x", "y"]}


async def test_sync_handler_runs_in_a_thread_with_the_job_context() -> None:
    env = JobEnvironment()
    job = env.make_job(
        "crm.sync", variables={"value": 21}, bpmn_process_id="lead-intake", element_instance_key=7
    )
    outcome = await env.run(router, "crm.sync", job=job)
    assert outcome.variables == {"double": 42, "key": f"lead-intake/{job.process_instance_key}/7/crm.sync"}


async def test_bare_function_can_be_run_without_a_router() -> None:
    async def shout(text: str) -> dict[str, str]:
        return {"text": text.upper()}

    outcome = await JobEnvironment().run(shout, "util.shout", variables={"text": "hey"})
    assert outcome.variables == {"text": "HEY"}


class Lead(pydantic.BaseModel):
    email: str
    leadScore: int = pydantic.Field(ge=0, le=100)


async def test_input_model_coerces_variables() -> None:
    seen: list[object] = []

    @task_options(input_model=Lead)
    async def score(email: str, leadScore: int) -> dict[str, object]:
        seen.append(leadScore)
        return {"ok": True}

    outcome = await JobEnvironment().run(
        score, "crm.score", variables={"email": "a@b.test", "leadScore": "42"}
    )
    assert outcome.kind == "completed"
    assert seen == [42]


async def test_invalid_input_is_an_incident_naming_the_field() -> None:
    @task_options(input_model=Lead)
    async def score(email: str, leadScore: int) -> None:
        raise AssertionError("must not run")

    outcome = await JobEnvironment().run(
        score, "crm.score", variables={"email": "a@b.test", "leadScore": 900}
    )
    assert outcome.is_incident
    assert outcome.message is not None and "leadScore" in outcome.message and "900" not in outcome.message


class Created(pydantic.BaseModel):
    contactId: str


async def test_invalid_output_is_an_incident() -> None:
    @task_options(output_model=Created)
    async def create() -> dict[str, object]:
        return {"contactID": "wrong key"}

    outcome = await JobEnvironment().run(create, "crm.create")
    assert outcome.is_incident
    assert outcome.message is not None and "contactId" in outcome.message and "bug" in outcome.message


async def test_deadline_cancels_a_handler_that_outlives_the_job() -> None:
    cancelled = asyncio.Event()

    @task_options(deadline_margin=timedelta(seconds=1))
    async def slow() -> None:
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    outcome = await JobEnvironment().run(slow, "crm.slow", timeout=timedelta(milliseconds=1300))
    assert outcome.kind == "failed" and outcome.retries == 2
    assert outcome.message is not None and "did not finish" in outcome.message
    assert cancelled.is_set()


async def test_job_already_past_its_deadline_is_not_started() -> None:
    started: list[bool] = []

    async def late() -> None:
        started.append(True)

    outcome = await JobEnvironment().run(late, "crm.late", timeout=timedelta(seconds=-1))
    assert outcome.kind == "failed" and started == []


async def test_redelivered_job_replays_the_recorded_result() -> None:
    calls.clear()
    metrics = FleetMetrics()
    env = JobEnvironment(metrics=metrics)
    same_task_instance: dict[str, Any] = {"process_instance_key": 10, "element_instance_key": 11}
    first = await env.run(router, "crm.create-contact", variables={"email": "r@x.test"}, **same_task_instance)
    second = await env.run(
        router, "crm.create-contact", variables={"email": "r@x.test"}, **same_task_instance
    )
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
            router,
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
            router,
            "crm.create-contact",
            variables={"email": "k@x.test", "idempotencyKey": "evt_123/create-contact"},
            element_instance_key=element_instance_key,
        )
    assert calls == ["k@x.test"]


async def test_recorded_bpmn_error_is_replayed() -> None:
    env = JobEnvironment()
    same_task_instance: dict[str, Any] = {"process_instance_key": 40, "element_instance_key": 41}
    first = await env.run(router, "crm.reject-payment", variables={"amount": 5}, **same_task_instance)
    second = await env.run(router, "crm.reject-payment", variables={"amount": 6}, **same_task_instance)
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
    outcome = await env.run(router, "crm.create-contact", job=job)
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


async def test_metrics_count_outcomes_by_type() -> None:
    metrics = FleetMetrics()
    env = JobEnvironment(metrics=metrics)
    await env.run(router, "crm.create-contact", variables={"email": "z@x.test"})
    await env.run(router, "crm.contract-error")
    await env.run(router, "crm.connection-lost")
    await env.run(router, "crm.reject-payment", variables={"amount": 1})
    value = metrics.registry.get_sample_value
    assert value("fleet_jobs_completed_total", {"task_type": "crm.create-contact"}) == 1.0
    assert value("fleet_jobs_failed_total", {"task_type": "crm.contract-error", "kind": "permanent"}) == 1.0
    assert value("fleet_jobs_failed_total", {"task_type": "crm.connection-lost", "kind": "transient"}) == 1.0
    errored = {"task_type": "crm.reject-payment", "error_code": "PAYMENT_REJECTED"}
    assert value("fleet_jobs_errored_total", errored) == 1.0
    assert value("fleet_job_handler_duration_seconds_count", {"task_type": "crm.create-contact"}) == 1.0


async def test_logs_are_bound_to_the_job(captured_logs: list[MutableMapping[str, Any]]) -> None:
    env = JobEnvironment()
    job = env.make_job(
        "crm.contract-error", bpmn_process_id="lead-intake", element_id="CreateContact", retries=4
    )
    await env.run(router, "crm.contract-error", job=job)
    failed = [entry for entry in captured_logs if entry["event"] == "job.failed"]
    assert len(failed) == 1
    entry = failed[0]
    assert entry["job_key"] == job.key
    assert entry["task_type"] == "crm.contract-error"
    assert entry["process_instance_key"] == job.process_instance_key
    assert entry["bpmn_process_id"] == "lead-intake"
    assert entry["element_id"] == "CreateContact"
    assert entry["retries"] == 4
    assert entry["kind"] == "permanent"


async def test_permanent_error_raised_directly() -> None:
    async def broken() -> None:
        raise PermanentError("Template id missing: set header templateId on the task")

    outcome = await JobEnvironment().run(broken, "crm.broken")
    assert outcome.is_incident and outcome.message == "Template id missing: set header templateId on the task"
