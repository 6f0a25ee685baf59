"""Deleted process definitions drain: they are removed when their last instance ends."""

from __future__ import annotations

from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import ProcessIntent, ValueType

__all__ = ["remove_drained_definition"]


def remove_drained_definition(pctx: ProcessingContext, process_definition_key: int) -> None:
    """PROCESS DELETED for a deleted definition once no instance of it runs any more."""
    deployments = pctx.state.deployments
    if not deployments.is_deleted(process_definition_key):
        return
    instances = pctx.state.element_instances
    for key in instances.process_instance_keys():
        instance = instances.get(key)
        if instance is not None and instance.value.process_definition_key == process_definition_key:
            return
    deployed = deployments.process(process_definition_key)
    assert deployed is not None
    pctx.writers.event(process_definition_key, ValueType.PROCESS, ProcessIntent.DELETED, deployed.record)
