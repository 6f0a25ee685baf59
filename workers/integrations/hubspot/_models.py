"""HubSpot CRM v3 request and response bodies (only the fields the fleet uses; unknown fields are kept)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "BatchError",
    "BatchUpsertInput",
    "BatchUpsertResponse",
    "Contact",
    "Filter",
    "FilterGroup",
    "SearchRequest",
    "SearchResponse",
]

PropertyValue = str | int | float | bool | None


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Contact(_Open):
    """A contact record; ``properties`` values come back as strings (or null)."""

    id: str
    properties: dict[str, str | None] = Field(default_factory=dict)
    createdAt: str | None = None
    updatedAt: str | None = None
    archived: bool = False


class UpsertedContact(Contact):
    """A batch-upsert result: the record plus whether the upsert created it."""

    new: bool = False


class BatchUpsertInput(BaseModel):
    """One input of ``batch/upsert``: the unique property, its value and the properties to write."""

    idProperty: str
    id: str
    properties: dict[str, PropertyValue]
    objectWriteTraceId: str | None = None


class BatchError(_Open):
    """One failed input of a multi-status batch answer."""

    status: str | None = None
    category: str | None = None
    message: str | None = None
    context: dict[str, Any] = Field(default_factory=dict)


class BatchUpsertResponse(_Open):
    """The batch envelope (200 COMPLETE, or 207 with ``errors``)."""

    status: str
    results: list[UpsertedContact] = Field(default_factory=list)
    errors: list[BatchError] = Field(default_factory=list)
    numErrors: int = 0


class Filter(BaseModel):
    """A search filter (AND-ed within its group)."""

    model_config = ConfigDict(extra="forbid")

    propertyName: str = Field(min_length=1)
    operator: Literal[
        "EQ",
        "NEQ",
        "LT",
        "LTE",
        "GT",
        "GTE",
        "BETWEEN",
        "IN",
        "NOT_IN",
        "HAS_PROPERTY",
        "NOT_HAS_PROPERTY",
        "CONTAINS_TOKEN",
        "NOT_CONTAINS_TOKEN",
    ]
    value: str | None = None
    highValue: str | None = None
    values: list[str] | None = None


class FilterGroup(BaseModel):
    """Filters AND-ed together; groups are OR-ed."""

    model_config = ConfigDict(extra="forbid")

    filters: list[Filter] = Field(min_length=1)


class SearchRequest(BaseModel):
    """Body of ``POST /crm/v3/objects/contacts/search``."""

    filterGroups: list[FilterGroup]
    properties: list[str] = Field(default_factory=list)
    limit: int = 10
    after: str | None = None


class _Next(_Open):
    after: str


class _Paging(_Open):
    next: _Next | None = None


class SearchResponse(_Open):
    """Search results and the cursor of the next page."""

    total: int = 0
    results: list[Contact] = Field(default_factory=list)
    paging: _Paging | None = None

    @property
    def next_after(self) -> str | None:
        """The ``after`` cursor of the next page, if any."""
        return self.paging.next.after if self.paging and self.paging.next else None
