"""ModifyProcessInstance, DeleteResource and start instructions over real gRPC (raw stubs: pyzeebe does not
expose these RPCs)."""

from __future__ import annotations

from pathlib import Path

import grpc
import pytest
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from zeebe_lite.bpmn.xml_builder import simple_task_process
from zeebe_lite.records import ProcessInstanceIntent as PI
from zeebe_lite.records import ValueType
from zeebe_lite.testing import ZeebeTestEnvironment


async def _deploy(stub: GatewayStub, xml: str) -> int:
    response = await stub.DeployResource(
        pb.DeployResourceRequest(resources=[pb.Resource(name="order.bpmn", content=xml.encode())])
    )
    return int(response.deployments[0].process.processDefinitionKey)


async def _activate(stub: GatewayStub, job_type: str) -> list[pb.ActivatedJob]:
    request = pb.ActivateJobsRequest(
        type=job_type, worker="w", timeout=30_000, maxJobsToActivate=5, requestTimeout=-1
    )
    return [job async for response in stub.ActivateJobs(request) for job in response.jobs]


async def test_modify_moves_the_token_and_sets_variables(
    zeebe_test_env: ZeebeTestEnvironment, stub: GatewayStub
) -> None:
    await _deploy(stub, simple_task_process())
    created = await stub.CreateProcessInstance(
        pb.CreateProcessInstanceRequest(bpmnProcessId="order", version=-1)
    )
    [job] = await _activate(stub, "charge")
    await stub.ModifyProcessInstance(
        pb.ModifyProcessInstanceRequest(
            processInstanceKey=created.processInstanceKey,
            activateInstructions=[
                pb.ModifyProcessInstanceRequest.ActivateInstruction(
                    elementId="task",
                    variableInstructions=[
                        pb.ModifyProcessInstanceRequest.VariableInstruction(variables='{"retry": true}')
                    ],
                )
            ],
            terminateInstructions=[
                pb.ModifyProcessInstanceRequest.TerminateInstruction(
                    elementInstanceKey=job.elementInstanceKey
                )
            ],
        )
    )
    await zeebe_test_env.wait_until_idle()
    with pytest.raises(grpc.aio.AioRpcError) as stale:
        await stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key, variables="{}"))
    assert stale.value.code() is grpc.StatusCode.NOT_FOUND
    [moved] = await _activate(stub, "charge")
    assert moved.elementInstanceKey != job.elementInstanceKey
    assert '"retry":true' in moved.variables.replace(" ", "")
    terminated = (
        zeebe_test_env.records()
        .of_type(ValueType.PROCESS_INSTANCE)
        .with_key(job.elementInstanceKey)
        .events()
        .intents()
    )
    assert terminated[-1] is PI.ELEMENT_TERMINATED


async def test_modify_rejections_map_to_grpc_status(stub: GatewayStub) -> None:
    await _deploy(stub, simple_task_process())
    created = await stub.CreateProcessInstance(
        pb.CreateProcessInstanceRequest(bpmnProcessId="order", version=-1)
    )
    with pytest.raises(grpc.aio.AioRpcError) as unknown:
        await stub.ModifyProcessInstance(pb.ModifyProcessInstanceRequest(processInstanceKey=123456))
    assert unknown.value.code() is grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.aio.AioRpcError) as invalid:
        await stub.ModifyProcessInstance(
            pb.ModifyProcessInstanceRequest(
                processInstanceKey=created.processInstanceKey,
                activateInstructions=[pb.ModifyProcessInstanceRequest.ActivateInstruction(elementId="nope")],
            )
        )
    assert invalid.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert "Command 'MODIFY' rejected with code 'INVALID_ARGUMENT'" in invalid.value.details()


async def test_delete_resource_makes_the_definition_unstartable(stub: GatewayStub) -> None:
    first = await _deploy(stub, simple_task_process())
    second = await _deploy(stub, simple_task_process(job_type="v2"))
    await stub.DeleteResource(pb.DeleteResourceRequest(resourceKey=second))
    with pytest.raises(grpc.aio.AioRpcError) as gone:
        await stub.CreateProcessInstance(pb.CreateProcessInstanceRequest(processDefinitionKey=second))
    assert gone.value.code() is grpc.StatusCode.NOT_FOUND
    latest = await stub.CreateProcessInstance(
        pb.CreateProcessInstanceRequest(bpmnProcessId="order", version=-1)
    )
    assert (latest.processDefinitionKey, latest.version) == (first, 1)
    with pytest.raises(grpc.aio.AioRpcError) as unknown:
        await stub.DeleteResource(pb.DeleteResourceRequest(resourceKey=second))
    assert unknown.value.code() is grpc.StatusCode.NOT_FOUND


async def test_start_instructions(zeebe_test_env: ZeebeTestEnvironment, stub: GatewayStub) -> None:
    await _deploy(stub, simple_task_process())
    created = await stub.CreateProcessInstance(
        pb.CreateProcessInstanceRequest(
            bpmnProcessId="order",
            version=-1,
            startInstructions=[pb.ProcessInstanceCreationStartInstruction(elementId="end")],
        )
    )
    await zeebe_test_env.wait_until_idle()
    root = zeebe_test_env.records().of_type(ValueType.PROCESS_INSTANCE).with_key(created.processInstanceKey)
    assert root.events().intents()[-1] is PI.ELEMENT_COMPLETED
    assert await _activate(stub, "charge") == []
    with pytest.raises(grpc.aio.AioRpcError) as invalid:
        await stub.CreateProcessInstance(
            pb.CreateProcessInstanceRequest(
                bpmnProcessId="order",
                version=-1,
                startInstructions=[pb.ProcessInstanceCreationStartInstruction(elementId="nope")],
            )
        )
    assert invalid.value.code() is grpc.StatusCode.INVALID_ARGUMENT


async def test_evaluate_decision_returns_the_evaluation_record_key(
    zeebe_test_env: ZeebeTestEnvironment, stub: GatewayStub, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "discount.dmn")
    request = pb.EvaluateDecisionRequest(decisionId="discount", variables='{"orders": 10}')
    first = await stub.EvaluateDecision(request)
    second = await stub.EvaluateDecision(request)
    evaluations = zeebe_test_env.records().of_type(ValueType.DECISION_EVALUATION).events()
    assert [record.key for record in evaluations] == [first.decisionInstanceKey, second.decisionInstanceKey]
    assert 0 < first.decisionInstanceKey < second.decisionInstanceKey
