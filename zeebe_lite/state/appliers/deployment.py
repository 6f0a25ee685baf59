"""Appliers of DEPLOYMENT, PROCESS, DECISION and DECISION_REQUIREMENTS events."""

from __future__ import annotations

from typing import Any

from zeebe_lite.records import (
    DecisionIntent,
    DecisionRecord,
    DecisionRequirementsIntent,
    DecisionRequirementsRecord,
    DeploymentIntent,
    ProcessIntent,
    ProcessRecord,
    Record,
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


APPLIERS: ApplierTable = {
    (ValueType.DEPLOYMENT, DeploymentIntent.CREATED): _deployment_created,
    (ValueType.PROCESS, ProcessIntent.CREATED): _process_created,
    (ValueType.DECISION_REQUIREMENTS, DecisionRequirementsIntent.CREATED): _decision_requirements_created,
    (ValueType.DECISION, DecisionIntent.CREATED): _decision_created,
}
