"""RPA task handler (worker group ``rpa``): trigger an OpenRPA bot run; its result arrives later as a message."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from workers import Integration, current_job_context
from workers.integrations._http import PerEventLoop, settings_from_environment
from workers.integrations.rpa._client import OpenRPAClient
from workers.integrations.rpa._settings import OpenRPASettings

__all__ = ["TriggerBotInput", "TriggerBotOutput", "rpa", "rpa_clients"]

rpa = Integration("rpa", group="rpa")
rpa_clients: PerEventLoop[OpenRPAClient] = PerEventLoop(
    lambda: OpenRPAClient(settings_from_environment(OpenRPASettings))
)
"""The OpenRPA client of the running event loop."""


class TriggerBotInput(BaseModel):
    """``rpa.trigger-bot``: the workitem queue (one per bot), the item's name and payload, and its priority.

    ``rpaCorrelationId`` (default: the job's idempotency key) comes back in the robot's callback, which the
    webhook ingress publishes as the message ``rpa.bot-finished`` correlated by it.
    """

    model_config = ConfigDict(extra="ignore")

    rpaQueue: str = Field(min_length=1, max_length=200)
    rpaItemName: str | None = Field(default=None, min_length=1, max_length=200)
    rpaPayload: dict[str, Any] = Field(default_factory=dict)
    rpaPriority: int = Field(default=2, ge=0, le=10)
    rpaCorrelationId: str | None = Field(default=None, min_length=1, max_length=255)


class TriggerBotOutput(BaseModel):
    """The queued workitem and the id the result will be correlated with."""

    rpaWorkitemId: str
    rpaCorrelationId: str


@rpa.task(
    "rpa.trigger-bot",
    timeout=timedelta(seconds=30),
    input_model=TriggerBotInput,
    output_model=TriggerBotOutput,
)
async def trigger_bot(
    rpaQueue: str,
    rpaItemName: str | None = None,
    rpaPayload: dict[str, Any] | None = None,
    rpaPriority: int = 2,
    rpaCorrelationId: str | None = None,
) -> dict[str, Any]:
    """Push a workitem for the queue's robots (recorded in the idempotency store: a redelivery does not push twice)."""
    context = current_job_context()
    correlation_id = rpaCorrelationId or (context.idempotency_key if context else None)
    if correlation_id is None:
        raise ValueError("rpa.trigger-bot needs rpaCorrelationId outside a job")
    name = rpaItemName or (context.job.element_id if context else rpaQueue)
    item = await rpa_clients.get().push_workitem(
        rpaQueue, name, rpaPayload or {}, correlation_id=correlation_id, priority=rpaPriority
    )
    return TriggerBotOutput(rpaWorkitemId=item.id, rpaCorrelationId=correlation_id).model_dump()
