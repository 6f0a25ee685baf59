from collections.abc import AsyncIterator

import httpx
import pytest

from sandbox import Sandbox, run_sandbox

BPMN = b"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="sandbox">
  <message id="m1" name="orderPlaced"/>
  <process id="orderFulfilment" name="Order fulfilment" isExecutable="true">
    <startEvent id="start"><messageEventDefinition messageRef="m1"/></startEvent>
  </process>
</definitions>"""


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with run_sandbox(["flowable"]) as running:
        yield running


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    environment = sandbox.environment()
    async with httpx.AsyncClient(
        base_url=environment["FLOWABLE_BASE_URL"],
        auth=(environment["FLOWABLE_USER"], environment["FLOWABLE_PASSWORD"]),
    ) as http:
        yield http


async def test_basic_auth_is_required(sandbox: Sandbox) -> None:
    async with httpx.AsyncClient(base_url=sandbox.environment()["FLOWABLE_BASE_URL"]) as anonymous:
        answer = await anonymous.get("/management/engine")
        wrong = await anonymous.get("/management/engine", auth=("rest-admin", "nope"))
    assert answer.status_code == 401 and wrong.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Basic")
    assert set(answer.json()) == {"message", "exception"}


async def test_start_by_key_with_typed_variables(client: httpx.AsyncClient) -> None:
    started = await client.post(
        "/runtime/process-instances",
        json={
            "processDefinitionKey": "leadIntake",
            "businessKey": "hubspot-12345",
            "returnVariables": True,
            "variables": [
                {"name": "email", "value": "jane@example.com"},
                {"name": "score", "value": 7, "type": "integer"},
                {"name": "big", "value": 2**40},
                {"name": "lead", "value": {"a": 1}},
            ],
        },
    )
    assert started.status_code == 201
    instance = started.json()
    assert instance["businessKey"] == "hubspot-12345" and instance["ended"] is False
    assert instance["processDefinitionId"].startswith("leadIntake:1:")
    assert {item["name"]: item["type"] for item in instance["variables"]} == {
        "email": "string",
        "score": "integer",
        "big": "long",
        "lead": "json",
    }
    found = await client.get("/runtime/process-instances", params={"businessKey": "hubspot-12345"})
    assert found.json()["total"] == 1 and found.json()["data"][0]["id"] == instance["id"]
    assert (await client.delete(f"/runtime/process-instances/{instance['id']}")).status_code == 204
    assert (await client.get(f"/runtime/process-instances/{instance['id']}")).status_code == 404


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"processDefinitionKey": "leadIntake", "message": "x"}, "Only one of"),
        ({"processDefinitionKey": "nope"}, "no processes deployed with key 'nope'"),
        ({"message": "unknown"}, "no subscription to message"),
        (
            {
                "processDefinitionKey": "leadIntake",
                "variables": [{"name": "n", "value": "x", "type": "integer"}],
            },
            "integer",
        ),
    ],
)
async def test_bad_starts_are_400(client: httpx.AsyncClient, body: dict[str, object], fragment: str) -> None:
    answer = await client.post("/runtime/process-instances", json=body)
    assert answer.status_code == 400
    assert fragment in answer.json()["exception"]


async def test_deployed_bpmn_starts_by_message(client: httpx.AsyncClient) -> None:
    deployed = await client.post(
        "/repository/deployments", files={"file": ("order.bpmn20.xml", BPMN, "text/xml")}
    )
    assert deployed.status_code == 201
    definitions = await client.get("/repository/process-definitions", params={"key": "orderFulfilment"})
    assert definitions.json()["data"][0]["name"] == "Order fulfilment"
    started = await client.post(
        "/runtime/process-instances", json={"message": "orderPlaced", "businessKey": "o-1"}
    )
    assert started.status_code == 201
    assert started.json()["processDefinitionId"].startswith("orderFulfilment:1:")
