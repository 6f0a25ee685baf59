"""Flowable REST API client: start process instances (deduplicated by business key)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field

from workers.integrations._http import (
    ApiClient,
    ApiConfig,
    ErrorDetail,
    Replay,
    Tuning,
    json_or_none,
    read_generic_error,
)
from workers.integrations.flowable._settings import FlowableSettings

__all__ = ["FlowableClient", "ProcessInstance", "flowable_variables", "read_flowable_error"]

_INT32 = 2**31


class ProcessInstance(BaseModel):
    """A Flowable process instance (the fields the fleet uses)."""

    model_config = ConfigDict(extra="allow")

    id: str
    businessKey: str | None = None
    processDefinitionId: str | None = None
    suspended: bool = False
    ended: bool | None = None


class _Page(BaseModel):
    model_config = ConfigDict(extra="allow")

    data: list[ProcessInstance] = Field(default_factory=list)
    total: int = 0


def _variable(name: str, value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        kind = "boolean"
    elif isinstance(value, int):
        kind = "integer" if -_INT32 <= value < _INT32 else "long"
    elif isinstance(value, float):
        kind = "double"
    elif isinstance(value, str):
        kind = "string"
    elif value is None:
        return {"name": name, "value": None}
    else:
        kind = "json"
    return {"name": name, "value": value, "type": kind}


def flowable_variables(variables: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Process variables as Flowable's ``[{name, value, type}]`` (objects and lists as ``json``)."""
    return [_variable(name, value) for name, value in variables.items()]


def read_flowable_error(response: httpx.Response) -> ErrorDetail:
    """``{"message": "...", "exception": "..."}``."""
    body = json_or_none(response)
    if isinstance(body, dict) and isinstance(body.get("exception") or body.get("message"), str):
        message = str(body.get("exception") or body.get("message"))
        return ErrorDetail(message=message, code=str(body["message"]) if body.get("exception") else None)
    return read_generic_error(response)


class FlowableClient:
    """A Flowable REST service with HTTP Basic auth."""

    def __init__(
        self,
        settings: FlowableSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        tuning: Tuning | None = None,
    ) -> None:
        password = settings.password.get_secret_value()
        self.api = ApiClient(
            ApiConfig(
                api="Flowable",
                base_url=settings.base_url,
                auth=httpx.BasicAuth(settings.user, password),
                secrets=(password,),
                read_error=read_flowable_error,
            ),
            transport=transport,
            tuning=tuning,
        )

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.api.aclose()

    async def find_by_business_key(
        self, process_definition_key: str, business_key: str, *, tenant_id: str | None = None
    ) -> ProcessInstance | None:
        """A running instance of the definition with this business key, if any."""
        operation = "process-instances.list"
        params = {"processDefinitionKey": process_definition_key, "businessKey": business_key, "size": "1"}
        if tenant_id:
            params["tenantId"] = tenant_id
        response = await self.api.request(
            operation, "GET", "/runtime/process-instances", replay=Replay.SAFE, params=params
        )
        page = self.api.parse(operation, response, _Page)
        return page.data[0] if page.data else None

    async def start_process_instance(
        self,
        process_definition_key: str,
        *,
        business_key: str | None = None,
        variables: Mapping[str, Any] | None = None,
        tenant_id: str | None = None,
    ) -> ProcessInstance:
        """``POST /runtime/process-instances`` (201); not idempotent by itself."""
        operation = "process-instances.create"
        body: dict[str, Any] = {
            "processDefinitionKey": process_definition_key,
            "returnVariables": False,
            "variables": flowable_variables(variables or {}),
        }
        if business_key:
            body["businessKey"] = business_key
        if tenant_id:
            body["tenantId"] = tenant_id
        response = await self.api.request(
            operation, "POST", "/runtime/process-instances", replay=Replay.UNSAFE, json=body
        )
        return self.api.parse(operation, response, ProcessInstance)
