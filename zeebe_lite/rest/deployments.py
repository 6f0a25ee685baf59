"""``POST /v2/deployments``: deploy BPMN and DMN files sent as multipart ``resources`` (one part per file).

All files are deployed atomically; an invalid file rejects the whole deployment with 400 (the engine's
INVALID_ARGUMENT reason names the file and the problem). The answer lists a ``processDefinition`` per process,
a ``decisionDefinition`` per decision and a ``decisionRequirements`` per DMN file (unchanged re-deployments
included, with their existing keys and versions). Only UTF-8 text resources (BPMN, DMN) are supported.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile

from zeebe_lite.engine import CommandRejectedError
from zeebe_lite.processing import commands as cmd
from zeebe_lite.records import DeploymentRecord
from zeebe_lite.rest.context import RestContext
from zeebe_lite.rest.keys import format_key
from zeebe_lite.rest.problems import ApiProblem
from zeebe_lite.rest.requests import check_tenant

__all__ = ["build_router", "deployment_items"]


def deployment_items(deployment: DeploymentRecord) -> list[dict[str, Any]]:
    """The ``deployments`` list of the answer."""
    items: list[dict[str, Any]] = []
    for process in deployment.processes_metadata:
        items.append(
            {
                "processDefinition": {
                    "processDefinitionId": process.bpmn_process_id,
                    "processDefinitionVersion": process.version,
                    "resourceName": process.resource_name,
                    "tenantId": process.tenant_id,
                    "processDefinitionKey": format_key(process.process_definition_key),
                }
            }
        )
    for decision in deployment.decisions_metadata:
        items.append(
            {
                "decisionDefinition": {
                    "decisionDefinitionId": decision.decision_id,
                    "version": decision.version,
                    "name": decision.decision_name,
                    "tenantId": decision.tenant_id,
                    "decisionRequirementsId": decision.decision_requirements_id,
                    "decisionDefinitionKey": format_key(decision.decision_key),
                    "decisionRequirementsKey": format_key(decision.decision_requirements_key),
                }
            }
        )
    for drg in deployment.decision_requirements_metadata:
        items.append(
            {
                "decisionRequirements": {
                    "decisionRequirementsId": drg.decision_requirements_id,
                    "decisionRequirementsName": drg.decision_requirements_name,
                    "version": drg.decision_requirements_version,
                    "resourceName": drg.resource_name,
                    "tenantId": drg.tenant_id,
                    "decisionRequirementsKey": format_key(drg.decision_requirements_key),
                }
            }
        )
    return items


def build_router(context: RestContext) -> APIRouter:
    """The deployment route."""
    router = APIRouter()

    @router.post("/v2/deployments")
    async def deploy_resources(
        resources: Annotated[list[UploadFile], File()],
        tenantId: Annotated[str | None, Form()] = None,
    ) -> dict[str, Any]:
        tenant = check_tenant(tenantId)
        files: list[tuple[str, bytes | str]] = []
        for upload in resources:
            content = await upload.read()
            name = upload.filename or f"resource-{len(files) + 1}"
            try:
                files.append((name, content.decode("utf-8")))
            except UnicodeDecodeError:
                raise ApiProblem.invalid_argument(
                    f"The resource '{name}' is not UTF-8 text; only BPMN and DMN resources are supported."
                ) from None
        response = await context.engine.submit(cmd.deploy_command(files))
        if response.rejection_type is not None:
            raise CommandRejectedError(response.rejection_type, response.rejection_reason, "CREATE")
        assert response.record is not None
        deployment: DeploymentRecord = response.record.value
        return {
            "deploymentKey": format_key(response.record.key),
            "tenantId": tenant,
            "deployments": deployment_items(deployment),
        }

    return router
