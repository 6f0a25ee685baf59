"""Process instances over REST: create (also awaiting completion), get, search, cancel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rest_env import RestEnv


async def _create(rest: RestEnv, body: dict[str, Any]) -> dict[str, Any]:
    response = await rest.http.post("/process-instances", json=body)
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    return created


async def test_create_by_id_and_get(rest: RestEnv) -> None:
    await rest.deploy("order-paid.bpmn")
    created = await _create(rest, {"processDefinitionId": "order-paid", "variables": {"orderId": "o-1"}})
    assert created["processDefinitionId"] == "order-paid"
    assert created["processDefinitionVersion"] == 1
    assert created["tenantId"] == "<default>"
    assert created["variables"] == {}
    key = created["processInstanceKey"]
    assert isinstance(key, str) and key.isdigit()
    instance = (await rest.http.get(f"/process-instances/{key}")).json()
    assert instance["state"] == "ACTIVE"
    assert instance["processDefinitionName"] == "Order paid"
    assert instance["processDefinitionKey"] == created["processDefinitionKey"]
    assert instance["hasIncident"] is False
    assert instance["startDate"] == "2025-01-01T00:00:00.000Z"
    assert instance["endDate"] is None
    assert instance["parentProcessInstanceKey"] is None


async def test_create_by_definition_key(rest: RestEnv) -> None:
    await rest.deploy("order-paid.bpmn")
    first = await _create(rest, {"processDefinitionId": "order-paid"})
    second = await _create(rest, {"processDefinitionKey": first["processDefinitionKey"]})
    assert second["processDefinitionId"] == "order-paid"
    assert second["processInstanceKey"] != first["processInstanceKey"]


async def test_create_awaiting_completion_returns_the_variables(rest: RestEnv) -> None:
    await rest.deploy("quick-check.bpmn")
    created = await _create(
        rest, {"processDefinitionId": "quick-check", "variables": {"amount": 21}, "awaitCompletion": True}
    )
    assert created["variables"] == {"amount": 21, "score": 42}
    fetched = await _create(
        rest,
        {
            "processDefinitionId": "quick-check",
            "variables": {"amount": 1},
            "awaitCompletion": True,
            "fetchVariables": ["score"],
        },
    )
    assert fetched["variables"] == {"score": 2}
    state = (await rest.http.get(f"/process-instances/{fetched['processInstanceKey']}")).json()["state"]
    assert state == "COMPLETED"


async def test_awaiting_an_instance_that_waits_times_out_with_504(rest: RestEnv) -> None:
    await rest.deploy("order-paid.bpmn")
    response = await rest.http.post(
        "/process-instances",
        json={"processDefinitionId": "order-paid", "awaitCompletion": True, "requestTimeout": 200},
    )
    assert response.status_code == 504
    assert response.json()["title"] == "DEADLINE_EXCEEDED"


async def test_create_errors(rest: RestEnv) -> None:
    neither = await rest.http.post("/process-instances", json={"variables": {}})
    assert neither.status_code == 400
    assert "processDefinitionId" in neither.json()["detail"]
    both = await rest.http.post(
        "/process-instances", json={"processDefinitionId": "x", "processDefinitionKey": "1"}
    )
    assert both.status_code == 400
    unknown = await rest.http.post("/process-instances", json={"processDefinitionId": "no-such-process"})
    assert unknown.status_code == 404
    assert unknown.json()["title"] == "NOT_FOUND"
    bad_variables = await rest.http.post(
        "/process-instances", json={"processDefinitionId": "x", "variables": "not an object"}
    )
    assert bad_variables.status_code == 400
    assert "variables" in bad_variables.json()["detail"]
    bad_json = await rest.http.post(
        "/process-instances", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert bad_json.status_code == 400
    assert bad_json.headers["content-type"] == "application/problem+json"


async def test_cancel(rest: RestEnv) -> None:
    await rest.deploy("order-paid.bpmn")
    key = (await _create(rest, {"processDefinitionId": "order-paid"}))["processInstanceKey"]
    rest.clock.advance(dt.timedelta(seconds=3))
    cancelled = await rest.http.post(f"/process-instances/{key}/cancellation")
    assert cancelled.status_code == 204
    instance = (await rest.http.get(f"/process-instances/{key}")).json()
    assert instance["state"] == "TERMINATED"
    assert instance["endDate"] == "2025-01-01T00:00:03.000Z"
    again = await rest.http.post(f"/process-instances/{key}/cancellation", json={})
    assert again.status_code == 404
    assert (await rest.http.get("/process-instances/12345")).status_code == 404
    not_a_key = await rest.http.get("/process-instances/abc")
    assert not_a_key.status_code == 400
    assert "processInstanceKey" in not_a_key.json()["detail"]


async def _three_instances(rest: RestEnv) -> list[str]:
    await rest.deploy("order-paid.bpmn", "quick-check.bpmn")
    keys = []
    for order in ("o-1", "o-2", "o-3"):
        created = await _create(rest, {"processDefinitionId": "order-paid", "variables": {"orderId": order}})
        keys.append(created["processInstanceKey"])
        rest.clock.advance(dt.timedelta(minutes=1))
    await _create(rest, {"processDefinitionId": "quick-check", "variables": {"amount": 1}})
    return keys


async def test_search_filters(rest: RestEnv) -> None:
    keys = await _three_instances(rest)
    await rest.http.post(f"/process-instances/{keys[1]}/cancellation")

    async def found(body: dict[str, Any]) -> list[str]:
        response = await rest.http.post("/process-instances/search", json=body)
        assert response.status_code == 200, response.text
        return [item["processInstanceKey"] for item in response.json()["items"]]

    assert await found({"filter": {"processDefinitionId": "order-paid", "state": "ACTIVE"}}) == [
        keys[0],
        keys[2],
    ]
    assert await found({"filter": {"state": {"$in": ["TERMINATED"]}}}) == [keys[1]]
    assert await found(
        {"filter": {"processDefinitionId": {"$like": "order-*"}, "state": {"$neq": "ACTIVE"}}}
    ) == [keys[1]]
    assert await found({"filter": {"variables": [{"name": "orderId", "value": '"o-3"'}]}}) == [keys[2]]
    assert await found(
        {"filter": {"startDate": {"$gte": "2025-01-01T00:01:00Z", "$lt": "2025-01-01T00:02:00Z"}}}
    ) == [keys[1]]
    assert await found({"filter": {"processInstanceKey": keys[0]}}) == [keys[0]]
    assert await found({"filter": {"$or": [{"processInstanceKey": keys[0]}, {"state": "TERMINATED"}]}}) == [
        keys[0],
        keys[1],
    ]
    everything = await rest.http.post("/process-instances/search")
    assert everything.json()["page"]["totalItems"] == 4


async def test_search_sort_and_page(rest: RestEnv) -> None:
    keys = await _three_instances(rest)
    body = {
        "filter": {"processDefinitionId": "order-paid"},
        "sort": [{"field": "startDate", "order": "DESC"}],
        "page": {"from": 0, "limit": 2},
    }
    first = (await rest.http.post("/process-instances/search", json=body)).json()
    assert [item["processInstanceKey"] for item in first["items"]] == [keys[2], keys[1]]
    assert first["page"]["totalItems"] == 3
    assert first["page"]["hasMoreTotalItems"] is False
    body["page"] = {"after": first["page"]["endCursor"], "limit": 2}
    second = (await rest.http.post("/process-instances/search", json=body)).json()
    assert [item["processInstanceKey"] for item in second["items"]] == [keys[0]]
    body["page"] = {"before": second["page"]["startCursor"], "limit": 1}
    back = (await rest.http.post("/process-instances/search", json=body)).json()
    assert [item["processInstanceKey"] for item in back["items"]] == [keys[1]]
    body["page"] = {"from": 1, "limit": 1}
    offset = (await rest.http.post("/process-instances/search", json=body)).json()
    assert [item["processInstanceKey"] for item in offset["items"]] == [keys[1]]


async def test_search_refuses_unknown_fields(rest: RestEnv) -> None:
    bad_filter = await rest.http.post("/process-instances/search", json={"filter": {"colour": "red"}})
    assert bad_filter.status_code == 400
    assert "colour" in bad_filter.json()["detail"]
    bad_sort = await rest.http.post("/process-instances/search", json={"sort": [{"field": "colour"}]})
    assert bad_sort.status_code == 400
    assert "colour" in bad_sort.json()["detail"]
    bad_order = await rest.http.post(
        "/process-instances/search", json={"sort": [{"field": "startDate", "order": "UP"}]}
    )
    assert bad_order.status_code == 400
    assert "order" in bad_order.json()["detail"]
    bad_limit = await rest.http.post("/process-instances/search", json={"page": {"limit": -1}})
    assert bad_limit.status_code == 400
    assert "limit" in bad_limit.json()["detail"]
