"""Appliers of DEPLOYMENT, PROCESS, DECISION and DECISION_REQUIREMENTS events (creation and deletion), and of
the RESOURCE_DELETION, PROCESS_INSTANCE_MODIFICATION, PROCESS_INSTANCE_MIGRATION and DECISION_EVALUATION reports,
which change no state."""

from __future__ import annotations

from typing import Any

from zeebe_lite.records import (
    DecisionEvaluationIntent,
    DecisionIntent,
    DecisionRecord,
    DecisionRequirementsIntent,
    DecisionRequirementsRecord,
    DeploymentIntent,
    ProcessInstanceMigrationIntent,
    ProcessInstanceModificationIntent,
    ProcessIntent,
    ProcessRecord,
    Record,
    ResourceDeletionIntent,
    ValueType,
)
from zeebe_lite.state.appliers._types import ApplierTable
from zeebe_lite.state.memory import EngineState

__all__ = ["APPLIERS"]


def _deployment_created(state: EngineState, record: Record[Any]) -> None:
    """The deployment itself holds no state; its PROCESS/DECISION events do."""


def _process_created(state: EngineState, record: Record[ProcessRecord]) -> None:
    state.deployments.add_process(record.value)


def _decision_requirements_created(state: EngineState, record: Record[DecisionRequirementsRecord]) -> None:
    state.deployments.add_decision_requirements(record.value)


def _decision_created(state: EngineState, record: Record[DecisionRecord]) -> None:
    state.deployments.add_decision(record.value)


def _process_deleting(state: EngineState, record: Record[ProcessRecord]) -> None:
    state.deployments.delete_process(record.value.process_definition_key)


def _process_deleted(state: EngineState, record: Record[ProcessRecord]) -> None:
    state.deployments.delete_process(record.value.process_definition_key)
    state.deployments.remove_process(record.value.process_definition_key)


def _decision_requirements_deleted(state: EngineState, record: Record[DecisionRequirementsRecord]) -> None:
    state.deployments.remove_decision_requirements(record.value.decision_requirements_key)


def _decision_deleted(state: EngineState, record: Record[DecisionRecord]) -> None:
    state.deployments.remove_decision(record.value.decision_key)


def _no_state(state: EngineState, record: Record[Any]) -> None:
    """Reports that change no state by themselves (their follow-up events do)."""


APPLIERS: ApplierTable = {
    (ValueType.DEPLOYMENT, DeploymentIntent.CREATED): _deployment_created,
    (ValueType.PROCESS, ProcessIntent.CREATED): _process_created,
    (ValueType.DECISION_REQUIREMENTS, DecisionRequirementsIntent.CREATED): _decision_requirements_created,
    (ValueType.DECISION, DecisionIntent.CREATED): _decision_created,
    (ValueType.PROCESS, ProcessIntent.DELETING): _process_deleting,
    (ValueType.PROCESS, ProcessIntent.DELETED): _process_deleted,
    (ValueType.DECISION_REQUIREMENTS, DecisionRequirementsIntent.DELETED): _decision_requirements_deleted,
    (ValueType.DECISION, DecisionIntent.DELETED): _decision_deleted,
    (ValueType.RESOURCE_DELETION, ResourceDeletionIntent.DELETING): _no_state,
    (ValueType.RESOURCE_DELETION, ResourceDeletionIntent.DELETED): _no_state,
    (ValueType.PROCESS_INSTANCE_MODIFICATION, ProcessInstanceModificationIntent.MODIFIED): _no_state,
    (ValueType.PROCESS_INSTANCE_MIGRATION, ProcessInstanceMigrationIntent.MIGRATED): _no_state,
    (ValueType.DECISION_EVALUATION, DecisionEvaluationIntent.EVALUATED): _no_state,
    (ValueType.DECISION_EVALUATION, DecisionEvaluationIntent.FAILED): _no_state,
}
