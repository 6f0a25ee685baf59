"""User tasks over REST: search, get, assign, claim, unassign, complete."""

from __future__ import annotations

import datetime as dt

from rest_env import RestEnv


async def _start_expense(rest: RestEnv, amount: int = 120) -> str:
    await rest.deploy("expense-approval.bpmn")
    response = await rest.http.post(
        "/process-instances",
        json={"processDefinitionId": "expense-approval", "variables": {"amount": amount}},
    )
    assert response.status_code == 200, response.text
    key: str = response.json()["processInstanceKey"]
    return key


async def _task_of(rest: RestEnv, instance_key: str) -> dict[str, object]:
    response = await rest.http.post(
        "/user-tasks/search", json={"filter": {"processInstanceKey": instance_key}}
    )
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert len(items) == 1
    task: dict[str, object] = items[0]
    return task


async def test_search_finds_the_open_task_with_its_properties(rest: RestEnv) -> None:
    instance = await _start_expense(rest)
    task = await _task_of(rest, instance)
    assert task["name"] == "Approve expense"
    assert task["state"] == "CREATED"
    assert task["assignee"] is None
    assert task["elementId"] == "approve-expense"
    assert task["candidateGroups"] == ["finance"]
    assert task["candidateUsers"] == ["ada", "grace"]
    assert task["priority"] == 70
    assert task["customHeaders"] == {"department": "sales"}
    assert task["processDefinitionId"] == "expense-approval"
    assert task["processName"] == "Expense approval"
    assert task["processInstanceKey"] == instance
    assert isinstance(task["userTaskKey"], str) and task["userTaskKey"].isdigit()
    assert task["creationDate"] == "2025-01-01T00:00:00.000Z"
    assert task["completionDate"] is None


async def test_get_returns_the_task_and_404_for_an_unknown_key(rest: RestEnv) -> None:
    instance = await _start_expense(rest)
    task = await _task_of(rest, instance)
    found = await rest.http.get(f"/user-tasks/{task['userTaskKey']}")
    assert found.status_code == 200
    assert found.json() == task
    missing = await rest.http.get("/user-tasks/999999")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["title"] == "NOT_FOUND"
    assert missing.json()["instance"] == "/v2/user-tasks/999999"


async def test_assign_then_unassign(rest: RestEnv) -> None:
    instance = await _start_expense(rest)
    key = (await _task_of(rest, instance))["userTaskKey"]
    assigned = await rest.http.post(f"/user-tasks/{key}/assignment", json={"assignee": "ada"})
    assert assigned.status_code == 204
    assert (await rest.http.get(f"/user-tasks/{key}")).json()["assignee"] == "ada"
    by_assignee = await rest.http.post("/user-tasks/search", json={"filter": {"assignee": "ada"}})
    assert [item["userTaskKey"] for item in by_assignee.json()["items"]] == [key]
    unassigned = await rest.http.delete(f"/user-tasks/{key}/assignee")
    assert unassigned.status_code == 204
    assert (await rest.http.get(f"/user-tasks/{key}")).json()["assignee"] is None


async def test_claiming_a_task_held_by_somebody_else_is_a_conflict(rest: RestEnv) -> None:
    instance = await _start_expense(rest)
    key = (await _task_of(rest, instance))["userTaskKey"]
    first = await rest.http.post(
        f"/user-tasks/{key}/assignment", json={"assignee": "ada", "allowOverride": False}
    )
    assert first.status_code == 204
    again = await rest.http.post(
        f"/user-tasks/{key}/assignment", json={"assignee": "ada", "allowOverride": False}
    )
    assert again.status_code == 204
    conflict = await rest.http.post(
        f"/user-tasks/{key}/assignment", json={"assignee": "grace", "allowOverride": False}
    )
    assert conflict.status_code == 409
    assert conflict.json()["title"] == "INVALID_STATE"
    assert "already been assigned" in conflict.json()["detail"]
    override = await rest.http.post(f"/user-tasks/{key}/assignment", json={"assignee": "grace"})
    assert override.status_code == 204
    assert (await rest.http.get(f"/user-tasks/{key}")).json()["assignee"] == "grace"


async def test_assignment_without_assignee_is_a_bad_request_naming_the_field(rest: RestEnv) -> None:
    instance = await _start_expense(rest)
    key = (await _task_of(rest, instance))["userTaskKey"]
    missing = await rest.http.post(f"/user-tasks/{key}/assignment", json={})
    assert missing.status_code == 400
    assert missing.json()["title"] == "INVALID_ARGUMENT"
    assert "assignee" in missing.json()["detail"]
    empty = await rest.http.post(f"/user-tasks/{key}/assignment", json={"assignee": " "})
    assert empty.status_code == 400
    assert empty.json()["detail"] == "No assignee provided."


async def test_completion_continues_the_instance_with_the_variables(rest: RestEnv) -> None:
    instance = await _start_expense(rest)
    key = (await _task_of(rest, instance))["userTaskKey"]
    rest.clock.advance(dt.timedelta(minutes=5))
    completed = await rest.http.post(
        f"/user-tasks/{key}/completion", json={"variables": {"approved": True, "approver": "ada"}}
    )
    assert completed.status_code == 204
    jobs = await rest.engine.activate_jobs("expense.pay", "test", dt.timedelta(seconds=30), 5)
    assert len(jobs) == 1
    assert str(jobs[0].record.process_instance_key) == instance
    task = (await rest.http.get(f"/user-tasks/{key}")).json()
    assert task["state"] == "COMPLETED"
    assert task["completionDate"] == "2025-01-01T00:05:00.000Z"
    variables = await rest.http.post(
        "/variables/search", json={"filter": {"processInstanceKey": instance, "name": "approver"}}
    )
    assert [item["value"] for item in variables.json()["items"]] == ['"ada"']


async def test_rejected_expense_ends_the_instance(rest: RestEnv) -> None:
    instance = await _start_expense(rest)
    key = (await _task_of(rest, instance))["userTaskKey"]
    completed = await rest.http.post(f"/user-tasks/{key}/completion", json={"variables": {"approved": False}})
    assert completed.status_code == 204
    state = (await rest.http.get(f"/process-instances/{instance}")).json()["state"]
    assert state == "COMPLETED"


async def test_completing_a_completed_task_is_not_found_as_in_zeebe(rest: RestEnv) -> None:
    instance = await _start_expense(rest)
    key = (await _task_of(rest, instance))["userTaskKey"]
    assert (await rest.http.post(f"/user-tasks/{key}/completion")).status_code == 204
    again = await rest.http.post(f"/user-tasks/{key}/completion", json={})
    assert again.status_code == 404
    problem = again.json()
    assert problem["title"] == "NOT_FOUND"
    assert problem["detail"].startswith("Command 'COMPLETE' rejected with code 'NOT_FOUND'")
    assert (
        await rest.http.post(f"/user-tasks/{key}/assignment", json={"assignee": "ada"})
    ).status_code == 404


async def test_completion_with_non_object_variables_is_a_bad_request(rest: RestEnv) -> None:
    instance = await _start_expense(rest)
    key = (await _task_of(rest, instance))["userTaskKey"]
    response = await rest.http.post(f"/user-tasks/{key}/completion", json={"variables": [1, 2]})
    assert response.status_code == 400
    assert "variables" in response.json()["detail"]


async def test_search_by_state_candidate_group_and_instance_variables(rest: RestEnv) -> None:
    first = await _start_expense(rest, amount=50)
    second = await _start_expense(rest, amount=900)
    first_task = (await _task_of(rest, first))["userTaskKey"]
    await rest.http.post(f"/user-tasks/{first_task}/completion", json={"variables": {"approved": False}})
    open_tasks = await rest.http.post("/user-tasks/search", json={"filter": {"state": "CREATED"}})
    assert [item["processInstanceKey"] for item in open_tasks.json()["items"]] == [second]
    by_group = await rest.http.post(
        "/user-tasks/search", json={"filter": {"candidateGroup": "finance", "candidateUser": "grace"}}
    )
    assert by_group.json()["page"]["totalItems"] == 2
    by_variable = await rest.http.post(
        "/user-tasks/search",
        json={"filter": {"processInstanceVariables": [{"name": "amount", "value": "900"}]}},
    )
    assert [item["processInstanceKey"] for item in by_variable.json()["items"]] == [second]
    newest_first = await rest.http.post(
        "/user-tasks/search", json={"sort": [{"field": "creationDate", "order": "DESC"}]}
    )
    assert len(newest_first.json()["items"]) == 2


async def test_cancelling_the_instance_cancels_the_task(rest: RestEnv) -> None:
    instance = await _start_expense(rest)
    key = (await _task_of(rest, instance))["userTaskKey"]
    assert (await rest.http.post(f"/process-instances/{instance}/cancellation")).status_code == 204
    task = (await rest.http.get(f"/user-tasks/{key}")).json()
    assert task["state"] == "CANCELED"
    completion = await rest.http.post(f"/user-tasks/{key}/completion")
    assert completion.status_code == 404


async def test_form_of_a_task_without_linked_form_is_no_content(rest: RestEnv) -> None:
    instance = await _start_expense(rest)
    key = (await _task_of(rest, instance))["userTaskKey"]
    assert (await rest.http.get(f"/user-tasks/{key}/form")).status_code == 204
    assert (await rest.http.get("/user-tasks/31337/form")).status_code == 404
