"""USER_TASK COMPLETE and ASSIGN: operate Camunda user tasks."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import (
    ProcessInstanceIntent,
    Record,
    RejectionType,
    UserTaskIntent,
    UserTaskRecord,
    ValueType,
)

__all__ = ["assign_user_task", "complete_user_task"]


def _task(command: Record[Any], pctx: ProcessingContext, verb: str) -> UserTaskRecord | None:
    task = pctx.state.user_tasks.get(command.key)
    if task is None:
        pctx.writers.reject(
            command,
            RejectionType.NOT_FOUND,
            f"Expected to {verb} user task with key '{command.key}', but no such user task was found",
        )
    return task


def complete_user_task(command: Record[Any], pctx: ProcessingContext) -> None:
    """USER_TASK COMPLETED with the variables, then COMPLETE_ELEMENT for the task's element instance."""
    if not isinstance(command.value.variables, dict):
        pctx.writers.reject(command, RejectionType.INVALID_ARGUMENT, "Expected variables to be a JSON object")
        return
    task = _task(command, pctx, "complete")
    if task is None:
        return
    writers = pctx.writers
    event = writers.event(
        command.key,
        ValueType.USER_TASK,
        UserTaskIntent.COMPLETED,
        replace(task, variables=command.value.variables),
    )
    instance = pctx.state.element_instances.get(task.element_instance_key)
    if instance is not None:
        writers.command(
            instance.key, ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.COMPLETE_ELEMENT, instance.value
        )
    writers.respond(event)


def assign_user_task(command: Record[Any], pctx: ProcessingContext) -> None:
    """USER_TASK ASSIGNED (an empty assignee unassigns)."""
    task = _task(command, pctx, "assign")
    if task is None:
        return
    event = pctx.writers.event(
        command.key,
        ValueType.USER_TASK,
        UserTaskIntent.ASSIGNED,
        replace(task, assignee=command.value.assignee),
    )
    pctx.writers.respond(event)
