"""Integrations (one pyzeebe router each), their worker groups, and the fleet-wide handler registry."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import timedelta
from typing import Any, TypeVar

from pydantic import BaseModel
from pyzeebe import ZeebeTaskRouter

from workers.runtime._options import task_options

__all__ = ["DuplicateHandlerError", "Integration", "Registry", "UnknownGroupError"]

F = TypeVar("F", bound=Callable[..., Any])


class Integration:
    """One integration: a pyzeebe router holding its tasks, and the worker group (Deployment) that runs it.

    :meth:`task` is a typed front for ``router.task`` that also takes the fleet's task options and a
    ``timedelta`` timeout; tasks registered directly on :attr:`router` work too.
    """

    def __init__(self, name: str, *, group: str, router: ZeebeTaskRouter | None = None) -> None:
        if not name or not group:
            raise ValueError("an integration needs a name and a group")
        self.name = name
        self.group = group
        self.router = router or ZeebeTaskRouter()

    def __repr__(self) -> str:
        return f"Integration({self.name!r}, group={self.group!r}, tasks={list(self.task_types)!r})"

    @property
    def task_types(self) -> tuple[str, ...]:
        """The task types this integration handles."""
        return tuple(task.type for task in self.router.tasks)

    def task(
        self,
        task_type: str,
        *,
        timeout: timedelta = timedelta(seconds=60),
        max_jobs_to_activate: int = 32,
        max_running_jobs: int = 32,
        variables_to_fetch: Sequence[str] | None = None,
        input_model: type[BaseModel] | None = None,
        output_model: type[BaseModel] | None = None,
        idempotent: bool = True,
        deadline_margin: timedelta = timedelta(seconds=1),
        initial_retries: int = 3,
    ) -> Callable[[F], F]:
        """Register the decorated function as the handler of ``task_type``.

        ``timeout`` is the job's activation timeout: the engine hands the job to another worker after it.
        """
        if timeout <= timedelta(0):
            raise ValueError("timeout must be positive")
        attach = task_options(
            input_model=input_model,
            output_model=output_model,
            idempotent=idempotent,
            deadline_margin=deadline_margin,
            initial_retries=initial_retries,
        )
        register: Callable[[Any], Any] = self.router.task(
            task_type,
            variables_to_fetch=list(variables_to_fetch) if variables_to_fetch is not None else None,
            timeout_ms=int(timeout.total_seconds() * 1000),
            max_jobs_to_activate=max_jobs_to_activate,
            max_running_jobs=max_running_jobs,
        )

        def decorate(function: F) -> F:
            register(attach(function))
            return function

        return decorate


class DuplicateHandlerError(ValueError):
    """A task type has more than one handler in the fleet."""


class UnknownGroupError(ValueError):
    """A requested worker group has no integration."""


class Registry:
    """Every integration of the fleet; guarantees one handler per task type."""

    def __init__(self, integrations: Iterable[Integration]) -> None:
        self.integrations = tuple(integrations)
        owners: dict[str, list[str]] = {}
        for integration in self.integrations:
            for task_type in integration.task_types:
                owners.setdefault(task_type, []).append(integration.name)
        duplicated = {task_type: names for task_type, names in owners.items() if len(names) > 1}
        if duplicated:
            listing = "; ".join(
                f"{task_type} in {', '.join(names)}" for task_type, names in sorted(duplicated.items())
            )
            raise DuplicateHandlerError(f"task types with more than one handler: {listing}")
        names = [integration.name for integration in self.integrations]
        if len(set(names)) != len(names):
            raise DuplicateHandlerError(f"integration names must be unique, got {sorted(names)}")
        self.handlers: dict[str, str] = {task_type: names[0] for task_type, names in owners.items()}

    @property
    def groups(self) -> tuple[str, ...]:
        """The worker groups, sorted."""
        return tuple(sorted({integration.group for integration in self.integrations}))

    def select(self, groups: Collection[str]) -> tuple[Integration, ...]:
        """The integrations of ``groups`` (all of them when ``groups`` is empty)."""
        if not groups:
            return self.integrations
        unknown = sorted(set(groups) - set(self.groups))
        if unknown:
            raise UnknownGroupError(
                f"unknown worker group(s) {', '.join(unknown)}; known: {', '.join(self.groups) or 'none'}"
            )
        return tuple(integration for integration in self.integrations if integration.group in groups)
