"""VARIABLE_DOCUMENT UPDATE: SetVariables on an element instance scope."""

from __future__ import annotations

from typing import Any

from zeebe_lite.bpmn.behaviors.variables import merge_propagating, set_local
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import (
    Record,
    RejectionType,
    ValueType,
    VariableDocumentIntent,
    VariableDocumentRecord,
    VariableDocumentUpdateSemantic,
)

__all__ = ["set_variables"]


def set_variables(command: Record[Any], pctx: ProcessingContext) -> None:
    """Write the document locally (LOCAL) or with propagation (PROPAGATE), then VARIABLE_DOCUMENT UPDATED."""
    request: VariableDocumentRecord = command.value
    writers = pctx.writers
    if not isinstance(request.variables, dict):
        writers.reject(command, RejectionType.INVALID_ARGUMENT, "Expected document to be a JSON object")
        return
    instance = pctx.state.element_instances.get(request.scope_key)
    if instance is None:
        writers.reject(
            command,
            RejectionType.NOT_FOUND,
            f"Expected to update variables for element with key '{request.scope_key}', but no such element was found",
        )
        return
    if request.update_semantics is VariableDocumentUpdateSemantic.LOCAL:
        set_local(pctx, request.scope_key, request.variables, instance.value)
    else:
        merge_propagating(pctx, request.scope_key, request.variables, instance.value)
    event = writers.event(
        writers.keys.next_key(), ValueType.VARIABLE_DOCUMENT, VariableDocumentIntent.UPDATED, request
    )
    writers.respond(event)
