"""DEPLOYMENT CREATE: deploy BPMN and DMN resources atomically, versioning only what changed."""

from __future__ import annotations

from typing import Any

from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.behaviors.timer_values import schedule_timer
from zeebe_lite.model.bpmn import (
    BpmnDefinitions,
    TimerEventDefinition,
)
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.processing.deployment.resources import DmnResource, checksum, read_bpmn, read_dmn
from zeebe_lite.processing.deployment.start_subscriptions import (
    close_start_subscriptions,
    open_start_subscriptions,
)
from zeebe_lite.records import (
    NO_KEY,
    DecisionIntent,
    DecisionRecord,
    DecisionRequirementsIntent,
    DecisionRequirementsRecord,
    DeploymentIntent,
    DeploymentRecord,
    ProcessIntent,
    ProcessMetadata,
    ProcessRecord,
    Record,
    RejectionType,
    ValueType,
)

__all__ = ["create_deployment"]


def create_deployment(command: Record[Any], pctx: ProcessingContext) -> None:
    """Validate every resource first (all or nothing), then write PROCESS/DECISION events and DEPLOYMENT CREATED."""
    request: DeploymentRecord = command.value
    writers = pctx.writers
    if not request.resources:
        writers.reject(
            command,
            RejectionType.INVALID_ARGUMENT,
            "Expected to deploy at least one resource, but none given",
        )
        return
    parsed: list[tuple[str, str, BpmnDefinitions | DmnResource]] = []
    for resource in request.resources:
        name = resource.resource_name
        if name.endswith((".bpmn", ".xml")):
            result: BpmnDefinitions | DmnResource | str = read_bpmn(resource.resource, name)
        elif name.endswith(".dmn"):
            result = read_dmn(resource.resource, name)
        else:
            result = f"Expected resource '{name}' to be a BPMN (.bpmn) or DMN (.dmn) file"
        if isinstance(result, str):
            writers.reject(command, RejectionType.INVALID_ARGUMENT, result)
            return
        problem = _invalid_start_timer(pctx, result) if isinstance(result, BpmnDefinitions) else None
        if problem is not None:
            writers.reject(command, RejectionType.INVALID_ARGUMENT, f"'{name}': {problem}")
            return
        parsed.append((name, resource.resource, result))
    duplicate = _duplicate_ids(parsed)
    if duplicate is not None:
        writers.reject(command, RejectionType.INVALID_ARGUMENT, duplicate)
        return
    deployment_key = writers.keys.next_key()
    processes: list[ProcessMetadata] = []
    drgs: list[DecisionRequirementsRecord] = []
    decisions: list[DecisionRecord] = []
    for name, text, content in parsed:
        if isinstance(content, BpmnDefinitions):
            processes.extend(
                _deploy_bpmn(
                    pctx,
                    name=name,
                    text=text,
                    definitions=content,
                    deployment_key=deployment_key,
                    tenant_id=request.tenant_id,
                )
            )
        else:
            drg, drg_decisions = _deploy_dmn(pctx, name, text, content, request.tenant_id)
            drgs.append(drg)
            decisions.extend(drg_decisions)
    created = DeploymentRecord(
        resources=request.resources,
        processes_metadata=tuple(processes),
        decisions_metadata=tuple(decisions),
        decision_requirements_metadata=tuple(drgs),
        tenant_id=request.tenant_id,
    )
    event = writers.event(deployment_key, ValueType.DEPLOYMENT, DeploymentIntent.CREATED, created)
    writers.respond(event)


def _deploy_bpmn(
    pctx: ProcessingContext,
    *,
    name: str,
    text: str,
    definitions: BpmnDefinitions,
    deployment_key: int,
    tenant_id: str,
) -> list[ProcessMetadata]:
    writers = pctx.writers
    digest = checksum(text)
    metadata = []
    for process in definitions.executable_processes():
        latest = pctx.state.deployments.latest_process(process.id)
        if latest is not None and latest.record.checksum == digest:
            record = latest.record
            metadata.append(
                ProcessMetadata(
                    process.id, record.version, record.process_definition_key, name, digest, True, tenant_id
                )
            )
            continue
        version = pctx.state.deployments.highest_version(process.id) + 1
        key = writers.keys.next_key()
        process_record = ProcessRecord(
            process.id, version, key, name, digest, text, deployment_key, tenant_id
        )
        writers.event(key, ValueType.PROCESS, ProcessIntent.CREATED, process_record)
        metadata.append(ProcessMetadata(process.id, version, key, name, digest, False, tenant_id))
        if latest is not None:
            close_start_subscriptions(pctx, latest.record.process_definition_key)
        open_start_subscriptions(pctx, process_record)
    return metadata


def _duplicate_ids(parsed: list[tuple[str, str, BpmnDefinitions | DmnResource]]) -> str | None:
    """Zeebe refuses a deployment that defines the same process or decision id in two resources."""
    seen: dict[tuple[str, str], str] = {}
    for name, _, content in parsed:
        if isinstance(content, BpmnDefinitions):
            ids = [("process", process.id) for process in content.executable_processes()]
        else:
            ids = [("decision", decision_id) for decision_id, _ in content.decisions]
        for kind, element_id in ids:
            other = seen.get((kind, element_id))
            if other is not None and other != name:
                return (
                    f"Expected the {kind} ids to be unique within a deployment but found a duplicated id "
                    f"'{element_id}' in the resources '{other}' and '{name}'."
                )
            seen[(kind, element_id)] = name
    return None


def _invalid_start_timer(pctx: ProcessingContext, definitions: BpmnDefinitions) -> str | None:
    """Why a timer start event cannot be scheduled (they are evaluated at deploy time), or None."""
    for process in definitions.executable_processes():
        for start in process.start_events():
            definition = start.event_definition
            if not isinstance(definition, TimerEventDefinition):
                continue
            value = pctx.expressions.evaluate(definition.value, pctx.state.variables, NO_KEY)
            if isinstance(value, Failure):
                return f"timer start event '{start.id}': {value.message}"
            schedule = schedule_timer(definition.timer_type, value, pctx.now)
            if isinstance(schedule, str):
                return f"timer start event '{start.id}': {schedule}"
    return None


def _deploy_dmn(
    pctx: ProcessingContext, name: str, text: str, content: DmnResource, tenant_id: str
) -> tuple[DecisionRequirementsRecord, list[DecisionRecord]]:
    writers = pctx.writers
    digest = checksum(text)
    deployments = pctx.state.deployments
    latest = deployments.latest_decision_requirements(content.drg_id)
    if latest is not None and latest.checksum == digest:
        decisions = []
        for decision_id, _ in content.decisions:
            existing = deployments.latest_decision(decision_id)
            if existing is not None:
                decisions.append(existing)
        return latest, decisions
    version = deployments.highest_decision_requirements_version(content.drg_id) + 1
    drg_key = writers.keys.next_key()
    drg = DecisionRequirementsRecord(
        decision_requirements_id=content.drg_id,
        decision_requirements_name=content.drg_name,
        decision_requirements_version=version,
        decision_requirements_key=drg_key,
        namespace=content.namespace,
        resource_name=name,
        checksum=digest,
        resource=text,
        tenant_id=tenant_id,
    )
    writers.event(drg_key, ValueType.DECISION_REQUIREMENTS, DecisionRequirementsIntent.CREATED, drg)
    created = []
    for decision_id, decision_name in content.decisions:
        decision = DecisionRecord(
            decision_id=decision_id,
            decision_name=decision_name,
            version=deployments.highest_decision_version(decision_id) + 1,
            decision_key=writers.keys.next_key(),
            decision_requirements_id=content.drg_id,
            decision_requirements_key=drg_key,
            tenant_id=tenant_id,
        )
        writers.event(decision.decision_key, ValueType.DECISION, DecisionIntent.CREATED, decision)
        created.append(decision)
    return drg, created
