"""Process instance migration over REST: the instance, its element instances and user tasks follow the target."""

from __future__ import annotations

from rest_env import RestEnv


def _review_process(task_id: str, end_id: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://example.com">
  <bpmn:process id="review" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="{task_id}">
      <bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="{end_id}"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="{task_id}" />
    <bpmn:sequenceFlow id="f2" sourceRef="{task_id}" targetRef="{end_id}" />
  </bpmn:process>
</bpmn:definitions>""".encode()


async def _started_v1_and_deployed_v2(rest: RestEnv) -> tuple[str, str, str]:
    await rest.engine.deploy({"review.bpmn": _review_process("check", "checked")})
    created = (await rest.http.post("/process-instances", json={"processDefinitionId": "review"})).json()
    await rest.engine.deploy({"review.bpmn": _review_process("approve", "approved")})
    definitions = (
        await rest.http.post(
            "/process-definitions/search", json={"filter": {"processDefinitionId": "review"}}
        )
    ).json()["items"]
    target = next(item["processDefinitionKey"] for item in definitions if item["version"] == 2)
    return created["processInstanceKey"], created["processDefinitionKey"], target


async def test_migrated_instance_shows_and_continues_on_the_target(rest: RestEnv) -> None:
    key, source, target = await _started_v1_and_deployed_v2(rest)
    body = {
        "targetProcessDefinitionKey": target,
        "mappingInstructions": [{"sourceElementId": "check", "targetElementId": "approve"}],
    }
    response = await rest.http.post(f"/process-instances/{key}/migration", json=body)
    assert response.status_code == 204, response.text

    instance = (await rest.http.get(f"/process-instances/{key}")).json()
    assert (instance["processDefinitionKey"], instance["processDefinitionVersion"]) == (target, 2)
    elements = (
        await rest.http.post(
            "/element-instances/search", json={"filter": {"processInstanceKey": key, "state": "ACTIVE"}}
        )
    ).json()["items"]
    assert [(item["elementId"], item["processDefinitionKey"]) for item in elements] == [("approve", target)]
    [task] = (
        await rest.http.post("/user-tasks/search", json={"filter": {"processInstanceKey": key}})
    ).json()["items"]
    assert (task["elementId"], task["processDefinitionKey"]) == ("approve", target)
    assert source != target

    completed = await rest.http.post(f"/user-tasks/{task['userTaskKey']}/completion", json={})
    assert completed.status_code == 204, completed.text
    assert (await rest.http.get(f"/process-instances/{key}")).json()["state"] == "COMPLETED"
    ended = (
        await rest.http.post(
            "/element-instances/search", json={"filter": {"processInstanceKey": key, "type": "END_EVENT"}}
        )
    ).json()["items"]
    assert [item["elementId"] for item in ended] == ["approved"]


async def test_unmapped_element_is_409_and_changes_nothing(rest: RestEnv) -> None:
    key, source, target = await _started_v1_and_deployed_v2(rest)
    body = {
        "targetProcessDefinitionKey": target,
        "mappingInstructions": [{"sourceElementId": "start", "targetElementId": "start"}],
    }
    response = await rest.http.post(f"/process-instances/{key}/migration", json=body)
    assert response.status_code == 409, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "'check'" in response.json()["detail"] and "not mapped" in response.json()["detail"]
    assert (await rest.http.get(f"/process-instances/{key}")).json()["processDefinitionKey"] == source


async def test_unknown_target_is_404_and_a_plan_without_mappings_is_400(rest: RestEnv) -> None:
    key, _, target = await _started_v1_and_deployed_v2(rest)
    unknown = await rest.http.post(
        f"/process-instances/{key}/migration",
        json={
            "targetProcessDefinitionKey": "2251799813999999",
            "mappingInstructions": [{"sourceElementId": "check", "targetElementId": "approve"}],
        },
    )
    assert unknown.status_code == 404, unknown.text
    empty = await rest.http.post(
        f"/process-instances/{key}/migration",
        json={"targetProcessDefinitionKey": target, "mappingInstructions": []},
    )
    assert empty.status_code == 400, empty.text
