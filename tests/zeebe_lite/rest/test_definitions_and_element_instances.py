"""Process/decision definitions and element instances over REST."""

from __future__ import annotations

from rest_env import FIXTURES, RestEnv


async def test_process_definitions_search_get_and_xml(rest: RestEnv) -> None:
    await rest.deploy("expense-approval.bpmn", "order-paid.bpmn")
    changed = (FIXTURES / "order-paid.bpmn").read_text().replace('name="Order paid"', 'name="Order paid v2"')
    await rest.engine.deploy({"order-paid.bpmn": changed})
    everything = (await rest.http.post("/process-definitions/search")).json()
    assert everything["page"]["totalItems"] == 3
    latest = await rest.http.post(
        "/process-definitions/search",
        json={"filter": {"processDefinitionId": "order-paid", "isLatestVersion": True}},
    )
    [definition] = latest.json()["items"]
    assert definition["version"] == 2
    assert definition["name"] == "Order paid v2"
    assert definition["resourceName"] == "order-paid.bpmn"
    assert definition["hasStartForm"] is False
    got = await rest.http.get(f"/process-definitions/{definition['processDefinitionKey']}")
    assert got.json() == definition
    xml = await rest.http.get(f"/process-definitions/{definition['processDefinitionKey']}/xml")
    assert xml.status_code == 200
    assert xml.headers["content-type"].startswith("text/xml")
    assert xml.text == changed
    assert (await rest.http.get("/process-definitions/1/xml")).status_code == 404


async def test_decision_definitions_search_get_and_xml(rest: RestEnv) -> None:
    await rest.deploy("shipping-cost.dmn")
    found = await rest.http.post(
        "/decision-definitions/search", json={"filter": {"decisionDefinitionId": "shipping-cost"}}
    )
    [decision] = found.json()["items"]
    assert decision["name"] == "Shipping cost"
    assert decision["decisionRequirementsId"] == "shipping-cost-rules"
    assert decision["decisionRequirementsName"] == "Shipping cost rules"
    assert decision["version"] == 1
    got = await rest.http.get(f"/decision-definitions/{decision['decisionDefinitionKey']}")
    assert got.json() == decision
    xml = await rest.http.get(f"/decision-definitions/{decision['decisionDefinitionKey']}/xml")
    assert 'id="shipping-cost"' in xml.text


async def test_element_instances_show_where_an_instance_is(rest: RestEnv) -> None:
    await rest.deploy("expense-approval.bpmn")
    created = await rest.http.post(
        "/process-instances", json={"processDefinitionId": "expense-approval", "variables": {"amount": 1}}
    )
    instance = created.json()["processInstanceKey"]
    response = await rest.http.post(
        "/element-instances/search",
        json={"filter": {"processInstanceKey": instance}, "sort": [{"field": "elementInstanceKey"}]},
    )
    items = response.json()["items"]
    assert [(item["elementId"], item["type"], item["state"]) for item in items] == [
        ("submitted", "START_EVENT", "COMPLETED"),
        ("approve-expense", "USER_TASK", "ACTIVE"),
    ]
    task = items[1]
    assert task["elementName"] == "Approve expense"
    assert task["hasIncident"] is False
    assert task["endDate"] is None
    got = await rest.http.get(f"/element-instances/{task['elementInstanceKey']}")
    assert got.json() == task
    active = await rest.http.post(
        "/element-instances/search", json={"filter": {"state": "ACTIVE", "type": "USER_TASK"}}
    )
    assert active.json()["page"]["totalItems"] == 1
    assert (await rest.http.get("/element-instances/5")).status_code == 404
