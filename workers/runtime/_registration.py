"""Re-register an integration's pyzeebe task on a worker, wrapped in the interceptor chain."""

from __future__ import annotations

from dataclasses import dataclass

from pyzeebe import ZeebeTaskRouter
from pyzeebe.function_tools.parameter_tools import get_parameters_from_function
from pyzeebe.task.task import Task

from workers.runtime._backoff import ExponentialBackoff
from workers.runtime._context import EngineClock
from workers.runtime._handler import inspect_handler, wrap_handler
from workers.runtime._options import options_of
from workers.runtime._outcome import FailJobCommand, OutcomeHandler
from workers.runtime.idempotency import IDEMPOTENCY_KEY_VARIABLE
from workers.runtime.interceptors import JobInterceptor

__all__ = ["TaskLimits", "register_task"]


@dataclass(frozen=True)
class TaskLimits:
    """Fleet-wide caps applied on top of what each task declares."""

    max_running_jobs: int = 32
    max_jobs_to_activate: int = 32

    def __post_init__(self) -> None:
        if self.max_running_jobs < 1 or self.max_jobs_to_activate < 1:
            raise ValueError("job limits must be at least 1")


def _variables_to_fetch(task: Task, idempotent: bool) -> list[str]:
    function = task.original_function
    declared = task.config.variables_to_fetch
    inferred_by_pyzeebe = get_parameters_from_function(function)
    if declared is None or list(declared) == (inferred_by_pyzeebe or []):
        return inspect_handler(function).variables_to_fetch(idempotent=idempotent)
    explicit = list(declared)
    if explicit and idempotent and IDEMPOTENCY_KEY_VARIABLE not in explicit:
        explicit.append(IDEMPOTENCY_KEY_VARIABLE)
    return explicit


def register_task(
    target: ZeebeTaskRouter,
    task: Task,
    *,
    chain: JobInterceptor,
    commands: FailJobCommand,
    backoff: ExponentialBackoff,
    limits: TaskLimits,
    engine_clock: EngineClock | None = None,
) -> Task:
    """Add ``task`` to ``target`` with the chain around its function and the fleet's exception handler.

    The task's own timeout, limits (capped by ``limits``), decorators and ``single_value`` setting are kept;
    the fleet's :class:`OutcomeHandler` replaces any exception handler, because error mapping is mandatory.
    """
    config = task.config
    options = options_of(task.original_function)
    handler = wrap_handler(task.original_function, chain, engine_clock=engine_clock)
    exception_handler = OutcomeHandler(commands=commands, backoff=backoff, options=options)
    variables_to_fetch = _variables_to_fetch(task, options.idempotent)
    max_jobs_to_activate = min(config.max_jobs_to_activate, limits.max_jobs_to_activate)
    max_running_jobs = min(config.max_running_jobs, limits.max_running_jobs)
    if config.single_value:
        target.task(
            config.type,
            exception_handler=exception_handler,
            variables_to_fetch=variables_to_fetch,
            timeout_ms=config.timeout_ms,
            max_jobs_to_activate=max_jobs_to_activate,
            max_running_jobs=max_running_jobs,
            before=list(config.before),
            after=list(config.after),
            single_value=True,
            variable_name=config.variable_name,
        )(handler)
    else:
        target.task(
            config.type,
            exception_handler=exception_handler,
            variables_to_fetch=variables_to_fetch,
            timeout_ms=config.timeout_ms,
            max_jobs_to_activate=max_jobs_to_activate,
            max_running_jobs=max_running_jobs,
            before=list(config.before),
            after=list(config.after),
        )(handler)
    return target.get_task(config.type)
