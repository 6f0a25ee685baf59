"""PROCESS_INSTANCE CANCEL: terminate a running root process instance."""

from __future__ import annotations

from typing import Any

from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import NO_KEY, ProcessInstanceIntent, Record, RejectionType, ValueType
from zeebe_lite.state.element_instance import ElementState

__all__ = ["cancel_process_instance"]


def cancel_process_instance(command: Record[Any], pctx: ProcessingContext) -> None:
    """Reject unknown or non-root keys; otherwise queue TERMINATE_ELEMENT for the process."""
    instance = pctx.state.element_instances.get(command.key)
    writers = pctx.writers
    if instance is None or instance.value.flow_scope_key != NO_KEY:
        writers.reject(
            command,
            RejectionType.NOT_FOUND,
            f"Expected to cancel a process instance with key '{command.key}', but no such process was found",
        )
        return
    if instance.value.parent_process_instance_key != NO_KEY:
        writers.reject(
            command,
            RejectionType.INVALID_STATE,
            f"Expected to cancel a process instance with key '{command.key}', but it is created by a parent "
            "process instance. Cancel the root process instance "
            f"'{instance.value.parent_process_instance_key}' instead.",
        )
        return
    if instance.state is ElementState.TERMINATING:
        writers.reject(
            command,
            RejectionType.INVALID_STATE,
            f"Expected to cancel a process instance with key '{command.key}', but it is already being terminated",
        )
        return
    writers.command(
        command.key, ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.TERMINATE_ELEMENT, instance.value
    )
    writers.respond(command)
