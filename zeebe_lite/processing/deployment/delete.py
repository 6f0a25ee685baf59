"""RESOURCE_DELETION DELETE: delete a process definition or a decision requirements graph (DMN resource).

A deleted process definition can no longer be started (NOT_FOUND), "latest" falls back to the newest
remaining version (whose start events are subscribed again), and its versions are never reused. Running
instances are not touched: the definition drains (PROCESS DELETING) and is removed (PROCESS DELETED) when
its last instance ends, as in Camunda 8. Deleting a DRG deletes it and its decisions at once.
"""

from __future__ import annotations

from typing import Any

from zeebe_lite.bpmn.behaviors.drain import remove_drained_definition
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.processing.deployment.start_subscriptions import (
    close_start_subscriptions,
    open_start_subscriptions,
)
from zeebe_lite.records import (
    DecisionIntent,
    DecisionRequirementsIntent,
    ProcessIntent,
    Record,
    RejectionType,
    ResourceDeletionIntent,
    ResourceDeletionRecord,
    ValueType,
)

__all__ = ["delete_resource"]


def delete_resource(command: Record[Any], pctx: ProcessingContext) -> None:
    """Reject unknown keys; otherwise DELETING, the resource's own deletion events, DELETED."""
    value: ResourceDeletionRecord = command.value
    writers = pctx.writers
    deployments = pctx.state.deployments
    key = value.resource_key
    deployed = deployments.process(key)
    drg = deployments.decision_requirements(key)
    if (deployed is None or deployments.is_deleted(key)) and drg is None:
        writers.reject(
            command,
            RejectionType.NOT_FOUND,
            f"Expected to delete resource but no resource found with key `{key}`",
        )
        return
    tenant_id = (
        deployed.record.tenant_id if deployed is not None else drg.tenant_id if drg else value.tenant_id
    )
    reported = ResourceDeletionRecord(key, tenant_id)
    event_key = writers.keys.next_key()
    writers.event(event_key, ValueType.RESOURCE_DELETION, ResourceDeletionIntent.DELETING, reported)
    if deployed is not None:
        process_id = deployed.record.bpmn_process_id
        was_latest = deployments.latest_process(process_id) is deployed
        writers.event(key, ValueType.PROCESS, ProcessIntent.DELETING, deployed.record)
        if was_latest:
            close_start_subscriptions(pctx, key)
            fallback = deployments.latest_process(process_id)
            if fallback is not None:
                open_start_subscriptions(pctx, fallback.record)
        remove_drained_definition(pctx, key)
    elif drg is not None:
        for decision in deployments.decisions_of_requirements(key):
            writers.event(decision.decision_key, ValueType.DECISION, DecisionIntent.DELETED, decision)
        writers.event(key, ValueType.DECISION_REQUIREMENTS, DecisionRequirementsIntent.DELETED, drg)
    event = writers.event(event_key, ValueType.RESOURCE_DELETION, ResourceDeletionIntent.DELETED, reported)
    writers.respond(event)
