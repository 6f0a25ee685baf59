"""Process instance modification, start instructions and resource deletion over REST."""

from __future__ import annotations

from rest_env import RestEnv

from zeebe_lite.records import ProcessInstanceIntent as PI
from zeebe_lite.records import RecordStream, ValueType


async def test_modification_moves_the_token_past_the_message_wait(rest: RestEnv) -> None:
    await rest.deploy("order-paid.bpmn")
    created = (await rest.http.post("/process-instances", json={"processDefinitionId": "order-paid"})).json()
    key = int(created["processInstanceKey"])
    waiting = RecordStream(rest.engine.engine.records()).with_element_id("wait-for-payment").first()
    body = {
        "activateInstructions": [
            {"elementId": "done", "variableInstructions": [{"variables": {"skipped": True}, "scopeId": ""}]}
        ],
        "terminateInstructions": [{"elementInstanceKey": str(waiting.key)}],
    }
    response = await rest.http.post(f"/process-instances/{key}/modification", json=body)
    assert response.status_code == 204, response.text
    root = RecordStream(rest.engine.engine.records()).of_type(ValueType.PROCESS_INSTANCE).with_key(key)
    assert root.events().intents()[-1] is PI.ELEMENT_COMPLETED
    bad = await rest.http.post(
        f"/process-instances/{key}/modification", json={"activateInstructions": [{"elementId": "done"}]}
    )
    assert bad.status_code == 404
    assert bad.headers["content-type"].startswith("application/problem+json")


async def test_invalid_modification_is_400(rest: RestEnv) -> None:
    await rest.deploy("order-paid.bpmn")
    created = (await rest.http.post("/process-instances", json={"processDefinitionId": "order-paid"})).json()
    key = created["processInstanceKey"]
    response = await rest.http.post(
        f"/process-instances/{key}/modification", json={"activateInstructions": [{"elementId": "nope"}]}
    )
    assert response.status_code == 400
    assert "could not be found: 'nope'" in response.json()["detail"]


async def test_start_instructions_and_resource_deletion(rest: RestEnv) -> None:
    await rest.deploy("order-paid.bpmn")
    created = (
        await rest.http.post(
            "/process-instances",
            json={"processDefinitionId": "order-paid", "startInstructions": [{"elementId": "done"}]},
        )
    ).json()
    key = int(created["processInstanceKey"])
    assert rest.engine.state.element_instances.get(key) is None
    definition_key = created["processDefinitionKey"]
    deleted = await rest.http.post(f"/resources/{definition_key}/deletion", json={})
    assert deleted.status_code == 200, deleted.text
    again = await rest.http.post(f"/resources/{definition_key}/deletion", json={})
    assert again.status_code == 404
    gone = await rest.http.post("/process-instances", json={"processDefinitionKey": definition_key})
    assert gone.status_code == 404


async def test_decision_evaluation_answers_with_the_record_key(rest: RestEnv) -> None:
    dmn = (
        '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="drg" name="D" namespace="n">'
        '<decision id="double" name="Double"><literalExpression><text>x * 2</text></literalExpression>'
        "</decision></definitions>"
    )
    await rest.engine.deploy({"double.dmn": dmn})
    response = await rest.http.post(
        "/decision-definitions/evaluation", json={"decisionDefinitionId": "double", "variables": {"x": 2}}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    [record] = RecordStream(rest.engine.engine.records()).of_type(ValueType.DECISION_EVALUATION).events()
    assert body["decisionEvaluationKey"] == body["decisionInstanceKey"] == str(record.key)
    assert body["evaluatedDecisions"][0]["decisionEvaluationInstanceKey"] == f"{record.key}-1"
