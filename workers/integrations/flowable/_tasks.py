"""Flowable task handler (worker group ``rpa``): start a process instance in a Flowable engine."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from workers import Integration, current_job_context
from workers.integrations._http import PerEventLoop, settings_from_environment
from workers.integrations.flowable._client import FlowableClient
from workers.integrations.flowable._settings import FlowableSettings

__all__ = ["StartProcessInput", "StartProcessOutput", "flowable", "flowable_clients"]

flowable = Integration("flowable", group="rpa")
flowable_clients: PerEventLoop[FlowableClient] = PerEventLoop(
    lambda: FlowableClient(settings_from_environment(FlowableSettings))
)
"""The Flowable client of the running event loop."""


class StartProcessInput(BaseModel):
    """``flowable.start-process``: the definition key, variables, and the business key (default: the job's
    idempotency key, so a rerun finds the instance it started)."""

    model_config = ConfigDict(extra="ignore")

    flowableProcessKey: str = Field(min_length=1, max_length=255)
    flowableVariables: dict[str, Any] = Field(default_factory=dict)
    businessKey: str | None = Field(default=None, min_length=1, max_length=255)
    flowableTenantId: str | None = None


class StartProcessOutput(BaseModel):
    """The Flowable instance and whether this job started it (false: it already existed)."""

    flowableProcessInstanceId: str
    flowableProcessInstanceStarted: bool


@flowable.task(
    "flowable.start-process",
    timeout=timedelta(seconds=30),
    input_model=StartProcessInput,
    output_model=StartProcessOutput,
)
async def start_process(
    flowableProcessKey: str,
    flowableVariables: dict[str, Any] | None = None,
    businessKey: str | None = None,
    flowableTenantId: str | None = None,
) -> dict[str, Any]:
    """Start the process unless an instance with the business key already runs (Flowable has no idempotency key)."""
    context = current_job_context()
    key = businessKey or (context.idempotency_key if context else None)
    client = flowable_clients.get()
    if key is not None:
        existing = await client.find_by_business_key(flowableProcessKey, key, tenant_id=flowableTenantId)
        if existing is not None:
            return StartProcessOutput(
                flowableProcessInstanceId=existing.id, flowableProcessInstanceStarted=False
            ).model_dump()
    started = await client.start_process_instance(
        flowableProcessKey, business_key=key, variables=flowableVariables, tenant_id=flowableTenantId
    )
    return StartProcessOutput(
        flowableProcessInstanceId=started.id, flowableProcessInstanceStarted=True
    ).model_dump()
