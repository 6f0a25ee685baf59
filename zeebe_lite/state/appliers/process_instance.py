"""Appliers of PROCESS_INSTANCE and PROCESS_INSTANCE_CREATION events (element lifecycle and tokens)."""

from __future__ import annotations

from zeebe_lite.model.bpmn import BpmnElementType
from zeebe_lite.records import (
    NO_KEY,
    ProcessEventIntent,
    ProcessEventRecord,
    ProcessInstanceCreationIntent,
    ProcessInstanceCreationRecord,
    ProcessInstanceIntent,
    ProcessInstanceRecord,
    Record,
    ValueType,
)
from zeebe_lite.state.appliers._types import ApplierTable
from zeebe_lite.state.appliers.triggers import add_trigger
from zeebe_lite.state.element_instance import ElementState
from zeebe_lite.state.memory import EngineState

__all__ = ["APPLIERS"]


def _activating(state: EngineState, record: Record[ProcessInstanceRecord]) -> None:
    value = record.value
    instances = state.element_instances
    instances.create(record.key, ElementState.ACTIVATING, value)
    state.variables.set_parent(record.key, value.flow_scope_key)
    if value.flow_scope_key == NO_KEY:
        return
    deployed = state.deployments.process(value.process_definition_key)
    if deployed is None:
        return
    incoming = deployed.process.incoming_flows(value.element_id)
    if value.bpmn_element_type in (BpmnElementType.PARALLEL_GATEWAY, BpmnElementType.INCLUSIVE_GATEWAY):
        for flow in incoming:
            instances.consume_flow(value.flow_scope_key, flow.id)
        return
    for flow in incoming:
        if instances.taken_flow_count(value.flow_scope_key, flow.id) > 0:
            instances.consume_flow(value.flow_scope_key, flow.id)
            return


def _activated(state: EngineState, record: Record[ProcessInstanceRecord]) -> None:
    state.element_instances.set_state(record.key, ElementState.ACTIVATED)
    if record.value.flow_scope_key == NO_KEY:
        state.element_instances.set_start_instructions(record.key, ())


def _completing(state: EngineState, record: Record[ProcessInstanceRecord]) -> None:
    state.element_instances.set_state(record.key, ElementState.COMPLETING)


def _terminating(state: EngineState, record: Record[ProcessInstanceRecord]) -> None:
    state.element_instances.set_state(record.key, ElementState.TERMINATING)


def _left(state: EngineState, record: Record[ProcessInstanceRecord]) -> None:
    value = record.value
    if value.bpmn_element_type is BpmnElementType.BOUNDARY_EVENT:
        state.element_instances.remove_trigger(value.flow_scope_key, value.element_id)
    elif value.bpmn_element_type is BpmnElementType.START_EVENT:
        _consume_start_trigger(state, value)
    elif value.bpmn_element_type in (BpmnElementType.INTERMEDIATE_CATCH_EVENT, BpmnElementType.RECEIVE_TASK):
        state.element_instances.remove_trigger(value.flow_scope_key, value.element_id)
    completed = record.intent is ProcessInstanceIntent.ELEMENT_COMPLETED
    state.element_instances.remove(record.key, completed=completed)
    state.compensations.remove_scope(record.key)
    state.variables.remove_scope(record.key)
    if value.flow_scope_key == NO_KEY:
        state.messages.release_correlation(record.key)


def _consume_start_trigger(state: EngineState, value: ProcessInstanceRecord) -> None:
    """A triggered start event used its trigger: it is kept by its scope, or by the scope around its event
    subprocess."""
    instances = state.element_instances
    for trigger in instances.triggers(value.flow_scope_key):
        if trigger.element_id == value.element_id:
            instances.remove_trigger(value.flow_scope_key, value.element_id)
            return
    scope = instances.get(value.flow_scope_key)
    if scope is not None:
        instances.remove_trigger(scope.value.flow_scope_key, value.element_id)


def _element_migrated(state: EngineState, record: Record[ProcessInstanceRecord]) -> None:
    state.element_instances.migrate(record.key, record.value)


def _sequence_flow_taken(state: EngineState, record: Record[ProcessInstanceRecord]) -> None:
    state.element_instances.take_flow(record.value.flow_scope_key, record.value.element_id)


def _event_triggering(state: EngineState, record: Record[ProcessEventRecord]) -> None:
    value = record.value
    add_trigger(state, value.scope_key, record.key, value.target_element_id, value.variables)


def _creation_created(state: EngineState, record: Record[ProcessInstanceCreationRecord]) -> None:
    value = record.value
    state.element_instances.set_start_instructions(value.process_instance_key, value.start_element_ids)


APPLIERS: ApplierTable = {
    (ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.ELEMENT_ACTIVATING): _activating,
    (ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.ELEMENT_ACTIVATED): _activated,
    (ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.ELEMENT_COMPLETING): _completing,
    (ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.ELEMENT_COMPLETED): _left,
    (ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.ELEMENT_TERMINATING): _terminating,
    (ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.ELEMENT_TERMINATED): _left,
    (ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.SEQUENCE_FLOW_TAKEN): _sequence_flow_taken,
    (ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.ELEMENT_MIGRATED): _element_migrated,
    (ValueType.PROCESS_INSTANCE_CREATION, ProcessInstanceCreationIntent.CREATED): _creation_created,
    (ValueType.PROCESS_EVENT, ProcessEventIntent.TRIGGERING): _event_triggering,
}
