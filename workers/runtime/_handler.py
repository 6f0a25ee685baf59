"""Wrap a task function in the interceptor chain without breaking pyzeebe's signature introspection.

pyzeebe derives ``variables_to_fetch`` from the parameter names and injects the ``Job`` into the parameter
annotated ``Job``. The wrapper publishes a ``__signature__`` with the handler's variable parameters (string
annotations resolved, so ``from __future__ import annotations`` works) plus a parameter annotated with the
real ``Job`` class, through which pyzeebe hands every job to the chain.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from pyzeebe import Job

from workers.runtime._context import EngineClock, JobContext, job_context, local_deadline
from workers.runtime._options import options_of
from workers.runtime.idempotency import IDEMPOTENCY_KEY_VARIABLE, idempotency_key_for
from workers.runtime.interceptors import ExecuteJobInput, JobInterceptor

__all__ = ["HandlerShape", "inspect_handler", "wrap_handler"]

_INJECTED_JOB_PARAMETER = "fleet_job"


def _is_job_annotation(annotation: Any) -> bool:
    if annotation is Job:
        return True
    # An annotation left as a string (unresolvable forward reference) still names the class.
    return isinstance(annotation, str) and annotation.rsplit(".", 1)[-1] == "Job"


class HandlerShape:
    """What a handler's signature says: its variable parameters and its ``Job`` parameter, if any."""

    def __init__(self, function: Callable[..., Any]) -> None:
        try:
            signature = inspect.signature(function, eval_str=True)
        except (NameError, TypeError, SyntaxError):
            signature = inspect.signature(function)
        self.job_parameter: str | None = None
        variables: list[inspect.Parameter] = []
        for parameter in signature.parameters.values():
            if self.job_parameter is None and _is_job_annotation(parameter.annotation):
                self.job_parameter = parameter.name
            else:
                variables.append(parameter)
        self.accepts_all_variables = any(
            p.kind in (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL) for p in variables
        )
        self.variable_names = tuple(
            p.name
            for p in variables
            if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
        )
        self.injected_name = self.job_parameter or self._free_name(signature)
        self.wrapper_signature = self._wrapper_signature(variables)
        self.is_async = inspect.iscoroutinefunction(function)

    @staticmethod
    def _free_name(signature: inspect.Signature) -> str:
        name = _INJECTED_JOB_PARAMETER
        while name in signature.parameters:
            name = f"_{name}"
        return name

    def _wrapper_signature(self, variables: list[inspect.Parameter]) -> inspect.Signature:
        job = inspect.Parameter(self.injected_name, inspect.Parameter.KEYWORD_ONLY, annotation=Job)
        regular = [p for p in variables if p.kind is not inspect.Parameter.VAR_KEYWORD]
        rest = [p for p in variables if p.kind is inspect.Parameter.VAR_KEYWORD]
        return inspect.Signature([*regular, job, *rest])

    def variables_to_fetch(self, *, idempotent: bool) -> list[str]:
        """The variables to request from the engine: ``[]`` means all of them."""
        if self.accepts_all_variables:
            return []
        names = list(self.variable_names)
        if idempotent and IDEMPOTENCY_KEY_VARIABLE not in names:
            names.append(IDEMPOTENCY_KEY_VARIABLE)
        return names


def inspect_handler(function: Callable[..., Any]) -> HandlerShape:
    """Read ``function``'s signature the way the runtime needs it."""
    return HandlerShape(function)


def wrap_handler(
    function: Callable[..., Any], chain: JobInterceptor, *, engine_clock: EngineClock | None = None
) -> Callable[..., Awaitable[Any]]:
    """Return an async function for pyzeebe that runs ``function`` inside ``chain``.

    ``engine_clock`` is only needed for engines whose clock is not the wall clock (time-controlled tests).
    """
    shape = HandlerShape(function)
    options = options_of(function)

    async def call(job: Job, variables: Mapping[str, Any]) -> Any:
        arguments = dict(variables)
        if shape.job_parameter is not None:
            arguments[shape.job_parameter] = job
        if shape.is_async:
            return await function(**arguments)
        return await asyncio.to_thread(function, **arguments)

    @functools.wraps(function)
    async def run_job(**arguments: Any) -> Any:
        job: Job = arguments.pop(shape.injected_name)
        if shape.accepts_all_variables:
            variables = arguments
        else:
            variables = {name: value for name, value in arguments.items() if name in shape.variable_names}
        deadline = local_deadline(job, engine_clock)
        with job_context(JobContext(job=job, idempotency_key=idempotency_key_for(job), deadline=deadline)):
            return await chain.execute_job(
                ExecuteJobInput(
                    job=job,
                    variables=variables,
                    options=options,
                    call=functools.partial(call, job),
                    deadline=deadline,
                )
            )

    run_job.__signature__ = shape.wrapper_signature  # type: ignore[attr-defined]
    return run_job
