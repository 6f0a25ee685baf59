"""The interceptor chain: each policy wraps ``next`` and may act before, after or around the handler."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from pyzeebe import Job

from workers.runtime._options import TaskOptions

__all__ = ["ExecuteJobInput", "HandlerCall", "Interceptor", "JobInterceptor", "build_chain"]

HandlerCall = Callable[[Mapping[str, Any]], Awaitable[Any]]
"""Calls the user's handler with the given variables (the job parameter is added by the runtime)."""


@dataclass(frozen=True)
class ExecuteJobInput:
    """Everything an interceptor may look at or change for one job.

    Attributes:
        job: the activated job (pyzeebe's own type).
        variables: the variables handed to the handler as keyword arguments.
        options: the task's :class:`~workers.runtime.TaskOptions`.
        call: invokes the handler; the innermost link of the chain uses it.
        deadline: when the job times out, on this process's wall clock.
    """

    job: Job
    variables: Mapping[str, Any]
    options: TaskOptions
    call: HandlerCall
    deadline: datetime

    def with_variables(self, variables: Mapping[str, Any]) -> ExecuteJobInput:
        """A copy with other handler variables."""
        return replace(self, variables=variables)


class JobInterceptor:
    """One link of the chain. The default delegates to ``next``; subclasses override :meth:`execute_job`.

    The result is what the handler returned (a variables mapping, ``None`` or a single value).
    """

    def __init__(self, next: JobInterceptor) -> None:
        self.next = next

    async def execute_job(self, input: ExecuteJobInput) -> Any:
        """Run the rest of the chain for ``input``."""
        return await self.next.execute_job(input)


class _CallHandler(JobInterceptor):
    """The end of the chain: calls the handler."""

    def __init__(self) -> None:
        pass

    async def execute_job(self, input: ExecuteJobInput) -> Any:
        return await input.call(input.variables)


class Interceptor:
    """A policy that can wrap job execution; a factory of :class:`JobInterceptor` links."""

    def intercept_job(self, next: JobInterceptor) -> JobInterceptor:
        """Return the link that runs before ``next``; the default adds nothing."""
        return next


def build_chain(interceptors: Sequence[Interceptor]) -> JobInterceptor:
    """Compose ``interceptors`` so that the first one in the list is the outermost."""
    chain: JobInterceptor = _CallHandler()
    for interceptor in reversed(interceptors):
        chain = interceptor.intercept_job(chain)
    return chain
