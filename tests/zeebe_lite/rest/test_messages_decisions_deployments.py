"""Messages, decision evaluation, multipart deployments and topology over REST."""

from __future__ import annotations

import json

from rest_env import FIXTURES, RestEnv


async def _waiting_order(rest: RestEnv, order_id: str) -> str:
    response = await rest.http.post(
        "/process-instances", json={"processDefinitionId": "order-paid", "variables": {"orderId": order_id}}
    )
    key: str = response.json()["processInstanceKey"]
    return key


async def test_published_message_correlates(rest: RestEnv) -> None:
    await rest.deploy("order-paid.bpmn")
    instance = await _waiting_order(rest, "o-7")
    published = await rest.http.post(
        "/messages/publication",
        json={
            "name": "stripe.payment-succeeded",
            "correlationKey": "o-7",
            "timeToLive": 60000,
            "messageId": "evt_1",
            "variables": {"paymentIntentId": "pi_1"},
        },
    )
    assert published.status_code == 200, published.text
    assert published.json()["messageKey"].isdigit()
    assert published.json()["tenantId"] == "<default>"
    assert (await rest.http.get(f"/process-instances/{instance}")).json()["state"] == "COMPLETED"
    variables = await rest.http.post(
        "/variables/search", json={"filter": {"processInstanceKey": instance, "name": "paymentIntentId"}}
    )
    assert variables.json()["items"][0]["value"] == '"pi_1"'


async def test_duplicate_message_id_is_a_conflict(rest: RestEnv) -> None:
    body = {
        "name": "stripe.payment-succeeded",
        "correlationKey": "o-9",
        "timeToLive": 60000,
        "messageId": "evt_9",
    }
    assert (await rest.http.post("/messages/publication", json=body)).status_code == 200
    duplicate = await rest.http.post("/messages/publication", json=body)
    assert duplicate.status_code == 409
    assert duplicate.json()["title"] == "ALREADY_EXISTS"


async def test_publication_without_name_names_the_field(rest: RestEnv) -> None:
    response = await rest.http.post("/messages/publication", json={"correlationKey": "x"})
    assert response.status_code == 400
    assert response.json()["detail"] == "No name provided."


async def test_correlation_names_the_instance_or_404(rest: RestEnv) -> None:
    await rest.deploy("order-paid.bpmn")
    instance = await _waiting_order(rest, "o-8")
    correlated = await rest.http.post(
        "/messages/correlation", json={"name": "stripe.payment-succeeded", "correlationKey": "o-8"}
    )
    assert correlated.status_code == 200, correlated.text
    assert correlated.json()["processInstanceKey"] == instance
    nobody = await rest.http.post(
        "/messages/correlation", json={"name": "stripe.payment-succeeded", "correlationKey": "o-8"}
    )
    assert nobody.status_code == 404


async def test_decision_evaluation_returns_the_result(rest: RestEnv) -> None:
    await rest.deploy("shipping-cost.dmn")
    response = await rest.http.post(
        "/decision-definitions/evaluation",
        json={"decisionDefinitionId": "shipping-cost", "variables": {"country": "DE", "weightKg": 12}},
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert json.loads(result["output"]) == 9
    assert result["decisionDefinitionId"] == "shipping-cost"
    assert result["decisionDefinitionName"] == "Shipping cost"
    assert result["decisionDefinitionVersion"] == 1
    assert result["failedDecisionDefinitionId"] is None
    evaluated = result["evaluatedDecisions"][0]
    assert evaluated["decisionDefinitionType"] == "DECISION_TABLE"
    assert [rule["ruleId"] for rule in evaluated["matchedRules"]] == ["domestic-heavy"]
    assert evaluated["matchedRules"][0]["evaluatedOutputs"][0]["outputName"] == "cost"
    assert [(i["inputId"], i["inputValue"]) for i in evaluated["evaluatedInputs"]] == [
        ("country-input", '"DE"'),
        ("weight-input", "12"),
    ]
    by_key = await rest.http.post(
        "/decision-definitions/evaluation",
        json={"decisionDefinitionKey": result["decisionDefinitionKey"], "variables": {"country": "FR"}},
    )
    assert json.loads(by_key.json()["output"]) == 25


async def test_decision_evaluation_errors(rest: RestEnv) -> None:
    unknown = await rest.http.post("/decision-definitions/evaluation", json={"decisionDefinitionId": "nope"})
    assert unknown.status_code == 404
    neither = await rest.http.post("/decision-definitions/evaluation", json={"variables": {}})
    assert neither.status_code == 400
    assert "decisionDefinitionId" in neither.json()["detail"]


async def test_multipart_deployment(rest: RestEnv) -> None:
    files = [
        (
            "resources",
            ("expense-approval.bpmn", (FIXTURES / "expense-approval.bpmn").read_bytes(), "text/xml"),
        ),
        ("resources", ("shipping-cost.dmn", (FIXTURES / "shipping-cost.dmn").read_bytes(), "text/xml")),
    ]
    response = await rest.http.post("/deployments", files=files)
    assert response.status_code == 200, response.text
    deployment = response.json()
    assert deployment["deploymentKey"].isdigit()
    assert deployment["tenantId"] == "<default>"
    kinds = {next(iter(item)): next(iter(item.values())) for item in deployment["deployments"]}
    assert kinds["processDefinition"]["processDefinitionId"] == "expense-approval"
    assert kinds["processDefinition"]["processDefinitionVersion"] == 1
    assert kinds["processDefinition"]["resourceName"] == "expense-approval.bpmn"
    assert kinds["decisionDefinition"]["decisionDefinitionId"] == "shipping-cost"
    assert kinds["decisionRequirements"]["decisionRequirementsId"] == "shipping-cost-rules"
    created = await rest.http.post(
        "/process-instances",
        json={"processDefinitionKey": kinds["processDefinition"]["processDefinitionKey"]},
    )
    assert created.status_code == 200


async def test_invalid_deployments(rest: RestEnv) -> None:
    broken = await rest.http.post(
        "/deployments", files=[("resources", ("broken.bpmn", b"<not-bpmn", "text/xml"))]
    )
    assert broken.status_code == 400
    assert "broken.bpmn" in broken.json()["detail"]
    nothing = await rest.http.post("/deployments", data={"tenantId": "<default>"})
    assert nothing.status_code == 400
    assert "resources" in nothing.json()["detail"]
    tenant = await rest.http.post(
        "/deployments",
        files=[("resources", ("x.bpmn", (FIXTURES / "quick-check.bpmn").read_bytes(), "text/xml"))],
        data={"tenantId": "acme"},
    )
    assert tenant.status_code == 400
    assert "multi-tenancy" in tenant.json()["detail"]


async def test_topology(rest: RestEnv) -> None:
    response = await rest.http.get("/topology")
    assert response.status_code == 200
    topology = response.json()
    assert topology["clusterSize"] == 1
    assert topology["partitionsCount"] == 1
    assert topology["replicationFactor"] == 1
    assert topology["gatewayVersion"] == "8.8.0"
    broker = topology["brokers"][0]
    assert broker["partitions"] == [
        {"partitionId": 1, "role": "leader", "health": "healthy", "state": "active"}
    ]
    assert broker["port"] == rest.server.port


async def test_unknown_path_is_a_problem(rest: RestEnv) -> None:
    response = await rest.http.get("/no-such-resource")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


async def test_correlation_to_a_message_start_event_names_the_new_instance(rest: RestEnv) -> None:
    await rest.deploy("lead-from-webhook.bpmn")
    correlated = await rest.http.post(
        "/messages/correlation",
        json={"name": "manychat.lead-captured", "correlationKey": "sub-1", "variables": {"leadId": "L1"}},
    )
    assert correlated.status_code == 200, correlated.text
    instance = correlated.json()["processInstanceKey"]
    got = (await rest.http.get(f"/process-instances/{instance}")).json()
    assert got["processDefinitionId"] == "lead-from-webhook"
    assert got["state"] == "ACTIVE"
