"""HubSpot CRM v3 contacts client."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import quote

import httpx

from workers.integrations._http import (
    ApiClient,
    ApiConfig,
    ApiFailure,
    ApiPermanentError,
    BearerAuth,
    ErrorDetail,
    Replay,
    Tuning,
    json_or_none,
    read_generic_error,
)
from workers.integrations.hubspot._models import (
    BatchUpsertInput,
    BatchUpsertResponse,
    Contact,
    PropertyValue,
    SearchRequest,
    SearchResponse,
    UpsertedContact,
)
from workers.integrations.hubspot._settings import HubSpotSettings

__all__ = ["DEFAULT_SEARCH_MAX_RESULTS", "HubSpotClient", "read_hubspot_error"]

_CONTACTS = "/crm/v3/objects/contacts"

DEFAULT_SEARCH_MAX_RESULTS = 1000
"""How many contacts a full search reads unless told otherwise (five pages of HubSpot's maximum 200)."""


def read_hubspot_error(response: httpx.Response) -> ErrorDetail:
    """``{"status":"error","message","category"|"errorType","correlationId","errors":[...]}``, all optional."""
    body = json_or_none(response)
    if not isinstance(body, dict) or not isinstance(body.get("message"), str):
        return read_generic_error(response)
    code = body.get("category") or body.get("errorType")
    message = body["message"]
    if isinstance(body.get("correlationId"), str):
        message += f" (correlationId {body['correlationId']})"
    return ErrorDetail(message=message, code=code if isinstance(code, str) else None)


class HubSpotClient:
    """Contacts in HubSpot CRM v3; every method is one HTTP call (with retries)."""

    def __init__(
        self,
        settings: HubSpotSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        tuning: Tuning | None = None,
    ) -> None:
        self.api = ApiClient(
            ApiConfig(
                api="HubSpot",
                base_url=settings.base_url,
                auth=BearerAuth(settings.token),
                secrets=(settings.token.get_secret_value(),),
                read_error=read_hubspot_error,
            ),
            transport=transport,
            tuning=tuning,
        )

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.api.aclose()

    async def upsert_contact_by_email(
        self, email: str, properties: Mapping[str, PropertyValue], *, trace_id: str | None = None
    ) -> UpsertedContact:
        """Create or update the contact whose ``email`` is ``email`` (batch upsert with one input).

        Repeating it writes the same values again, so it is retried freely; ``trace_id`` becomes the input's
        ``objectWriteTraceId``.
        """
        operation = "contacts.batchUpsert"
        body = {
            "inputs": [
                BatchUpsertInput(
                    idProperty="email",
                    id=email,
                    properties={**properties, "email": email},
                    objectWriteTraceId=trace_id,
                ).model_dump(exclude_none=True)
            ]
        }
        response = await self.api.request(
            operation, "POST", f"{_CONTACTS}/batch/upsert", replay=Replay.SAFE, json=body
        )
        answer = self.api.parse(operation, response, BatchUpsertResponse)
        if answer.errors or not answer.results:
            reasons = "; ".join(
                f"{error.category or error.status or 'error'}: {error.message}" for error in answer.errors
            )
            raise ApiPermanentError(
                self.api.redact(
                    f"HubSpot {operation} did not write the contact ({reasons or 'no result returned'}). "
                    "Fix the contact properties, then resolve the incident."
                ),
                failure=ApiFailure("HubSpot", operation, response.status_code, "BATCH_ERRORS"),
            )
        return answer.results[0]

    async def get_contact(
        self, contact_id: str, properties: Sequence[str] = (), *, id_property: str | None = None
    ) -> Contact | None:
        """The contact with the given id (or unique ``id_property`` value), or ``None`` if there is none."""
        operation = "contacts.read"
        params: dict[str, str] = {}
        if properties:
            params["properties"] = ",".join(properties)
        if id_property:
            params["idProperty"] = id_property
        response = await self.api.request(
            operation,
            "GET",
            f"{_CONTACTS}/{quote(contact_id, safe='')}",
            replay=Replay.SAFE,
            params=params,
            expected=(404,),
        )
        if response.status_code == 404:
            return None
        return self.api.parse(operation, response, Contact)

    async def update_contact(
        self, contact_id: str, properties: Mapping[str, PropertyValue]
    ) -> Contact | None:
        """Overwrite the given properties of a contact; ``None`` if the contact does not exist."""
        operation = "contacts.update"
        response = await self.api.request(
            operation,
            "PATCH",
            f"{_CONTACTS}/{quote(contact_id, safe='')}",
            replay=Replay.SAFE,
            json={"properties": dict(properties)},
            expected=(404,),
        )
        if response.status_code == 404:
            return None
        return self.api.parse(operation, response, Contact)

    async def search_contacts(self, search: SearchRequest) -> SearchResponse:
        """One page of contacts matching the filter groups."""
        operation = "contacts.search"
        response = await self.api.request(
            operation,
            "POST",
            f"{_CONTACTS}/search",
            replay=Replay.SAFE,
            json=search.model_dump(exclude_none=True),
        )
        return self.api.parse(operation, response, SearchResponse)

    async def search_all_contacts(
        self, search: SearchRequest, *, max_results: int = DEFAULT_SEARCH_MAX_RESULTS
    ) -> SearchResponse:
        """Every contact matching the search, up to ``max_results``, following ``paging.next.after``.

        Pages hold up to ``search.limit`` contacts (HubSpot allows 200); no page asks for more than is still
        wanted. ``total`` is HubSpot's count of all matches, so ``total > len(results)`` tells that the
        maximum cut the list short; ``paging.next`` then holds the cursor where reading stopped.
        """
        if max_results < 1:
            raise ValueError("max_results must be at least 1")
        contacts: list[Contact] = []
        seen: set[str] = set()
        page = await self.search_contacts(search.model_copy(update={"limit": min(search.limit, max_results)}))
        while True:
            for contact in page.results:
                if contact.id not in seen and len(contacts) < max_results:
                    seen.add(contact.id)
                    contacts.append(contact)
            cursor = page.next_after
            if cursor is None or not page.results or len(contacts) >= max_results:
                return SearchResponse(total=page.total, results=contacts, paging=page.paging)
            wanted = min(search.limit, max_results - len(contacts))
            page = await self.search_contacts(search.model_copy(update={"limit": wanted, "after": cursor}))
