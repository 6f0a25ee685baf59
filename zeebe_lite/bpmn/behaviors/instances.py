"""Process instance behaviour: the root record of a new instance, and starting one at a triggered start event."""

from __future__ import annotations

from typing import Any

from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import (
    NO_KEY,
    ProcessEventIntent,
    ProcessEventRecord,
    ProcessInstanceIntent,
    ProcessInstanceRecord,
    ValueType,
)
from zeebe_lite.state.deployment import DeployedProcess

__all__ = ["process_instance_value", "start_instance_at"]


def process_instance_value(
    deployed: DeployedProcess,
    key: int,
    parent_process_instance_key: int = NO_KEY,
    parent_element_instance_key: int = NO_KEY,
) -> ProcessInstanceRecord:
    """The record value of a new process instance (the root element instance)."""
    record = deployed.record
    return ProcessInstanceRecord(
        bpmn_process_id=record.bpmn_process_id,
        version=record.version,
        process_definition_key=record.process_definition_key,
        process_instance_key=key,
        element_id=record.bpmn_process_id,
        flow_scope_key=NO_KEY,
        bpmn_element_type=deployed.process.element_type,
        parent_process_instance_key=parent_process_instance_key,
        parent_element_instance_key=parent_element_instance_key,
        tenant_id=record.tenant_id,
    )


def start_instance_at(
    pctx: ProcessingContext,
    deployed: DeployedProcess,
    key: int,
    start_event_id: str,
    variables: dict[str, Any],
) -> None:
    """Trigger ``start_event_id`` of a new instance ``key`` with ``variables`` and activate the process."""
    writers = pctx.writers
    instance = process_instance_value(deployed, key)
    trigger = ProcessEventRecord(
        scope_key=key,
        target_element_id=start_event_id,
        process_instance_key=key,
        process_definition_key=deployed.key,
        variables=variables,
        tenant_id=deployed.record.tenant_id,
    )
    writers.event(writers.keys.next_key(), ValueType.PROCESS_EVENT, ProcessEventIntent.TRIGGERING, trigger)
    writers.command(key, ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.ACTIVATE_ELEMENT, instance)
