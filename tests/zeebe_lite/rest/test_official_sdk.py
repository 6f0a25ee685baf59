"""Camunda's official Python SDK (``camunda-orchestration-sdk``) against the REST server, unchanged.

Request models are built with ``from_dict`` (wire field names), so the test runs with SDK 9.x (Camunda 8.9
types) and 10.x (8.10 types) alike; there is no SDK release for 8.8.

Deploys from files, starts an instance, lists the open user task, claims and completes it with variables, and
reads the completed instance back, all through the SDK's async client with ``CAMUNDA_AUTH_STRATEGY=NONE``.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rest_env import FIXTURES, RestEnv

sdk = pytest.importorskip("camunda_orchestration_sdk")
models = pytest.importorskip("camunda_orchestration_sdk.models")


def _client(rest: RestEnv) -> object:
    configuration = {"CAMUNDA_REST_ADDRESS": rest.server.base_url, "CAMUNDA_AUTH_STRATEGY": "NONE"}
    return sdk.CamundaAsyncClient(configuration=configuration)


async def test_sdk_lists_claims_and_completes_a_user_task(rest: RestEnv) -> None:
    async with _client(rest) as client:  # type: ignore[attr-defined]
        topology = await client.get_topology()
        assert topology.cluster_size == 1

        deployment = await client.deploy_resources_from_files([FIXTURES / "expense-approval.bpmn"])
        assert deployment.processes[0].process_definition_id == "expense-approval"

        creation = models.ProcessCreationById.from_dict(
            {"processDefinitionId": "expense-approval", "variables": {"amount": 75}}
        )
        created = await client.create_process_instance(data=creation)
        instance_key = created.process_instance_key

        query = models.UserTaskSearchQuery(
            filter_=models.UserTaskSearchQueryFilter(
                process_instance_key=instance_key, candidate_group="finance"
            )
        )
        found = await client.search_user_tasks(data=query)
        assert found.page.total_items == 1
        task = found.items[0]
        assert task.name == "Approve expense"
        assert task.assignee is None

        await client.assign_user_task(
            task.user_task_key, data=models.UserTaskAssignmentRequest(assignee="ada", allow_override=False)
        )
        claimed = await client.get_user_task(task.user_task_key)
        assert claimed.assignee == "ada"

        completion = models.UserTaskCompletionRequest.from_dict({"variables": {"approved": False}})
        await client.complete_user_task(task.user_task_key, data=completion)

        instance = await client.get_process_instance(instance_key)
        assert str(instance.state.value) == "COMPLETED"
        done = await client.get_user_task(task.user_task_key)
        assert str(done.state.value) == "COMPLETED"


async def test_sdk_sees_problem_details_of_a_rejected_command(rest: RestEnv) -> None:
    await rest.deploy("expense-approval.bpmn")
    async with _client(rest) as client:  # type: ignore[attr-defined]
        errors = pytest.importorskip("camunda_orchestration_sdk.errors")
        with pytest.raises(errors.NotFoundError) as raised:
            await client.complete_user_task(sdk.UserTaskKey("123456"))
        assert raised.value.parsed.title == "NOT_FOUND"
        assert raised.value.parsed.instance == "/v2/user-tasks/123456/completion"


async def test_sdk_job_worker_completes_jobs_over_rest(rest: RestEnv) -> None:
    await rest.deploy("expense-approval.bpmn")
    handled: list[str] = []

    async def pay(job: Any) -> dict[str, object]:
        handled.append(str(job.job_key))
        return {"paymentReference": f"pay-{job.variables.to_dict()['amount']}"}

    async with _client(rest) as client:  # type: ignore[attr-defined]
        creation = models.ProcessCreationById.from_dict(
            {"processDefinitionId": "expense-approval", "variables": {"amount": 42}}
        )
        instance_key = (await client.create_process_instance(data=creation)).process_instance_key
        task = (await client.search_user_tasks(data=models.UserTaskSearchQuery.from_dict({}))).items[0]
        approval = models.UserTaskCompletionRequest.from_dict({"variables": {"approved": True}})
        await client.complete_user_task(task.user_task_key, data=approval)

        config = sdk.WorkerConfig(
            job_type="expense.pay", job_timeout_milliseconds=30_000, request_timeout_milliseconds=1_000
        )
        worker = client.create_job_worker(config=config, callback=pay, execution_strategy="async")
        try:
            for _ in range(600):
                if (await client.get_process_instance(instance_key)).state.value == "COMPLETED":
                    break
                await asyncio.sleep(0.05)
        finally:
            worker.stop()
        assert len(handled) == 1
        assert (await client.get_process_instance(instance_key)).state.value == "COMPLETED"

    variables = await rest.http.post("/variables/search", json={"filter": {"name": "paymentReference"}})
    assert [item["value"] for item in variables.json()["items"]] == ['"pay-42"']


async def test_sdk_evaluates_decisions_publishes_messages_and_searches_instances(rest: RestEnv) -> None:
    async with _client(rest) as client:  # type: ignore[attr-defined]
        deployment = await client.deploy_resources_from_files(
            [FIXTURES / "shipping-cost.dmn", FIXTURES / "order-paid.bpmn"]
        )
        assert [decision.decision_definition_id for decision in deployment.decisions] == ["shipping-cost"]

        evaluation = await client.evaluate_decision(
            data=models.DecisionEvaluationByID.from_dict(
                {"decisionDefinitionId": "shipping-cost", "variables": {"country": "DE", "weightKg": 2}}
            )
        )
        assert evaluation.output == "4.5"
        assert evaluation.evaluated_decisions[0].matched_rules[0].rule_id == "domestic-light"

        creation = models.ProcessCreationById.from_dict(
            {"processDefinitionId": "order-paid", "variables": {"orderId": "o-42"}}
        )
        instance_key = (await client.create_process_instance(data=creation)).process_instance_key
        await client.publish_message(
            data=models.MessagePublicationRequest.from_dict(
                {"name": "stripe.payment-succeeded", "correlationKey": "o-42", "messageId": "evt_42"}
            )
        )
        found = await client.search_process_instances(
            data=models.ProcessInstanceSearchQuery.from_dict(
                {"filter": {"processDefinitionId": "order-paid", "state": "COMPLETED"}}
            )
        )
        assert [item.process_instance_key for item in found.items] == [instance_key]
