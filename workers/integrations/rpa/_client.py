"""OpenRPA through OpenFlow workitem queues, reached over the fleet's Node-RED ``http in`` flow.

Why this transport: OpenFlow documents workitem queues as the way to hand work to unattended OpenRPA robots
(retries, priority, robot roles), while its own protocols (protobuf envelopes over gRPC/WebSocket) have no
stable published schema and its REST mode is experimental. OpenFlow bundles Node-RED, so the fleet deploys a
small flow: ``POST /api/workitems`` pushes the JSON into a queue, and a second flow posts the finished item to
the callback URL. That contract is pinned by the sandbox emulator (``sandbox/openrpa.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field

from workers.integrations._http import ApiClient, ApiConfig, BearerAuth, Replay, Tuning
from workers.integrations.rpa._settings import OpenRPASettings

__all__ = ["OpenRPAClient", "Workitem"]


class Workitem(BaseModel):
    """A workitem as OpenFlow returns it (OpenIAP field names)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    id: str = Field(alias="_id")
    wiq: str
    name: str
    state: str
    correlationId: str | None = None
    payload: dict[str, Any] = Field(default_factory=dict)


class OpenRPAClient:
    """Pushes workitems for robots; every method is one HTTP call (with retries)."""

    def __init__(
        self,
        settings: OpenRPASettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        tuning: Tuning | None = None,
    ) -> None:
        self.callback_url = settings.callback_url
        self.api = ApiClient(
            ApiConfig(
                api="OpenRPA",
                base_url=settings.base_url,
                auth=BearerAuth(settings.token),
                secrets=(settings.token.get_secret_value(),),
            ),
            transport=transport,
            tuning=tuning,
        )

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.api.aclose()

    async def push_workitem(
        self,
        queue: str,
        name: str,
        payload: Mapping[str, Any],
        *,
        correlation_id: str,
        priority: int = 2,
    ) -> Workitem:
        """Queue work for a robot; the robot's result is posted to the callback URL with ``correlation_id``.

        Not idempotent (no key in the contract): repeated only when the request certainly was not processed.
        """
        operation = "workitems.push"
        body: dict[str, Any] = {
            "wiq": queue,
            "name": name,
            "payload": dict(payload),
            "priority": priority,
            "correlationId": correlation_id,
        }
        if self.callback_url:
            body["callbackUrl"] = self.callback_url
        response = await self.api.request(
            operation, "POST", "/api/workitems", replay=Replay.UNSAFE, json=body
        )
        return self.api.parse(operation, response, Workitem)
