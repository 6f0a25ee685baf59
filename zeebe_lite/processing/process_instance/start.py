"""Starting a process instance at a triggered start event (message or signal start events)."""

from __future__ import annotations

from typing import Any

from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.processing.process_instance.create import process_instance_value
from zeebe_lite.records import ProcessEventIntent, ProcessEventRecord, ProcessInstanceIntent, ValueType
from zeebe_lite.state.deployment import DeployedProcess

__all__ = ["start_instance_at"]


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
