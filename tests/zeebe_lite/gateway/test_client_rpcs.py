"""pyzeebe's ZeebeClient against the zeebe_lite gateway over real gRPC (pyzeebe's own integration tests, and more)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from pyzeebe import ZeebeClient
from pyzeebe.errors import (
    DecisionNotFoundError,
    MessageAlreadyExistsError,
    ProcessDefinitionHasNoStartEventError,
    ProcessDefinitionNotFoundError,
    ProcessInstanceNotFoundError,
    ProcessInvalidError,
    ProcessTimeoutError,
)
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from zeebe_lite.testing import ZeebeTestEnvironment


async def test_topology_reports_one_healthy_leader(zeebe_test_env: ZeebeTestEnvironment) -> None:
    topology = await zeebe_test_env.client.topology()
    assert topology.cluster_size == 1
    assert topology.partitions_count == 1
    assert topology.replication_factor == 1
    [broker] = topology.brokers
    assert f"{broker.host}:{broker.port}" == zeebe_test_env.address
    [partition] = broker.partitions
    assert partition.partition_id == 1
    assert partition.role.name == "LEADER"
    assert partition.health.name == "HEALTHY"
    assert topology.gateway_version == broker.version != ""


async def test_pyzeebe_healthcheck_and_grpc_health_service(zeebe_test_env: ZeebeTestEnvironment) -> None:
    response = await zeebe_test_env.client.healthcheck()
    assert response.status == health_pb2.HealthCheckResponse.SERVING
    health = health_pb2_grpc.HealthStub(zeebe_test_env.channel)
    overall = await health.Check(health_pb2.HealthCheckRequest(service=""))
    assert overall.status == health_pb2.HealthCheckResponse.SERVING
    with pytest.raises(grpc.aio.AioRpcError) as unknown:
        await health.Check(health_pb2.HealthCheckRequest(service="no.such.Service"))
    assert unknown.value.code() is grpc.StatusCode.NOT_FOUND


async def test_deploy_bpmn_and_dmn_reports_metadata(zeebe_client: ZeebeClient, fixtures: Path) -> None:
    response = await zeebe_client.deploy_resource(fixtures / "acceptance.bpmn", fixtures / "discount.dmn")
    kinds = {type(item).__name__: item for item in response.deployments}
    process = kinds["ProcessMetadata"]
    assert (process.bpmn_process_id, process.version, process.resource_name) == (
        "acceptance",
        1,
        "acceptance.bpmn",
    )
    drg = kinds["DecisionRequirementsMetadata"]
    assert (drg.dmn_decision_requirements_id, drg.dmn_decision_requirements_name) == (
        "discount-rules",
        "Discount rules",
    )
    decisions = {
        item.dmn_decision_id: item
        for item in response.deployments
        if type(item).__name__ == "DecisionMetadata"
    }
    assert set(decisions) == {"customerLevel", "discount"}
    assert decisions["discount"].decision_requirements_key == drg.decision_requirements_key
    assert decisions["discount"].dmn_decision_name == "Discount"
    assert response.key > 0
    assert response.tenant_id == "<default>"


async def test_identical_redeploy_keeps_version_and_changed_content_adds_one(
    zeebe_client: ZeebeClient, fixtures: Path, tmp_path: Path
) -> None:
    first = (await zeebe_client.deploy_resource(fixtures / "single-task.bpmn")).deployments[0]
    again = (await zeebe_client.deploy_resource(fixtures / "single-task.bpmn")).deployments[0]
    assert (again.version, again.process_definition_key) == (first.version, first.process_definition_key)
    changed = tmp_path / "single-task.bpmn"
    changed.write_text(
        (fixtures / "single-task.bpmn").read_text().replace('name="Task"', 'name="Changed task"')
    )
    second = (await zeebe_client.deploy_resource(changed)).deployments[0]
    assert second.version == first.version + 1
    assert second.process_definition_key != first.process_definition_key

    def decision_versions(response: object) -> dict[str, tuple[int, int]]:
        return {
            item.dmn_decision_id: (item.version, item.decision_key)
            for item in response.deployments  # type: ignore[attr-defined]
            if type(item).__name__ == "DecisionMetadata"
        }

    dmn_first = decision_versions(await zeebe_client.deploy_resource(fixtures / "discount.dmn"))
    assert decision_versions(await zeebe_client.deploy_resource(fixtures / "discount.dmn")) == dmn_first
    changed_dmn = tmp_path / "discount.dmn"
    changed_dmn.write_text(
        (fixtures / "discount.dmn").read_text().replace("<text>15</text>", "<text>20</text>")
    )
    dmn_second = decision_versions(await zeebe_client.deploy_resource(changed_dmn))
    assert {decision: version for decision, (version, _) in dmn_second.items()} == {
        "customerLevel": 2,
        "discount": 2,
    }
    assert (await zeebe_client.evaluate_decision(None, "discount", {"orders": 10})).decision_output == 20


async def test_malformed_bpmn_is_invalid_argument_naming_the_element(
    zeebe_client: ZeebeClient, stub: GatewayStub, fixtures: Path
) -> None:
    with pytest.raises(ProcessInvalidError):
        await zeebe_client.deploy_resource(fixtures / "missing-task-type.bpmn")
    content = (fixtures / "missing-task-type.bpmn").read_bytes()
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await stub.DeployResource(
            pb.DeployResourceRequest(resources=[pb.Resource(name="x.bpmn", content=content)])
        )
    assert error.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert "task-without-type" in error.value.details()
    with pytest.raises(grpc.aio.AioRpcError) as not_xml:
        await stub.DeployResource(
            pb.DeployResourceRequest(resources=[pb.Resource(name="y.bpmn", content=b"<nope")])
        )
    assert not_xml.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    with pytest.raises(grpc.aio.AioRpcError) as empty:
        await stub.DeployResource(pb.DeployResourceRequest())
    assert empty.value.code() is grpc.StatusCode.INVALID_ARGUMENT


async def test_deployment_is_atomic(zeebe_client: ZeebeClient, fixtures: Path) -> None:
    with pytest.raises(ProcessInvalidError):
        await zeebe_client.deploy_resource(fixtures / "timer.bpmn", fixtures / "missing-task-type.bpmn")
    with pytest.raises(ProcessDefinitionNotFoundError):
        await zeebe_client.run_process("reminder")


async def test_unknown_process_is_not_found(zeebe_client: ZeebeClient, stub: GatewayStub) -> None:
    with pytest.raises(ProcessDefinitionNotFoundError):
        await zeebe_client.run_process("no-such-process")
    with pytest.raises(grpc.aio.AioRpcError) as by_key:
        await stub.CreateProcessInstance(pb.CreateProcessInstanceRequest(processDefinitionKey=123456))
    assert by_key.value.code() is grpc.StatusCode.NOT_FOUND
    assert "Command 'CREATE' rejected with code 'NOT_FOUND'" in by_key.value.details()


async def test_variables_must_be_a_json_object(
    zeebe_test_env: ZeebeTestEnvironment, stub: GatewayStub, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "timer.bpmn")
    for document in ("[1, 2]", "{broken", '"text"'):
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await stub.CreateProcessInstance(
                pb.CreateProcessInstanceRequest(bpmnProcessId="reminder", variables=document)
            )
        assert error.value.code() is grpc.StatusCode.INVALID_ARGUMENT


async def test_run_process_with_result_returns_variables(
    zeebe_test_env: ZeebeTestEnvironment, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "instant.bpmn")
    result = await zeebe_test_env.client.run_process_with_result(
        "instant", {"who": "ada", "n": 2}, timeout=5000
    )
    assert result.variables == {"who": "ada", "n": 2}
    assert result.bpmn_process_id == "instant"
    await zeebe_test_env.assert_that(result.process_instance_key).is_completed()
    fetched = await zeebe_test_env.client.run_process_with_result(
        "instant", {"who": "ada", "n": 2}, timeout=5000, variables_to_fetch=["n"]
    )
    assert fetched.variables == {"n": 2}


async def test_run_process_with_result_times_out(zeebe_client: ZeebeClient, fixtures: Path) -> None:
    await zeebe_client.deploy_resource(fixtures / "single-task.bpmn")
    with pytest.raises(ProcessTimeoutError):
        await zeebe_client.run_process_with_result("single-task", {"jobType": "nobody"}, timeout=200)


async def test_cancel_process_instance(zeebe_test_env: ZeebeTestEnvironment, fixtures: Path) -> None:
    await zeebe_test_env.deploy(fixtures / "timer.bpmn")
    created = await zeebe_test_env.client.run_process("reminder")
    await zeebe_test_env.assert_that(created.process_instance_key).is_waiting_at("wait-a-day")
    await zeebe_test_env.client.cancel_process_instance(created.process_instance_key)
    await zeebe_test_env.assert_that(created.process_instance_key).is_terminated()
    with pytest.raises(ProcessInstanceNotFoundError):
        await zeebe_test_env.client.cancel_process_instance(created.process_instance_key)


async def test_timer_fires_when_time_is_advanced(
    zeebe_test_env: ZeebeTestEnvironment, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "timer.bpmn")
    created = await zeebe_test_env.client.run_process("reminder")
    instance = zeebe_test_env.assert_that(created.process_instance_key)
    await instance.is_waiting_at("wait-a-day")
    await zeebe_test_env.advance_time(dt.timedelta(hours=23))
    await instance.is_active()
    await zeebe_test_env.advance_time(dt.timedelta(hours=1))
    await instance.is_completed()
    await instance.has_passed_element("wait-a-day")


async def test_message_start_event_starts_an_instance(
    zeebe_test_env: ZeebeTestEnvironment, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "acceptance.bpmn")
    await zeebe_test_env.client.publish_message("start_acceptance_process", "", {"input": "from message"})
    await zeebe_test_env.wait_until_idle()
    started = [
        record
        for record in zeebe_test_env.records().events()
        if record.value_type.value == "PROCESS_INSTANCE"
        and record.intent.value == "ELEMENT_ACTIVATED"
        and record.value.element_id == "message-start"
    ]
    assert len(started) == 1
    key = started[0].value.process_instance_key
    await zeebe_test_env.assert_that(key).is_waiting_at("work")
    await zeebe_test_env.assert_that(key).has_variable("input", "from message")


async def test_buffered_message_correlates_when_the_subscription_opens(
    zeebe_test_env: ZeebeTestEnvironment, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "payment.bpmn")
    response = await zeebe_test_env.client.publish_message(
        "payment-received", "order-7", {"amount": 30}, time_to_live_in_milliseconds=60_000
    )
    assert response.key > 0
    created = await zeebe_test_env.client.run_process("payment", {"orderId": "order-7"})
    instance = zeebe_test_env.assert_that(created.process_instance_key)
    await instance.has_passed_element("wait-for-payment")
    await instance.is_waiting_at("charge")
    await instance.has_variable("amount", 30)


async def test_expired_message_does_not_correlate(
    zeebe_test_env: ZeebeTestEnvironment, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "payment.bpmn")
    await zeebe_test_env.client.publish_message(
        "payment-received", "order-8", time_to_live_in_milliseconds=1000
    )
    await zeebe_test_env.advance_time(dt.timedelta(seconds=2))
    created = await zeebe_test_env.client.run_process("payment", {"orderId": "order-8"})
    await zeebe_test_env.wait_until_idle()
    instance = zeebe_test_env.assert_that(created.process_instance_key)
    await instance.is_waiting_at("wait-for-payment")
    await instance.has_not_passed_element("wait-for-payment")


async def test_duplicate_message_id_is_already_exists(zeebe_client: ZeebeClient, stub: GatewayStub) -> None:
    await zeebe_client.publish_message("ping", "k", message_id="m-1")
    with pytest.raises(MessageAlreadyExistsError):
        await zeebe_client.publish_message("ping", "k", message_id="m-1")
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await stub.PublishMessage(
            pb.PublishMessageRequest(name="ping", correlationKey="k", messageId="m-1", timeToLive=1000)
        )
    assert error.value.code() is grpc.StatusCode.ALREADY_EXISTS
    await zeebe_client.publish_message("ping", "other-key", message_id="m-1")


async def test_broadcast_signal_is_acknowledged(zeebe_client: ZeebeClient) -> None:
    response = await zeebe_client.broadcast_signal("nothing-listens", {"a": 1})
    assert response.key > 0


async def test_evaluate_decision_by_id_with_full_detail(zeebe_client: ZeebeClient, fixtures: Path) -> None:
    await zeebe_client.deploy_resource(fixtures / "discount.dmn")
    result = await zeebe_client.evaluate_decision(None, "discount", {"orders": 12})
    assert result.decision_output == 15
    assert (result.decision_id, result.decision_name, result.decision_version) == ("discount", "Discount", 1)
    assert result.decision_requirements_id == "discount-rules"
    assert result.failure_message == "" and result.failed_decision_id == ""
    required, requested = result.evaluated_decisions
    assert (required.decision_id, required.decision_output, required.decision_type) == (
        "customerLevel",
        "loyal",
        "DECISION_TABLE",
    )
    assert [(i.input_id, i.input_name, i.input_value) for i in required.evaluated_inputs] == [
        ("orders-input", "Orders", 12)
    ]
    [rule] = required.matched_rules
    assert (rule.rule_id, rule.rule_index) == ("loyal", 2)
    assert [(o.output_id, o.output_name, o.output_value) for o in rule.evaluated_outputs] == [
        ("level-output", "level", "loyal")
    ]
    assert requested.decision_key == result.decision_key
    assert required.decision_key not in (0, result.decision_key)
    assert [r.rule_id for r in requested.matched_rules] == ["loyal-discount"]


async def test_evaluate_decision_by_key(zeebe_client: ZeebeClient, fixtures: Path) -> None:
    deployment = await zeebe_client.deploy_resource(fixtures / "discount.dmn")
    [key] = [
        item.decision_key
        for item in deployment.deployments
        if type(item).__name__ == "DecisionMetadata" and item.dmn_decision_id == "discount"
    ]
    result = await zeebe_client.evaluate_decision(key, None, {"orders": 1})
    assert (result.decision_key, result.decision_output) == (key, 0)
    key_wins = await zeebe_client.evaluate_decision(key, "customerLevel", {"orders": 20})
    assert (key_wins.decision_id, key_wins.decision_output) == ("discount", 15)


async def test_unknown_decision_is_reported(zeebe_client: ZeebeClient, stub: GatewayStub) -> None:
    with pytest.raises(DecisionNotFoundError):
        await zeebe_client.evaluate_decision(None, "no-such-decision", {})
    with pytest.raises(DecisionNotFoundError):
        await zeebe_client.evaluate_decision(42, None, {})
    with pytest.raises(DecisionNotFoundError):
        await zeebe_client.evaluate_decision(1, "no-such-decision", {})
    with pytest.raises(grpc.aio.AioRpcError) as unknown:
        await stub.EvaluateDecision(pb.EvaluateDecisionRequest(decisionId="nope", variables="{}"))
    assert unknown.value.code() is grpc.StatusCode.NOT_FOUND
    assert "but no decision found for id 'nope'" in unknown.value.details()
    with pytest.raises(grpc.aio.AioRpcError) as neither:
        await stub.EvaluateDecision(pb.EvaluateDecisionRequest(variables="{}"))
    assert neither.value.code() is grpc.StatusCode.INVALID_ARGUMENT


async def test_multi_tenancy_is_disabled(stub: GatewayStub) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await stub.PublishMessage(pb.PublishMessageRequest(name="m", correlationKey="k", tenantId="acme"))
    assert error.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    response = await stub.PublishMessage(
        pb.PublishMessageRequest(name="m", correlationKey="k", tenantId="<default>")
    )
    assert response.tenantId == "<default>"


def test_variables_document_round_trip_is_json_object() -> None:
    from zeebe_lite.gateway.documents import read_document, write_document

    assert read_document("") == {}
    assert read_document('{"a": [1, 2.5, null, true]}') == {"a": [1, 2.5, None, True]}
    assert json.loads(write_document(None)) == {}
    assert json.loads(write_document({"big": 2**62})) == {"big": 2**62}


async def test_with_result_of_a_canceled_instance_is_deadline_exceeded(
    zeebe_test_env: ZeebeTestEnvironment, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "timer.bpmn")
    waiting = asyncio.create_task(zeebe_test_env.client.run_process_with_result("reminder", timeout=30_000))
    await zeebe_test_env.wait_until_idle()
    [instance_key] = list(zeebe_test_env.server.engine.state.element_instances.process_instance_keys())
    await zeebe_test_env.assert_that(instance_key).is_waiting_at("wait-a-day")
    await zeebe_test_env.client.cancel_process_instance(instance_key)
    with pytest.raises(ProcessTimeoutError):
        await asyncio.wait_for(waiting, 5)


@pytest.mark.parametrize(
    ("question", "answer"),
    [("text", "forty-two"), ("context", {"value": 42, "unit": "answers"}), ("number", 42), ("other", None)],
)
async def test_decision_outputs_keep_their_json_kind(
    zeebe_client: ZeebeClient, fixtures: Path, question: str, answer: object
) -> None:
    await zeebe_client.deploy_resource(fixtures / "outputs.dmn")
    result = await zeebe_client.evaluate_decision(None, "answer", {"question": question})
    assert result.decision_output == answer


async def test_failed_decision_is_answered_with_the_failure(
    zeebe_client: ZeebeClient, fixtures: Path
) -> None:
    await zeebe_client.deploy_resource(fixtures / "outputs.dmn")
    result = await zeebe_client.evaluate_decision(None, "ambiguous", {"anything": 1})
    assert result.failed_decision_id == "ambiguous"
    assert "UNIQUE" in result.failure_message
    assert result.decision_output is None
    [evaluated] = result.evaluated_decisions
    assert [rule.rule_id for rule in evaluated.matched_rules] == ["first-rule", "second-rule"]


async def test_broadcast_signal_triggers_waiting_instances(
    zeebe_test_env: ZeebeTestEnvironment, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "signal.bpmn")
    keys = [(await zeebe_test_env.client.run_process("wait-for-go")).process_instance_key for _ in range(2)]
    for key in keys:
        await zeebe_test_env.assert_that(key).is_waiting_at("wait-for-signal")
    await zeebe_test_env.client.broadcast_signal("go", {"signalled": True})
    for key in keys:
        instance = zeebe_test_env.assert_that(key)
        await instance.is_completed()
        await instance.has_variable("signalled", True)


async def test_set_variables_propagates_or_stays_local(
    zeebe_test_env: ZeebeTestEnvironment, stub: GatewayStub, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "timer.bpmn")
    created = await zeebe_test_env.client.run_process("reminder", {"a": 1})
    key = created.process_instance_key
    response = await stub.SetVariables(
        pb.SetVariablesRequest(elementInstanceKey=key, variables='{"a": 2, "b": "x"}')
    )
    assert response.key > 0
    instance = zeebe_test_env.assert_that(key)
    await instance.has_variable("a", 2)
    await instance.has_variable("b", "x")
    with pytest.raises(grpc.aio.AioRpcError) as invalid:
        await stub.SetVariables(pb.SetVariablesRequest(elementInstanceKey=key, variables="[1]"))
    assert invalid.value.code() is grpc.StatusCode.INVALID_ARGUMENT


async def test_deprecated_deploy_process_still_deploys(stub: GatewayStub, fixtures: Path) -> None:
    response = await stub.DeployProcess(
        pb.DeployProcessRequest(
            processes=[
                pb.ProcessRequestObject(
                    name="instant.bpmn", definition=(fixtures / "instant.bpmn").read_bytes()
                )
            ]
        )
    )
    [process] = response.processes
    assert (process.bpmnProcessId, process.version, process.resourceName) == ("instant", 1, "instant.bpmn")


async def test_process_without_none_start_event_is_failed_precondition(
    zeebe_client: ZeebeClient, fixtures: Path
) -> None:
    await zeebe_client.deploy_resource(fixtures / "message-only.bpmn")
    with pytest.raises(ProcessDefinitionHasNoStartEventError):
        await zeebe_client.run_process("message-only")


async def test_malformed_dmn_is_invalid_argument(stub: GatewayStub) -> None:
    resource = pb.Resource(
        name="broken.dmn", content=b"<definitions xmlns='https://www.omg.org/spec/DMN/20191111/MODEL/'>"
    )
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await stub.DeployResource(pb.DeployResourceRequest(resources=[resource]))
    assert error.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert "broken.dmn" in error.value.details()
