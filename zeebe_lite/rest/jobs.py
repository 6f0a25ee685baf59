"""Jobs: activation (long poll), completion, failure, BPMN error, update of retries and timeout.

* ``POST /v2/jobs/activation``: ``type``, ``timeout`` (ms) and ``maxJobsToActivate`` are required;
  ``worker`` (``default`` when omitted: the engine records a worker name on every job), ``fetchVariable``,
  ``requestTimeout`` (ms; 0 = the server default of 10 s, negative = answer at once), ``tenantIds``. A
  long poll still waiting when the server stops is answered with no jobs. 200 ``{jobs: [...]}``, possibly empty when the request timeout passes. ``deadline`` is
  epoch milliseconds; every job is a BPMN_ELEMENT job (the engine has no listener jobs).
* ``POST /v2/jobs/{key}/completion``: ``variables``; 204. A ``result`` (task-listener corrections or ad-hoc
  sub-process activation) is refused with 400: the engine does not support it.
* ``POST /v2/jobs/{key}/failure``: ``retries`` (default 0), ``errorMessage``, ``retryBackOff`` (ms),
  ``variables``; 204.
* ``POST /v2/jobs/{key}/error``: ``errorCode`` (required), ``errorMessage``, ``variables``; 204.
* ``PATCH /v2/jobs/{key}``: ``changeset`` with ``retries`` and/or ``timeout`` (ms); 204; 400 when empty.

Unknown jobs answer 404; a job that is not activated where it must be answers 409 (INVALID_STATE).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Response
from pydantic import Field

from zeebe_lite.engine import ActivatedJob
from zeebe_lite.rest.context import RestContext, ServerStoppingError
from zeebe_lite.rest.keys import format_key, parse_key
from zeebe_lite.rest.problems import ApiProblem
from zeebe_lite.rest.requests import RequestBody, check_tenant

__all__ = [
    "DEFAULT_WORKER",
    "ActivateJobsRequest",
    "CompleteJobRequest",
    "FailJobRequest",
    "ThrowJobErrorRequest",
    "UpdateJobRequest",
    "activated_job_item",
    "build_router",
]


DEFAULT_WORKER = "default"
"""The worker name of an activation request that gives none."""


class ActivateJobsRequest(RequestBody):
    """The body of ``POST /v2/jobs/activation``."""

    type: str
    timeout: int = Field(gt=0)
    maxJobsToActivate: int = Field(gt=0)
    worker: str | None = None
    fetchVariable: list[str] | None = None
    requestTimeout: int | None = None
    tenantIds: list[str] | None = None


class CompleteJobRequest(RequestBody):
    """The body of ``POST /v2/jobs/{key}/completion``."""

    variables: dict[str, Any] | None = None
    result: dict[str, Any] | None = None


class FailJobRequest(RequestBody):
    """The body of ``POST /v2/jobs/{key}/failure``."""

    retries: int = 0
    errorMessage: str | None = None
    retryBackOff: int = Field(default=0, ge=0)
    variables: dict[str, Any] | None = None


class ThrowJobErrorRequest(RequestBody):
    """The body of ``POST /v2/jobs/{key}/error``."""

    errorCode: str
    errorMessage: str | None = None
    variables: dict[str, Any] | None = None


class JobChangeset(RequestBody):
    """What ``PATCH /v2/jobs/{key}`` changes."""

    retries: int | None = Field(default=None, ge=0)
    timeout: int | None = Field(default=None, ge=0)


class UpdateJobRequest(RequestBody):
    """The body of ``PATCH /v2/jobs/{key}``."""

    changeset: JobChangeset
    operationReference: int | None = None


def activated_job_item(job: ActivatedJob) -> dict[str, Any]:
    """An activated job as the activation answer lists it."""
    record = job.record
    return {
        "jobKey": format_key(job.key),
        "type": record.type,
        "processDefinitionId": record.bpmn_process_id,
        "processDefinitionVersion": record.process_definition_version,
        "processDefinitionKey": format_key(record.process_definition_key),
        "processInstanceKey": format_key(record.process_instance_key),
        "rootProcessInstanceKey": format_key(record.process_instance_key),
        "elementId": record.element_id,
        "elementInstanceKey": format_key(record.element_instance_key),
        "customHeaders": dict(record.custom_headers),
        "worker": record.worker,
        "retries": record.retries,
        "deadline": record.deadline,
        "variables": dict(record.variables),
        "tenantId": record.tenant_id,
        "physicalTenantId": record.tenant_id,
        "kind": "BPMN_ELEMENT",
        "listenerEventType": "UNSPECIFIED",
        "userTask": None,
        "tags": [],
        "businessId": None,
        "priority": 0,
    }


def build_router(context: RestContext) -> APIRouter:
    """The job routes."""
    router = APIRouter()

    @router.post("/v2/jobs/activation")
    async def activate_jobs(body: ActivateJobsRequest) -> dict[str, Any]:
        if not body.type:
            raise ApiProblem.invalid_argument("No type provided.")
        for tenant in body.tenantIds or ():
            check_tenant(tenant)
        request_timeout: dt.timedelta | None
        if body.requestTimeout is None or body.requestTimeout == 0:
            request_timeout = context.settings.request_timeout
        elif body.requestTimeout < 0:
            request_timeout = None
        else:
            request_timeout = dt.timedelta(milliseconds=body.requestTimeout)
        activation = context.engine.activate_jobs(
            body.type,
            body.worker or DEFAULT_WORKER,
            dt.timedelta(milliseconds=body.timeout),
            body.maxJobsToActivate,
            body.fetchVariable or (),
            request_timeout=request_timeout,
        )
        try:
            jobs = await context.unless_stopping(activation)
        except ServerStoppingError:
            return {"jobs": []}
        return {"jobs": [activated_job_item(job) for job in jobs]}

    @router.post("/v2/jobs/{job_key}/completion", status_code=204)
    async def complete_job(job_key: str, body: CompleteJobRequest | None = None) -> Response:
        key = parse_key(job_key, "jobKey")
        if body is not None and body.result:
            raise ApiProblem.invalid_argument("The field result is not supported by zeebe_lite.")
        await context.engine.complete_job(key, None if body is None else body.variables)
        return Response(status_code=204)

    @router.post("/v2/jobs/{job_key}/failure", status_code=204)
    async def fail_job(job_key: str, body: FailJobRequest | None = None) -> Response:
        key = parse_key(job_key, "jobKey")
        request = body or FailJobRequest()
        await context.engine.fail_job(
            key,
            request.retries,
            request.errorMessage or "",
            dt.timedelta(milliseconds=request.retryBackOff),
            request.variables,
        )
        return Response(status_code=204)

    @router.post("/v2/jobs/{job_key}/error", status_code=204)
    async def throw_job_error(job_key: str, body: ThrowJobErrorRequest) -> Response:
        key = parse_key(job_key, "jobKey")
        if not body.errorCode:
            raise ApiProblem.invalid_argument("No errorCode provided.")
        await context.engine.throw_error(key, body.errorCode, body.errorMessage or "", body.variables)
        return Response(status_code=204)

    @router.patch("/v2/jobs/{job_key}", status_code=204)
    async def update_job(job_key: str, body: UpdateJobRequest) -> Response:
        key = parse_key(job_key, "jobKey")
        changes = body.changeset
        if changes.retries is None and changes.timeout is None:
            raise ApiProblem.invalid_argument("No changeset.retries or changeset.timeout provided.")
        if changes.retries is not None:
            await context.engine.update_job_retries(key, changes.retries)
        if changes.timeout is not None:
            await context.engine.update_job_timeout(key, dt.timedelta(milliseconds=changes.timeout))
        return Response(status_code=204)

    return router
