"""Run one handler against a synthetic job and inspect the outcome; no engine, no network.

Example::

    env = JobEnvironment()
    outcome = await env.run(router, "hubspot.upsert-contact", variables={"email": "a@example.com"})
    assert outcome.kind == "completed" and outcome.variables == {"contactId": "42"}

The handler runs exactly as in the fleet: wrapped in the interceptor chain, called by pyzeebe's own task
builder with pyzeebe's ``Job`` and ``JobController``; the gateway commands are recorded instead of sent.
"""

from __future__ import annotations

import dataclasses
import itertools
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, cast

from pyzeebe import Job, JobController, ZeebeTaskRouter
from pyzeebe.grpc_internals.zeebe_adapter import ZeebeAdapter

from workers.runtime import (
    EngineClock,
    ExponentialBackoff,
    FleetMetrics,
    IdempotencyStore,
    Integration,
    Interceptor,
    SqliteIdempotencyStore,
    TaskLimits,
    build_chain,
    default_interceptors,
    register_task,
)

__all__ = ["GatewayCommand", "JobEnvironment", "JobOutcome", "RecordingGateway"]

OutcomeKind = Literal["completed", "failed", "error_thrown", "none"]


@dataclass(frozen=True)
class GatewayCommand:
    """One job command the handler's run would have sent to the gateway."""

    name: Literal["CompleteJob", "FailJob", "ThrowError"]
    job_key: int
    variables: Mapping[str, Any]
    retries: int | None = None
    retry_back_off_ms: int | None = None
    message: str | None = None
    error_code: str | None = None


@dataclass
class RecordingGateway:
    """Stands in for pyzeebe's ``ZeebeAdapter`` job commands and records them."""

    commands: list[GatewayCommand] = field(default_factory=list)

    async def complete_job(self, job_key: int, variables: Mapping[str, Any]) -> None:
        """Record CompleteJob."""
        self.commands.append(GatewayCommand("CompleteJob", job_key, dict(variables)))

    async def fail_job(
        self, job_key: int, retries: int, message: str, retry_back_off_ms: int, variables: Mapping[str, Any]
    ) -> None:
        """Record FailJob."""
        self.commands.append(
            GatewayCommand(
                "FailJob",
                job_key,
                dict(variables),
                retries=retries,
                retry_back_off_ms=retry_back_off_ms,
                message=message,
            )
        )

    async def throw_error(
        self, job_key: int, message: str, variables: Mapping[str, Any], error_code: str = ""
    ) -> None:
        """Record ThrowError."""
        self.commands.append(
            GatewayCommand("ThrowError", job_key, dict(variables), message=message, error_code=error_code)
        )


@dataclass(frozen=True)
class JobOutcome:
    """How the job ended."""

    kind: OutcomeKind
    job: Job
    command: GatewayCommand | None

    @property
    def variables(self) -> Mapping[str, Any]:
        """Variables sent with the command (completion result, error or failure variables)."""
        return self.command.variables if self.command else {}

    @property
    def retries(self) -> int | None:
        """Retries sent with FailJob."""
        return self.command.retries if self.command else None

    @property
    def retry_back_off(self) -> timedelta | None:
        """Back-off sent with FailJob."""
        if self.command is None or self.command.retry_back_off_ms is None:
            return None
        return timedelta(milliseconds=self.command.retry_back_off_ms)

    @property
    def error_code(self) -> str | None:
        """Error code sent with ThrowError."""
        return self.command.error_code if self.command else None

    @property
    def message(self) -> str | None:
        """Failure or error message."""
        return self.command.message if self.command else None

    @property
    def is_incident(self) -> bool:
        """FailJob with no retries left: the engine raises an incident."""
        return self.kind == "failed" and (self.retries or 0) <= 0


_KIND: dict[str, OutcomeKind] = {
    "CompleteJob": "completed",
    "FailJob": "failed",
    "ThrowError": "error_thrown",
}


class JobEnvironment:
    """Runs handlers like the fleet does, one synthetic job at a time.

    The idempotency store (in-memory SQLite by default) lives as long as the environment, so running the
    same task instance twice (same ``element_instance_key``) shows the replay of a recorded outcome.
    """

    def __init__(
        self,
        *,
        store: IdempotencyStore | None = None,
        metrics: FleetMetrics | None = None,
        interceptors: Sequence[Interceptor] | None = None,
        backoff: ExponentialBackoff | None = None,
        worker_name: str = "test-worker",
        engine_clock: EngineClock | None = None,
    ) -> None:
        self.store: IdempotencyStore = store or SqliteIdempotencyStore(":memory:")
        self.metrics = metrics or FleetMetrics()
        self.interceptors = (
            list(interceptors)
            if interceptors is not None
            else default_interceptors(metrics=self.metrics, store=self.store)
        )
        self.backoff = backoff or ExponentialBackoff(
            initial=timedelta(seconds=1), maximum=timedelta(minutes=5)
        )
        self.worker_name = worker_name
        self.engine_clock = engine_clock
        self._keys = itertools.count(2251799813685249)

    def make_job(
        self,
        task_type: str,
        *,
        variables: Mapping[str, Any] | None = None,
        retries: int = 3,
        timeout: timedelta = timedelta(seconds=30),
        bpmn_process_id: str = "test-process",
        process_instance_key: int | None = None,
        element_id: str = "task",
        element_instance_key: int | None = None,
        headers: Mapping[str, Any] | None = None,
    ) -> Job:
        """A job as the gateway would activate it (deadline = now + ``timeout``, on the engine clock if set)."""
        deadline = (self.engine_clock() if self.engine_clock else datetime.now(UTC)) + timeout
        return Job(
            key=next(self._keys),
            type=task_type,
            process_instance_key=process_instance_key
            if process_instance_key is not None
            else next(self._keys),
            bpmn_process_id=bpmn_process_id,
            process_definition_version=1,
            process_definition_key=next(self._keys),
            element_id=element_id,
            element_instance_key=element_instance_key
            if element_instance_key is not None
            else next(self._keys),
            custom_headers=types.MappingProxyType(dict(headers or {})),
            worker=self.worker_name,
            retries=retries,
            deadline=int(deadline.timestamp() * 1000),
            variables=types.MappingProxyType(dict(variables or {})),
            tenant_id="<default>",
        )

    async def run(
        self,
        handler: Integration | ZeebeTaskRouter | Callable[..., Any],
        task_type: str,
        *,
        job: Job | None = None,
        **job_fields: Any,
    ) -> JobOutcome:
        """Run the task ``task_type`` of ``handler`` (an integration, a router or a bare function) once.

        ``job_fields`` go to :meth:`make_job` unless a ``job`` is given. Like the gateway, only the variables
        the task fetches reach the job.
        """
        if isinstance(handler, Integration):
            source = handler.router
        elif isinstance(handler, ZeebeTaskRouter):
            source = handler
        else:
            source = _router_for(handler, task_type)
        gateway = RecordingGateway()
        task = register_task(
            ZeebeTaskRouter(),
            source.get_task(task_type),
            chain=build_chain(self.interceptors),
            commands=gateway,
            backoff=self.backoff,
            limits=TaskLimits(),
            engine_clock=self.engine_clock,
        )
        job = job or self.make_job(task_type, **job_fields)
        fetched = task.config.variables_to_fetch
        if fetched:
            visible = {name: value for name, value in job.variables.items() if name in fetched}
            job = dataclasses.replace(job, variables=types.MappingProxyType(visible))
        await task.job_handler(job, JobController(job, cast(ZeebeAdapter, gateway)))
        command = gateway.commands[-1] if gateway.commands else None
        return JobOutcome(kind=_KIND[command.name] if command else "none", job=job, command=command)


def _router_for(function: Callable[..., Any], task_type: str) -> ZeebeTaskRouter:
    router = ZeebeTaskRouter()
    register: Callable[[Any], Any] = router.task(task_type)
    register(function)
    return router
