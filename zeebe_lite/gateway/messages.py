"""Engine records -> gateway protocol messages (pyzeebe's generated ``gateway_pb2``)."""

from __future__ import annotations

from pyzeebe.proto import gateway_pb2 as pb

from zeebe_lite.gateway.documents import write_document, write_json
from zeebe_lite.processing.commands import ActivatedJob
from zeebe_lite.records import DeploymentRecord

__all__ = ["activated_job", "deployments", "process_metadata"]


def activated_job(job: ActivatedJob) -> pb.ActivatedJob:
    """An activated job as the client sees it (headers and variables are JSON objects, never empty text)."""
    record = job.record
    return pb.ActivatedJob(
        key=job.key,
        type=record.type,
        processInstanceKey=record.process_instance_key,
        bpmnProcessId=record.bpmn_process_id,
        processDefinitionVersion=record.process_definition_version,
        processDefinitionKey=record.process_definition_key,
        elementId=record.element_id,
        elementInstanceKey=record.element_instance_key,
        customHeaders=write_json(dict(record.custom_headers)),
        worker=record.worker,
        retries=record.retries,
        deadline=record.deadline,
        variables=write_document(record.variables),
        tenantId=record.tenant_id,
    )


def process_metadata(deployment: DeploymentRecord) -> list[pb.ProcessMetadata]:
    """The processes a deployment created (or found unchanged)."""
    return [
        pb.ProcessMetadata(
            bpmnProcessId=process.bpmn_process_id,
            version=process.version,
            processDefinitionKey=process.process_definition_key,
            resourceName=process.resource_name,
            tenantId=process.tenant_id,
        )
        for process in deployment.processes_metadata
    ]


def deployments(deployment: DeploymentRecord) -> list[pb.Deployment]:
    """DeployResource metadata: processes, then per DMN resource its decision requirements and decisions."""
    result = [pb.Deployment(process=metadata) for metadata in process_metadata(deployment)]
    for drg in deployment.decision_requirements_metadata:
        result.append(
            pb.Deployment(
                decisionRequirements=pb.DecisionRequirementsMetadata(
                    dmnDecisionRequirementsId=drg.decision_requirements_id,
                    dmnDecisionRequirementsName=drg.decision_requirements_name,
                    version=drg.decision_requirements_version,
                    decisionRequirementsKey=drg.decision_requirements_key,
                    resourceName=drg.resource_name,
                    tenantId=drg.tenant_id,
                )
            )
        )
    for decision in deployment.decisions_metadata:
        result.append(
            pb.Deployment(
                decision=pb.DecisionMetadata(
                    dmnDecisionId=decision.decision_id,
                    dmnDecisionName=decision.decision_name,
                    version=decision.version,
                    decisionKey=decision.decision_key,
                    dmnDecisionRequirementsId=decision.decision_requirements_id,
                    decisionRequirementsKey=decision.decision_requirements_key,
                    tenantId=decision.tenant_id,
                )
            )
        )
    return result
