"""HubSpot search through every page: client and ``hubspot.search-contacts`` against the emulator over HTTP."""

from __future__ import annotations

import json
from typing import Any

import httpx

from sandbox import Sandbox
from sandbox.hubspot import HubSpotEmulator
from workers.integrations._http import settings_from_environment
from workers.integrations.hubspot import HubSpotClient, HubSpotSettings, hubspot
from workers.integrations.hubspot._models import FilterGroup, SearchRequest
from workers.testing import JobEnvironment

SHOP_FILTER = [{"filters": [{"propertyName": "company", "operator": "EQ", "value": "Shop"}]}]


def seed(sandbox: Sandbox, count: int, company: str = "Shop") -> set[str]:
    emulator = sandbox.emulator("hubspot", HubSpotEmulator)
    return {
        emulator.seed_contact({"email": f"{company.lower()}{index}@example.com", "company": company})
        for index in range(count)
    }


async def search_task(**variables: Any) -> Any:
    return await JobEnvironment().run(
        hubspot,
        "hubspot.search-contacts",
        variables={"filterGroups": SHOP_FILTER, "contactProperties": ["email"], **variables},
    )


async def test_the_task_returns_every_match_across_pages(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("hubspot")
    shop = seed(sandbox, 450)
    seed(sandbox, 5, company="Else")

    found = await search_task()

    assert found.kind == "completed", found.message
    contacts = found.variables["hubspotContacts"]
    assert len(contacts) == 450 and {contact["id"] for contact in contacts} == shop
    assert found.variables["hubspotContactsTotal"] == 450
    assert len(search_requests(sandbox)) == 3


async def test_the_task_stops_at_max_results(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("hubspot")
    seed(sandbox, 450)

    found = await search_task(maxResults=250)

    assert found.kind == "completed", found.message
    assert len(found.variables["hubspotContacts"]) == 250
    assert found.variables["hubspotContactsTotal"] == 450  # more matches than were returned
    assert len(search_requests(sandbox)) == 2  # 200, then only the 50 still wanted


async def test_the_task_with_no_match_returns_an_empty_list(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("hubspot")
    seed(sandbox, 3, company="Else")

    found = await search_task()

    assert found.kind == "completed", found.message
    assert found.variables == {"hubspotContacts": [], "hubspotContactsTotal": 0}
    assert len(search_requests(sandbox)) == 1


async def test_a_max_results_outside_1_to_10000_is_an_incident_before_any_request(
    start_sandbox: Any,
) -> None:
    sandbox: Sandbox = await start_sandbox("hubspot")
    for wrong in (0, 10_001):
        outcome = await search_task(maxResults=wrong)
        assert outcome.is_incident
        assert outcome.message is not None and "maxResults" in outcome.message
    assert search_requests(sandbox) == []


def search_requests(sandbox: Sandbox) -> list[str]:
    return [record.path for record in sandbox.host("hubspot").requests if record.path.endswith("/search")]


class RecordingTransport(httpx.AsyncHTTPTransport):
    """The real HTTP transport, keeping the JSON body of every request it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.bodies: list[dict[str, Any]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.bodies.append(json.loads(request.content))
        return await super().handle_async_request(request)


async def test_the_client_follows_the_cursor_and_asks_only_for_what_is_still_wanted(
    start_sandbox: Any,
) -> None:
    sandbox: Sandbox = await start_sandbox("hubspot")
    shop = seed(sandbox, 5)
    transport = RecordingTransport()
    api = HubSpotClient(settings_from_environment(HubSpotSettings), transport=transport)
    search = SearchRequest(filterGroups=[FilterGroup.model_validate(SHOP_FILTER[0])], limit=2)
    try:
        everything = await api.search_all_contacts(search)
        every_page = [(body["limit"], body.get("after")) for body in transport.bodies]
        transport.bodies.clear()
        capped = await api.search_all_contacts(search, max_results=3)
        capped_pages = [(body["limit"], body.get("after")) for body in transport.bodies]
    finally:
        await api.aclose()

    assert {contact.id for contact in everything.results} == shop and everything.total == 5
    assert everything.next_after is None
    assert every_page == [(2, None), (2, "2"), (2, "4")]
    assert len(capped.results) == 3 and capped.total == 5
    assert capped.next_after == "3"  # where reading stopped
    assert capped_pages == [(2, None), (1, "2")]
