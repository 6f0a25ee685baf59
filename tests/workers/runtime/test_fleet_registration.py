"""register_task keeps the task's settings, caps its limits and fetches the idempotency key variable."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from pyzeebe import ZeebeTaskRouter

from workers.runtime import ExponentialBackoff, Integration, TaskLimits, build_chain, register_task


class NoCommands:
    async def fail_job(
        self, job_key: int, retries: int, message: str, retry_back_off_ms: int, variables: Mapping[str, Any]
    ) -> None:
        raise AssertionError("not used")


def _register(integration: Integration, task_type: str, limits: TaskLimits | None = None) -> Any:
    return register_task(
        ZeebeTaskRouter(),
        integration.router.get_task(task_type),
        chain=build_chain([]),
        commands=NoCommands(),
        backoff=ExponentialBackoff(),
        limits=limits or TaskLimits(),
    )


def test_inferred_variables_gain_the_idempotency_key() -> None:
    crm = Integration("hubspot", group="crm")

    @crm.task("crm.a", timeout=timedelta(seconds=45))
    async def handler(email: str, leadScore: int) -> None:
        return None

    task = _register(crm, "crm.a")
    assert list(task.config.variables_to_fetch) == ["email", "leadScore", "idempotencyKey"]
    assert task.config.timeout_ms == 45_000


def test_explicit_variables_are_kept() -> None:
    crm = Integration("hubspot", group="crm")

    @crm.task("crm.b", variables_to_fetch=["contact"])
    async def handler(**variables: Any) -> None:
        return None

    assert list(_register(crm, "crm.b").config.variables_to_fetch) == ["contact", "idempotencyKey"]


def test_non_idempotent_tasks_do_not_fetch_the_key() -> None:
    crm = Integration("hubspot", group="crm")

    @crm.task("crm.c", idempotent=False)
    async def handler(email: str) -> None:
        return None

    assert list(_register(crm, "crm.c").config.variables_to_fetch) == ["email"]


def test_fleet_limits_cap_the_task_limits() -> None:
    crm = Integration("hubspot", group="crm")

    @crm.task("crm.d", max_running_jobs=50, max_jobs_to_activate=4)
    async def handler() -> None:
        return None

    task = _register(crm, "crm.d", TaskLimits(max_running_jobs=8, max_jobs_to_activate=16))
    assert task.config.max_running_jobs == 8
    assert task.config.max_jobs_to_activate == 4


def test_the_fleet_exception_handler_replaces_the_routers() -> None:
    async def router_handler(*_: Any) -> None:
        return None

    router = ZeebeTaskRouter(exception_handler=router_handler)
    integration = Integration("legacy", group="crm", router=router)

    @integration.task("crm.e")
    async def handler() -> None:
        return None

    task = _register(integration, "crm.e")
    assert type(task.config.exception_handler).__name__ == "OutcomeHandler"
