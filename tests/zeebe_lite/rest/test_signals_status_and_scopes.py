"""Signals, status, setting variables on a scope and a user task's own variables over REST."""

from __future__ import annotations

from rest_env import RestEnv


async def test_signal_broadcast_resumes_waiting_instances(rest: RestEnv) -> None:
    await rest.deploy("paused-order.bpmn")
    keys = []
    for _ in range(2):
        created = await rest.http.post("/process-instances", json={"processDefinitionId": "paused-order"})
        keys.append(created.json()["processInstanceKey"])
    response = await rest.http.post(
        "/signals/broadcast", json={"signalName": "orders.resume", "variables": {"by": "ops"}}
    )
    assert response.status_code == 200, response.text
    assert response.json()["signalKey"].isdigit()
    for key in keys:
        assert (await rest.http.get(f"/process-instances/{key}")).json()["state"] == "COMPLETED"
    missing = await rest.http.post("/signals/broadcast", json={"variables": {}})
    assert missing.status_code == 400
    assert "signalName" in missing.json()["detail"]


async def test_status_is_healthy(rest: RestEnv) -> None:
    response = await rest.http.get("/status")
    assert response.status_code == 204


async def test_set_variables_on_the_instance_scope(rest: RestEnv) -> None:
    await rest.deploy("paused-order.bpmn")
    key = (await rest.http.post("/process-instances", json={"processDefinitionId": "paused-order"})).json()[
        "processInstanceKey"
    ]
    response = await rest.http.put(
        f"/element-instances/{key}/variables", json={"variables": {"priority": "high"}}
    )
    assert response.status_code == 204
    found = await rest.http.post("/variables/search", json={"filter": {"scopeKey": key, "name": "priority"}})
    assert [item["value"] for item in found.json()["items"]] == ['"high"']
    no_variables = await rest.http.put(f"/element-instances/{key}/variables", json={"local": True})
    assert no_variables.status_code == 400
    assert "variables" in no_variables.json()["detail"]
    unknown = await rest.http.put("/element-instances/99/variables", json={"variables": {"a": 1}})
    assert unknown.status_code == 404


async def test_user_task_variables_are_its_own_scope(rest: RestEnv) -> None:
    await rest.deploy("expense-approval.bpmn")
    created = await rest.http.post(
        "/process-instances", json={"processDefinitionId": "expense-approval", "variables": {"amount": 310}}
    )
    instance = created.json()["processInstanceKey"]
    task = (
        await rest.http.post("/user-tasks/search", json={"filter": {"processInstanceKey": instance}})
    ).json()["items"][0]
    response = await rest.http.post(f"/user-tasks/{task['userTaskKey']}/variables/search", json={})
    assert response.status_code == 200
    assert [(item["name"], item["value"]) for item in response.json()["items"]] == [
        ("requestedAmount", "310")
    ]
    local = await rest.http.post(
        "/user-tasks/search",
        json={"filter": {"localVariables": [{"name": "requestedAmount", "value": "310"}]}},
    )
    assert local.json()["page"]["totalItems"] == 1
    assert (await rest.http.post("/user-tasks/77/variables/search")).status_code == 404
