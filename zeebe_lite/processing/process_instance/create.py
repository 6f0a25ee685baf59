"""PROCESS_INSTANCE_CREATION CREATE: start an instance at the none start event."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from zeebe_lite.bpmn.behaviors.instances import process_instance_value
from zeebe_lite.bpmn.behaviors.variables import set_local
from zeebe_lite.model.bpmn import BoundaryEvent, EventSubProcess
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
        if found is None:
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
    process = deployed.process
    for element_id in element_ids:
        element = process.find_element(element_id)
        if element is None:
            return (
                f"Expected to create instance of process with start instructions but no element found with id "
                f"'{element_id}'."
            )
        if element.parent_id != process.id or isinstance(element, BoundaryEvent | EventSubProcess):
            return (
                f"Expected to create instance of process with start instructions but the element with id "
                f"'{element_id}' is not a flow node of the process itself (zeebe_lite starts only at top-level "
                "elements, not inside subprocesses or at boundary events)."
            )
    return None


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
