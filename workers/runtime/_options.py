"""Per-task options owned by the interceptors, attached to a handler with :func:`task_options`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["TaskOptions", "options_of", "task_options"]

_ATTRIBUTE = "__fleet_task_options__"
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class TaskOptions:
    """How the interceptor chain treats one task type.

    Attributes:
        input_model: pydantic model the fetched variables must satisfy; invalid input raises an incident.
        output_model: pydantic model the returned variables must satisfy; a mismatch is a worker bug (incident).
        idempotent: route the handler through the idempotency store (claim, record, replay).
        deadline_margin: finish this long before the job's deadline so the completion still reaches the engine.
        initial_retries: the retries the model gives the task; used to number attempts for the back-off.
    """

    input_model: type[BaseModel] | None = None
    output_model: type[BaseModel] | None = None
    idempotent: bool = True
    deadline_margin: timedelta = timedelta(seconds=1)
    initial_retries: int = 3

    def __post_init__(self) -> None:
        if self.deadline_margin < timedelta(0):
            raise ValueError("deadline_margin must not be negative")
        if self.initial_retries < 1:
            raise ValueError("initial_retries must be at least 1")


def task_options(
    *,
    input_model: type[BaseModel] | None = None,
    output_model: type[BaseModel] | None = None,
    idempotent: bool = True,
    deadline_margin: timedelta = timedelta(seconds=1),
    initial_retries: int = 3,
) -> Callable[[F], F]:
    """Attach :class:`TaskOptions` to a handler; put it *below* ``@router.task(...)``."""
    options = TaskOptions(
        input_model=input_model,
        output_model=output_model,
        idempotent=idempotent,
        deadline_margin=deadline_margin,
        initial_retries=initial_retries,
    )

    def attach(function: F) -> F:
        setattr(function, _ATTRIBUTE, options)
        return function

    return attach


def options_of(function: Callable[..., Any]) -> TaskOptions:
    """The options attached to ``function``, or the defaults."""
    found = getattr(function, _ATTRIBUTE, None)
    return found if isinstance(found, TaskOptions) else TaskOptions()
