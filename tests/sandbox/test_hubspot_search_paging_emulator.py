"""HubSpot emulator: search pages with ``limit`` (at most 200) and the ``paging.next.after`` cursor, over HTTP."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from sandbox import Sandbox, run_sandbox
from sandbox.hubspot import HubSpotEmulator

SEARCH = "/crm/v3/objects/contacts/search"
LEADS = {
    "filterGroups": [{"filters": [{"propertyName": "lifecyclestage", "operator": "EQ", "value": "lead"}]}]
}


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with run_sandbox(["hubspot"]) as running:
        yield running


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    environment = sandbox.environment()
    async with httpx.AsyncClient(
        base_url=environment["HUBSPOT_BASE_URL"],
        headers={"Authorization": f"Bearer {environment['HUBSPOT_TOKEN']}"},
    ) as http:
        yield http


def seed(sandbox: Sandbox, count: int, stage: str = "lead") -> set[str]:
    hubspot = sandbox.emulator("hubspot", HubSpotEmulator)
    return {
        hubspot.seed_contact({"email": f"{stage}{index}@example.com", "lifecyclestage": stage})
        for index in range(count)
    }


async def search(client: httpx.AsyncClient, **body: Any) -> dict[str, Any]:
    answer = await client.post(SEARCH, json={**LEADS, **body})
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


async def test_pages_of_200_follow_the_after_cursor_to_every_match(
    sandbox: Sandbox, client: httpx.AsyncClient
) -> None:
    leads = seed(sandbox, 450)
    seed(sandbox, 3, stage="customer")

    pages = [await search(client, limit=200)]
    while "paging" in pages[-1]:
        pages.append(await search(client, limit=200, after=pages[-1]["paging"]["next"]["after"]))

    assert [len(page["results"]) for page in pages] == [200, 200, 50]
    assert {page["total"] for page in pages} == {450}
    ids = [result["id"] for page in pages for result in page["results"]]
    assert len(ids) == len(set(ids)) and set(ids) == leads


async def test_the_default_page_is_10_and_more_than_200_is_refused(
    sandbox: Sandbox, client: httpx.AsyncClient
) -> None:
    seed(sandbox, 12)
    first = await search(client)
    assert len(first["results"]) == 10 and first["total"] == 12 and first["paging"]["next"]["after"]
    too_many = await client.post(SEARCH, json={**LEADS, "limit": 201})
    assert too_many.status_code == 400 and too_many.json()["category"] == "VALIDATION_ERROR"


async def test_the_last_full_page_has_no_next_cursor(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    seed(sandbox, 4)
    first = await search(client, limit=2)
    last = await search(client, limit=2, after=first["paging"]["next"]["after"])
    assert len(last["results"]) == 2 and "paging" not in last


async def test_no_match_is_an_empty_page_without_cursor(client: httpx.AsyncClient) -> None:
    empty = await search(client, limit=200)
    assert empty == {"total": 0, "results": []}


async def test_a_zero_limit_counts_without_offering_a_cursor_that_never_moves(
    sandbox: Sandbox, client: httpx.AsyncClient
) -> None:
    seed(sandbox, 3)
    counted = await search(client, limit=0)
    assert counted == {"total": 3, "results": []}


@pytest.mark.parametrize("after", ["-1", "abc", True])
async def test_an_invalid_cursor_is_a_validation_error(client: httpx.AsyncClient, after: Any) -> None:
    answer = await client.post(SEARCH, json={**LEADS, "after": after})
    assert answer.status_code == 400 and answer.json()["category"] == "VALIDATION_ERROR"
