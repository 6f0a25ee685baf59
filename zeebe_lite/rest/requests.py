"""Shared pieces of request bodies."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from zeebe_lite.records import TENANT_DEFAULT
from zeebe_lite.rest.problems import ApiProblem

__all__ = ["OperationRequest", "RequestBody", "check_tenant"]


class RequestBody(BaseModel):
    """Base of request bodies: unknown fields are ignored, as newer clients may send more."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class OperationRequest(RequestBody):
    """A body with only the optional ``operationReference`` (cancellation, resolution, unassignment)."""

    operationReference: int | None = None


def check_tenant(tenant_id: str | None) -> str:
    """The tenant of a request: multi-tenancy is off, so only the default tenant (or none) is accepted."""
    if tenant_id is None or tenant_id in ("", TENANT_DEFAULT):
        return TENANT_DEFAULT
    raise ApiProblem.invalid_argument(
        f"Expected to handle request with tenant identifier '{tenant_id}', but multi-tenancy is disabled"
    )
