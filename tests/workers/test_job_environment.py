"""workers.testing runs handlers as the fleet does: variables by parameter name, Job injection, single values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pyzeebe import Job, ZeebeTaskRouter

from workers import current_job_context
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
