"""HubSpot task handlers (worker group ``crm``): one HubSpot call per job."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from workers import BpmnError, Integration, current_job_context
from workers.integrations._http import PerEventLoop, settings_from_environment
from workers.integrations.hubspot._client import DEFAULT_SEARCH_MAX_RESULTS, HubSpotClient
from workers.integrations.hubspot._models import Contact, FilterGroup, PropertyValue, SearchRequest
from workers.integrations.hubspot._settings import HubSpotSettings

__all__ = [
    "CONTACT_NOT_FOUND",
    "GetContactInput",
    "GetContactOutput",
    "SearchContactsInput",
    "SearchContactsOutput",
    "UpdateContactInput",
    "UpdateContactOutput",
    "UpsertContactInput",
    "UpsertContactOutput",
    "hubspot",
    "hubspot_clients",
]

CONTACT_NOT_FOUND = "CONTACT_NOT_FOUND"
"""BPMN error: the contact id (or email) names no HubSpot contact."""

_EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_SEARCH_PAGE_SIZE = 200
"""HubSpot's largest search page: the fewest requests against the search limit (5 per second)."""
_MOST_SEARCH_RESULTS = 10_000

hubspot = Integration("hubspot", group="crm")
hubspot_clients: PerEventLoop[HubSpotClient] = PerEventLoop(
    lambda: HubSpotClient(settings_from_environment(HubSpotSettings))
)
"""The HubSpot client of the running event loop (settings read from the environment on first use)."""


class _Input(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ContactView(BaseModel):
    """A contact as process variables see it."""

    id: str
    properties: dict[str, str | None]
    archived: bool = False

    @classmethod
    def of(cls, contact: Contact) -> ContactView:
        """The view of a HubSpot contact."""
        return cls(id=contact.id, properties=contact.properties, archived=contact.archived)


class UpsertContactInput(_Input):
    """``hubspot.upsert-contact``: the contact's email and the properties to write (internal names)."""

    email: str = Field(pattern=_EMAIL_PATTERN)
    properties: dict[str, PropertyValue] = Field(default_factory=dict)


class UpsertContactOutput(BaseModel):
    """The contact id and whether this upsert created the contact."""

    hubspotContactId: str
    hubspotContactCreated: bool


@hubspot.task(
    "hubspot.upsert-contact",
    timeout=timedelta(seconds=30),
    input_model=UpsertContactInput,
    output_model=UpsertContactOutput,
)
async def upsert_contact(email: str, properties: dict[str, PropertyValue] | None = None) -> dict[str, Any]:
    """Create or update the contact with this email (upsert by ``idProperty=email``)."""
    context = current_job_context()
    contact = await hubspot_clients.get().upsert_contact_by_email(
        email, properties or {}, trace_id=context.idempotency_key if context else None
    )
    return UpsertContactOutput(hubspotContactId=contact.id, hubspotContactCreated=contact.new).model_dump()


class GetContactInput(_Input):
    """``hubspot.get-contact``: the contact id, or its email, and the properties to read."""

    hubspotContactId: str | None = Field(default=None, min_length=1)
    email: str | None = Field(default=None, pattern=_EMAIL_PATTERN)
    contactProperties: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_identifier(self) -> GetContactInput:
        if (self.hubspotContactId is None) == (self.email is None):
            raise ValueError("give exactly one of hubspotContactId and email")
        return self


class GetContactOutput(BaseModel):
    """The contact with the requested properties."""

    hubspotContact: ContactView


@hubspot.task(
    "hubspot.get-contact",
    timeout=timedelta(seconds=30),
    input_model=GetContactInput,
    output_model=GetContactOutput,
    idempotent=False,
)
async def get_contact(
    hubspotContactId: str | None = None,
    email: str | None = None,
    contactProperties: list[str] | None = None,
) -> dict[str, Any]:
    """Read one contact (a read: not recorded); a missing contact is the BPMN error ``CONTACT_NOT_FOUND``."""
    client = hubspot_clients.get()
    if hubspotContactId is not None:
        contact = await client.get_contact(hubspotContactId, contactProperties or ())
    else:
        assert email is not None  # the input model requires one of them
        contact = await client.get_contact(email, contactProperties or (), id_property="email")
    if contact is None:
        raise BpmnError(CONTACT_NOT_FOUND, "No HubSpot contact with that id or email")
    return GetContactOutput(hubspotContact=ContactView.of(contact)).model_dump()


class UpdateContactInput(_Input):
    """``hubspot.update-contact``: the contact and the new lifecycle stage, lead status and/or owner.

    Values are HubSpot internal names (``lifecyclestage`` ``salesqualifiedlead``, ``hs_lead_status``
    ``IN_PROGRESS``, ``hubspot_owner_id`` the owner's numeric id).
    """

    hubspotContactId: str = Field(min_length=1)
    lifecycleStage: str | None = Field(default=None, min_length=1)
    leadStatus: str | None = Field(default=None, min_length=1)
    ownerId: str | None = Field(default=None, pattern=r"^\d+$")

    @model_validator(mode="after")
    def _something_to_update(self) -> UpdateContactInput:
        if self.lifecycleStage is None and self.leadStatus is None and self.ownerId is None:
            raise ValueError("give at least one of lifecycleStage, leadStatus, ownerId")
        return self

    def properties(self) -> dict[str, PropertyValue]:
        """The HubSpot properties to write."""
        names = {"lifecyclestage": self.lifecycleStage, "hs_lead_status": self.leadStatus}
        names["hubspot_owner_id"] = self.ownerId
        return {name: value for name, value in names.items() if value is not None}


class UpdateContactOutput(BaseModel):
    """When HubSpot recorded the update."""

    hubspotContactUpdatedAt: str | None


@hubspot.task(
    "hubspot.update-contact",
    timeout=timedelta(seconds=30),
    input_model=UpdateContactInput,
    output_model=UpdateContactOutput,
)
async def update_contact(
    hubspotContactId: str,
    lifecycleStage: str | None = None,
    leadStatus: str | None = None,
    ownerId: str | None = None,
) -> dict[str, Any]:
    """Set lifecycle stage, lead status and/or owner of a contact."""
    update = UpdateContactInput(
        hubspotContactId=hubspotContactId,
        lifecycleStage=lifecycleStage,
        leadStatus=leadStatus,
        ownerId=ownerId,
    )
    contact = await hubspot_clients.get().update_contact(hubspotContactId, update.properties())
    if contact is None:
        raise BpmnError(CONTACT_NOT_FOUND, "No HubSpot contact with that id")
    return UpdateContactOutput(hubspotContactUpdatedAt=contact.updatedAt).model_dump()


class SearchContactsInput(_Input):
    """``hubspot.search-contacts``: filter groups (OR of AND-ed filters), properties, most contacts to return.

    Every match is returned, read page after page, up to ``maxResults`` (default 1000, at most 10000): all of
    them land in one process variable, so keep it to what the process needs.
    """

    filterGroups: list[FilterGroup] = Field(min_length=1, max_length=5)
    contactProperties: list[str] = Field(default_factory=list)
    maxResults: int = Field(default=DEFAULT_SEARCH_MAX_RESULTS, ge=1, le=_MOST_SEARCH_RESULTS)


class SearchContactsOutput(BaseModel):
    """The matches (at most ``maxResults``) and HubSpot's count of all matches (more when cut short)."""

    hubspotContacts: list[ContactView]
    hubspotContactsTotal: int


@hubspot.task(
    "hubspot.search-contacts",
    timeout=timedelta(seconds=30),
    input_model=SearchContactsInput,
    output_model=SearchContactsOutput,
    idempotent=False,
)
async def search_contacts(
    filterGroups: list[FilterGroup],
    contactProperties: list[str] | None = None,
    maxResults: int = DEFAULT_SEARCH_MAX_RESULTS,
) -> dict[str, Any]:
    """Search contacts (a read: not routed through the idempotency store, a rerun reads fresh data)."""
    found = await hubspot_clients.get().search_all_contacts(
        SearchRequest(filterGroups=filterGroups, properties=contactProperties or [], limit=_SEARCH_PAGE_SIZE),
        max_results=maxResults,
    )
    return SearchContactsOutput(
        hubspotContacts=[ContactView.of(contact) for contact in found.results],
        hubspotContactsTotal=found.total,
    ).model_dump()
