"""Variables over REST: search (also of ended instances), truncation, get."""

from __future__ import annotations

from rest_env import RestEnv


async def test_variables_of_a_completed_instance_stay_searchable(rest: RestEnv) -> None:
    await rest.deploy("quick-check.bpmn")
    created = await rest.http.post(
        "/process-instances",
        json={"processDefinitionId": "quick-check", "variables": {"amount": 4, "note": {"a": [1]}}},
    )
    instance = created.json()["processInstanceKey"]
    response = await rest.http.post(
        "/variables/search",
        json={"filter": {"processInstanceKey": instance}, "sort": [{"field": "name"}]},
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(item["name"], item["value"]) for item in items] == [
        ("amount", "4"),
        ("note", '{"a":[1]}'),
        ("score", "8"),
    ]
    assert all(item["scopeKey"] == instance and item["isTruncated"] is False for item in items)
    got = await rest.http.get(f"/variables/{items[2]['variableKey']}")
    assert got.status_code == 200
    assert got.json()["value"] == "8"
    assert (await rest.http.get("/variables/7777777")).status_code == 404


async def test_long_values_are_truncated_unless_asked_not_to(rest: RestEnv) -> None:
    await rest.deploy("quick-check.bpmn")
    long_text = "x" * 9000
    await rest.http.post(
        "/process-instances",
        json={"processDefinitionId": "quick-check", "variables": {"amount": 1, "letter": long_text}},
    )
    body = {"filter": {"name": "letter"}}
    truncated = (await rest.http.post("/variables/search", json=body)).json()["items"][0]
    assert truncated["isTruncated"] is True
    assert len(truncated["value"]) == 8191
    whole = (await rest.http.post("/variables/search?truncateValues=false", json=body)).json()["items"][0]
    assert whole["isTruncated"] is False
    assert whole["value"] == f'"{long_text}"'
