"""Command processors of element lifecycle commands (Zeebe's BpmnStreamProcessor).

ACTIVATE_ELEMENT, COMPLETE_ELEMENT and TERMINATE_ELEMENT are guarded by the element's lifecycle state and
dispatched to the element's processor. A command that finds the element already in the target's
intermediate state (ACTIVATING, COMPLETING) resumes that step; that is how resolving an incident continues.
"""

from __future__ import annotations

from typing import Any

from zeebe_lite.bpmn.behaviors.incidents import create_incident
from zeebe_lite.bpmn.behaviors.listeners import listeners_pending
from zeebe_lite.bpmn.behaviors.variables import apply_input_mappings
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.bpmn.elements import MultiInstanceBodyProcessor, processor_for
from zeebe_lite.model.bpmn import ExecutionListenerEventType, FlowNode, Process
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import (
    NO_KEY,
    ProcessInstanceIntent,
    ProcessInstanceRecord,
    Record,
    RejectionType,
    ValueType,
)
from zeebe_lite.state.element_instance import ElementState

__all__ = ["activate_element", "complete_element", "terminate_element"]

_PI = ValueType.PROCESS_INSTANCE


def _model(
    pctx: ProcessingContext, value: ProcessInstanceRecord
) -> tuple[Process, FlowNode | Process] | None:
    deployed = pctx.state.deployments.process(value.process_definition_key)
    if deployed is None:
        return None
    process = deployed.process
    if value.flow_scope_key == NO_KEY:
        return process, process
    element = process.find_element(value.element_id)
    return None if element is None else (process, element)


def activate_element(command: Record[Any], pctx: ProcessingContext) -> None:
    """ACTIVATE_ELEMENT: write ELEMENT_ACTIVATING (unless resuming) and run the element's activation."""
    value: ProcessInstanceRecord = command.value
    instances = pctx.state.element_instances
    existing = instances.get(command.key)
    if existing is not None and existing.state is not ElementState.ACTIVATING:
        pctx.writers.reject(
            command, RejectionType.INVALID_STATE, f"element '{value.element_id}' is already active"
        )
        return
    if existing is None and value.flow_scope_key != NO_KEY:
        scope = instances.get(value.flow_scope_key)
        if scope is None or scope.state is not ElementState.ACTIVATED:
            pctx.writers.reject(
                command,
                RejectionType.INVALID_STATE,
                f"Expected flow scope of element '{value.element_id}' to be active, but it is not",
            )
            return
    model = _model(pctx, value)
    if model is None:
        pctx.writers.reject(command, RejectionType.NOT_FOUND, f"no model for element '{value.element_id}'")
        return
    process, element = model
    if existing is None:
        pctx.writers.event(command.key, _PI, ProcessInstanceIntent.ELEMENT_ACTIVATING, value)
    ectx = ElementContext(command.key, value, element, process)
    if element.execution_listeners and _start_listeners_pending(pctx, ectx):
        return
    processor_for(element, value.bpmn_element_type).on_activate(pctx, ectx)


def _start_listeners_pending(pctx: ProcessingContext, ectx: ElementContext) -> bool:
    element = ectx.element
    if not isinstance(element, Process):
        failure = apply_input_mappings(pctx, element.io_mapping.inputs, ectx.key, ectx.value)
        if failure is not None:
            create_incident(pctx, ectx, failure)
            return True
    return listeners_pending(pctx, ectx, ExecutionListenerEventType.START)


def complete_element(command: Record[Any], pctx: ProcessingContext) -> None:
    """COMPLETE_ELEMENT: write ELEMENT_COMPLETING (unless resuming) and run the element's completion."""
    instance = pctx.state.element_instances.get(command.key)
    if instance is None or instance.state not in (ElementState.ACTIVATED, ElementState.COMPLETING):
        state = "missing" if instance is None else instance.state
        pctx.writers.reject(
            command,
            RejectionType.INVALID_STATE,
            f"Expected element instance with key '{command.key}' to be activated, but it is {state}",
        )
        return
    model = _model(pctx, instance.value)
    if model is None:
        return
    process, element = model
    processor = processor_for(element, instance.value.bpmn_element_type)
    ectx = ElementContext(command.key, instance.value, element, process)
    if instance.state is ElementState.ACTIVATED:
        if isinstance(processor, MultiInstanceBodyProcessor):
            processor.on_child_left(pctx, ectx)
            return
        pctx.writers.event(command.key, _PI, ProcessInstanceIntent.ELEMENT_COMPLETING, instance.value)
    processor.on_complete(pctx, ectx)


def terminate_element(command: Record[Any], pctx: ProcessingContext) -> None:
    """TERMINATE_ELEMENT: write ELEMENT_TERMINATING and run the element's termination."""
    instance = pctx.state.element_instances.get(command.key)
    if instance is None or instance.state is ElementState.TERMINATING:
        pctx.writers.reject(
            command,
            RejectionType.INVALID_STATE,
            f"Expected element instance with key '{command.key}' to be active, but it is not",
        )
        return
    model = _model(pctx, instance.value)
    if model is None:
        return
    process, element = model
    pctx.writers.event(command.key, _PI, ProcessInstanceIntent.ELEMENT_TERMINATING, instance.value)
    processor_for(element, instance.value.bpmn_element_type).on_terminate(
        pctx, ElementContext(command.key, instance.value, element, process)
    )
