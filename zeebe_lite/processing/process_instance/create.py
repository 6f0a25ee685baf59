"""PROCESS_INSTANCE_CREATION CREATE: start an instance at the none start event (or at start instructions)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from zeebe_lite.bpmn.behaviors.instances import process_instance_value
from zeebe_lite.bpmn.behaviors.variables import set_local
from zeebe_lite.model.bpmn import BoundaryEvent, EventBasedGateway, EventSubProcess, FlowNode, Process
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import (
    NO_KEY,
    ProcessInstanceCreationIntent,
    ProcessInstanceCreationRecord,
    ProcessInstanceIntent,
    Record,
    RejectionType,
    ValueType,
)
from zeebe_lite.state.deployment import DeployedProcess

__all__ = ["create_process_instance"]


def _find(command: Record[ProcessInstanceCreationRecord], pctx: ProcessingContext) -> DeployedProcess | str:
    value = command.value
    deployments = pctx.state.deployments
    if value.process_definition_key != NO_KEY:
        found = deployments.process(value.process_definition_key)
        if found is None or deployments.is_deleted(value.process_definition_key):
            return f"Expected to find process definition with key '{value.process_definition_key}', but none found"
        return found
    if value.version >= 0:
        found = deployments.process_by_version(value.bpmn_process_id, value.version)
        if found is None:
            return (
                f"Expected to find process definition with process ID '{value.bpmn_process_id}' and version "
                f"'{value.version}', but none found"
            )
        return found
    found = deployments.latest_process(value.bpmn_process_id)
    if found is None:
        return (
            f"Expected to find process definition with process ID '{value.bpmn_process_id}', but none found"
        )
    return found


def _invalid_instructions(deployed: DeployedProcess, element_ids: tuple[str, ...]) -> str | None:
    """Zeebe's reasons to refuse start instructions: unknown elements, boundary events, event subprocesses,
    events after an event-based gateway and elements inside a multi-instance activity."""
    process = deployed.process
    prefix = "Expected to create instance of process with start instructions but"
    for element_id in element_ids:
        element = process.find_element(element_id)
        if element is None:
            return f"{prefix} no element found with id '{element_id}'."
        if isinstance(element, BoundaryEvent | EventSubProcess):
            return (
                f"{prefix} the element with id '{element_id}' targets unsupported element type "
                f"'{element.element_type}'."
            )
        if _after_event_based_gateway(process, element):
            return (
                f"{prefix} the element with id '{element_id}' belongs to an event-based gateway. The creation "
                "of elements belonging to an event-based gateway is not supported."
            )
        for scope_id in process.ancestor_scope_ids(element_id)[:-1]:
            if getattr(process.element(scope_id), "multi_instance", None) is not None:
                return (
                    f"{prefix} the element with id '{element_id}' is inside a multi-instance subprocess. The "
                    "creation of elements inside a multi-instance subprocess is not supported."
                )
    return None


def _after_event_based_gateway(process: Process, element: FlowNode) -> bool:
    return any(
        isinstance(process.find_element(flow.source_id), EventBasedGateway)
        for flow in process.incoming_flows(element.id)
    )


def create_process_instance(command: Record[Any], pctx: ProcessingContext) -> None:
    """Validate, set the variables on the new root scope, report CREATED and activate the process."""
    writers = pctx.writers
    if not isinstance(command.value.variables, dict):
        writers.reject(command, RejectionType.INVALID_ARGUMENT, "Expected variables to be a JSON object")
        return
    deployed = _find(command, pctx)
    if isinstance(deployed, str):
        writers.reject(command, RejectionType.NOT_FOUND, deployed)
        return
    instructions = command.value.start_element_ids
    if instructions:
        problem = _invalid_instructions(deployed, instructions)
        if problem is not None:
            writers.reject(command, RejectionType.INVALID_ARGUMENT, problem)
            return
    elif deployed.process.none_start_event() is None:
        writers.reject(
            command,
            RejectionType.INVALID_STATE,
            "Expected to create instance of process with none start event, but there is no such event",
        )
        return
    key = writers.keys.next_key()
    if command.intent is ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT:
        pctx.awaited_results.add(key)
    instance = process_instance_value(deployed, key)
    set_local(pctx, key, command.value.variables, instance)
    record = deployed.record
    created = replace(
        command.value,
        bpmn_process_id=record.bpmn_process_id,
        version=record.version,
        process_definition_key=record.process_definition_key,
        process_instance_key=key,
        tenant_id=record.tenant_id,
    )
    event = writers.event(
        key, ValueType.PROCESS_INSTANCE_CREATION, ProcessInstanceCreationIntent.CREATED, created
    )
    writers.command(key, ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.ACTIVATE_ELEMENT, instance)
    writers.respond(event)
