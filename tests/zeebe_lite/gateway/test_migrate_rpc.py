"""MigrateProcessInstance over real gRPC (raw stub: pyzeebe does not expose the RPC): the migrated instance goes
on along the target model, and every rejection has Zeebe's status code and message, changing nothing."""

from __future__ import annotations

import grpc
import pytest
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, service_task
from zeebe_lite.records import JobIntent, ValueType
from zeebe_lite.records import ProcessInstanceIntent as PI
from zeebe_lite.testing import ZeebeTestEnvironment

Plan = pb.MigrateProcessInstanceRequest.MigrationPlan
MappingInstruction = pb.MigrateProcessInstanceRequest.MappingInstruction


def _order(task_xml: str, task_id: str, next_type: str, root: str = "") -> str:
    """start -> the task -> a service task of type ``next_type`` -> end (``root``: e.g. a message)."""
    builder = ProcessBuilder("order")
    if root:
        builder.roots.append(root)
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(task_xml)
    builder.add(service_task("next", next_type))
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", task_id, "next", "end")
    return builder.xml()


def _with_sub_process(sub_id: str, inner_id: str) -> str:
    builder = ProcessBuilder("order")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        f'<bpmn:subProcess id="{sub_id}"><bpmn:startEvent id="innerStart"/>'
        + service_task(inner_id, "inner")
        + '<bpmn:endEvent id="innerEnd"/>'
        f'<bpmn:sequenceFlow id="i1" sourceRef="innerStart" targetRef="{inner_id}"/>'
        f'<bpmn:sequenceFlow id="i2" sourceRef="{inner_id}" targetRef="innerEnd"/>'
        "</bpmn:subProcess>"
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", sub_id, "end")
    return builder.xml()


def _user_task(task_id: str) -> str:
    return f'<bpmn:userTask id="{task_id}"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask>'


async def _deploy(stub: GatewayStub, xml: str) -> pb.ProcessMetadata:
    response = await stub.DeployResource(
        pb.DeployResourceRequest(resources=[pb.Resource(name="order.bpmn", content=xml.encode())])
    )
    return response.deployments[0].process


async def _start(stub: GatewayStub, definition: pb.ProcessMetadata) -> int:
    created = await stub.CreateProcessInstance(
        pb.CreateProcessInstanceRequest(
            processDefinitionKey=definition.processDefinitionKey, variables='{"n": 1}'
        )
    )
    return int(created.processInstanceKey)


async def _migrate(stub: GatewayStub, key: int, target: int, *mappings: tuple[str, str]) -> None:
    await stub.MigrateProcessInstance(
        pb.MigrateProcessInstanceRequest(
            processInstanceKey=key,
            migrationPlan=Plan(
                targetProcessDefinitionKey=target,
                mappingInstructions=[
                    MappingInstruction(sourceElementId=s, targetElementId=t) for s, t in mappings
                ],
            ),
        )
    )


async def _activate(stub: GatewayStub, job_type: str) -> list[pb.ActivatedJob]:
    request = pb.ActivateJobsRequest(
        type=job_type, worker="w", timeout=30_000, maxJobsToActivate=5, requestTimeout=-1
    )
    return [job async for response in stub.ActivateJobs(request) for job in response.jobs]


async def _complete(stub: GatewayStub, job: pb.ActivatedJob) -> None:
    await stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key, variables="{}"))


def _instance_ended(env: ZeebeTestEnvironment, key: int) -> PI:
    intents = env.records().of_type(ValueType.PROCESS_INSTANCE).with_key(key).events().intents()
    return intents[-1]


async def test_waiting_job_is_migrated_to_v2_and_the_instance_completes_along_v2(
    zeebe_test_env: ZeebeTestEnvironment, stub: GatewayStub
) -> None:
    v1 = await _deploy(stub, _order(service_task("task", "charge"), "task", "ship"))
    v2 = await _deploy(stub, _order(service_task("pay", "charge-v2"), "pay", "invoice"))
    key = await _start(stub, v1)
    await zeebe_test_env.wait_until_idle()
    created = zeebe_test_env.records().of_type(ValueType.JOB).with_intent(JobIntent.CREATED).first()

    await _migrate(stub, key, v2.processDefinitionKey, ("task", "pay"))

    await zeebe_test_env.assert_that(key).is_waiting_at("pay")
    [job] = await _activate(stub, "charge")
    assert (job.key, job.type, job.retries) == (created.key, "charge", created.value.retries)
    assert (job.elementId, job.processDefinitionKey) == ("pay", v2.processDefinitionKey)
    assert (job.bpmnProcessId, job.processDefinitionVersion) == ("order", 2)
    assert await _activate(stub, "charge-v2") == []
    await _complete(stub, job)
    assert await _activate(stub, "ship") == []
    [invoice] = await _activate(stub, "invoice")
    assert invoice.processDefinitionKey == v2.processDefinitionKey
    await _complete(stub, invoice)
    await zeebe_test_env.wait_until_idle()
    assert _instance_ended(zeebe_test_env, key) is PI.ELEMENT_COMPLETED


async def test_activated_job_can_be_completed_after_the_migration(
    zeebe_test_env: ZeebeTestEnvironment, stub: GatewayStub
) -> None:
    v1 = await _deploy(stub, _order(service_task("task", "charge"), "task", "ship"))
    v2 = await _deploy(stub, _order(service_task("task", "charge"), "task", "invoice"))
    key = await _start(stub, v1)
    [job] = await _activate(stub, "charge")

    await _migrate(stub, key, v2.processDefinitionKey, ("task", "task"))

    await _complete(stub, job)
    [invoice] = await _activate(stub, "invoice")
    assert invoice.variables.replace(" ", "") == '{"n":1}'
    assert await _activate(stub, "ship") == []


async def test_user_task_is_migrated(zeebe_test_env: ZeebeTestEnvironment, stub: GatewayStub) -> None:
    v1 = await _deploy(stub, _order(_user_task("review"), "review", "ship"))
    v2 = await _deploy(stub, _order(_user_task("approve"), "approve", "invoice"))
    key = await _start(stub, v1)
    await zeebe_test_env.wait_until_idle()

    await _migrate(stub, key, v2.processDefinitionKey, ("review", "approve"))

    await zeebe_test_env.complete_user_task(key, "approve", {"approved": True})
    [invoice] = await _activate(stub, "invoice")
    assert invoice.processDefinitionKey == v2.processDefinitionKey


async def test_subprocess_and_inner_task_are_migrated(
    zeebe_test_env: ZeebeTestEnvironment, stub: GatewayStub
) -> None:
    v1 = await _deploy(stub, _with_sub_process("sub", "inner"))
    v2 = await _deploy(stub, _with_sub_process("phase", "step"))
    key = await _start(stub, v1)

    await _migrate(stub, key, v2.processDefinitionKey, ("sub", "phase"), ("inner", "step"))

    [job] = await _activate(stub, "inner")
    assert job.elementId == "step"
    await _complete(stub, job)
    await zeebe_test_env.wait_until_idle()
    assert _instance_ended(zeebe_test_env, key) is PI.ELEMENT_COMPLETED
    completed = zeebe_test_env.records().with_intent(PI.ELEMENT_COMPLETED).with_element_id("phase").first()
    assert completed.value.process_definition_key == v2.processDefinitionKey


async def test_receive_task_keeps_its_message_subscription(
    zeebe_test_env: ZeebeTestEnvironment, stub: GatewayStub
) -> None:
    message = (
        '<bpmn:message id="msg" name="paid"><bpmn:extensionElements>'
        '<zeebe:subscription correlationKey="=string(n)"/></bpmn:extensionElements></bpmn:message>'
    )
    v1 = await _deploy(
        stub, _order('<bpmn:receiveTask id="wait" messageRef="msg"/>', "wait", "ship", message)
    )
    v2 = await _deploy(
        stub, _order('<bpmn:receiveTask id="await" messageRef="msg"/>', "await", "invoice", message)
    )
    key = await _start(stub, v1)
    await zeebe_test_env.wait_until_idle()

    await _migrate(stub, key, v2.processDefinitionKey, ("wait", "await"))

    await stub.PublishMessage(pb.PublishMessageRequest(name="paid", correlationKey="1", variables="{}"))
    [invoice] = await _activate(stub, "invoice")
    assert invoice.processInstanceKey == key


def _boundary(boundary_id: str, definition: str, path_type: str) -> str:
    """An interrupting boundary event on 'task' leading to a service task of ``path_type``, then an end."""
    return (
        f'<bpmn:boundaryEvent id="{boundary_id}" attachedToRef="task">{definition}</bpmn:boundaryEvent>'
        + service_task(f"{boundary_id}Path", path_type)
        + f'<bpmn:endEvent id="{boundary_id}End"/>'
        f'<bpmn:sequenceFlow id="{boundary_id}F1" sourceRef="{boundary_id}" targetRef="{boundary_id}Path"/>'
        f'<bpmn:sequenceFlow id="{boundary_id}F2" sourceRef="{boundary_id}Path" targetRef="{boundary_id}End"/>'
    )


async def test_new_message_boundary_of_the_target_interrupts_the_migrated_task(
    zeebe_test_env: ZeebeTestEnvironment, stub: GatewayStub
) -> None:
    message = (
        '<bpmn:message id="msg" name="cancelled"><bpmn:extensionElements>'
        '<zeebe:subscription correlationKey="=string(n)"/></bpmn:extensionElements></bpmn:message>'
    )
    v1 = await _deploy(stub, _order(service_task("task", "charge"), "task", "ship"))
    cancel = _boundary("cancel", '<bpmn:messageEventDefinition messageRef="msg"/>', "refund")
    v2 = await _deploy(stub, _order(service_task("task", "charge") + cancel, "task", "invoice", message))
    key = await _start(stub, v1)
    await zeebe_test_env.wait_until_idle()

    await _migrate(stub, key, v2.processDefinitionKey, ("task", "task"))

    await stub.PublishMessage(pb.PublishMessageRequest(name="cancelled", correlationKey="1", variables="{}"))
    [refund] = await _activate(stub, "refund")
    assert (refund.processInstanceKey, refund.processDefinitionKey) == (key, v2.processDefinitionKey)
    assert await _activate(stub, "charge") == []


async def test_signal_catch_event_is_migrated_and_triggered_by_broadcast_signal(
    zeebe_test_env: ZeebeTestEnvironment, stub: GatewayStub
) -> None:
    signal = '<bpmn:signal id="go" name="go"/>'
    v1 = await _deploy(
        stub,
        _order(
            '<bpmn:intermediateCatchEvent id="hold"><bpmn:signalEventDefinition signalRef="go"/>'
            "</bpmn:intermediateCatchEvent>",
            "hold",
            "ship",
            signal,
        ),
    )
    v2 = await _deploy(
        stub,
        _order(
            '<bpmn:intermediateCatchEvent id="await"><bpmn:signalEventDefinition signalRef="go"/>'
            "</bpmn:intermediateCatchEvent>",
            "await",
            "invoice",
            signal,
        ),
    )
    key = await _start(stub, v1)
    await zeebe_test_env.wait_until_idle()

    await _migrate(stub, key, v2.processDefinitionKey, ("hold", "await"))

    await stub.BroadcastSignal(pb.BroadcastSignalRequest(signalName="go", variables="{}"))
    [invoice] = await _activate(stub, "invoice")
    assert invoice.processInstanceKey == key
    assert await _activate(stub, "ship") == []


async def test_boundary_mapped_to_another_event_type_is_failed_precondition(
    zeebe_test_env: ZeebeTestEnvironment, stub: GatewayStub
) -> None:
    timer = (
        '<bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H'
        "</bpmn:timeDuration></bpmn:timerEventDefinition>"
    )
    signal = '<bpmn:signal id="go" name="go"/>'
    v1 = await _deploy(
        stub, _order(service_task("task", "charge") + _boundary("late", timer, "remind"), "task", "ship")
    )
    ping = _boundary("ping", '<bpmn:signalEventDefinition signalRef="go"/>', "notify")
    v2 = await _deploy(stub, _order(service_task("task", "charge") + ping, "task", "invoice", signal))
    key = await _start(stub, v1)
    await zeebe_test_env.wait_until_idle()
    engine = zeebe_test_env.server.engine.engine
    before = engine.snapshot()

    with pytest.raises(grpc.aio.AioRpcError) as rejected:
        await _migrate(stub, key, v2.processDefinitionKey, ("task", "task"), ("late", "ping"))

    assert rejected.value.code() is grpc.StatusCode.FAILED_PRECONDITION
    assert (
        f"Expected to migrate process instance '{key}' but boundary event with id 'late' of active element with "
        "id 'task' has the event type 'TIMER' but is mapped to a boundary event with id 'ping' and different "
        "event type 'SIGNAL'"
    ) in rejected.value.details()
    assert engine.snapshot() == before


@pytest.mark.parametrize(
    ("mappings", "target_xml", "status", "message"),
    [
        (
            [("task", "task"), ("task", "next")],
            None,
            grpc.StatusCode.INVALID_ARGUMENT,
            "but the mapping instructions contain duplicate source element ids '[task]'",
        ),
        (
            [("ghost", "task")],
            None,
            grpc.StatusCode.INVALID_ARGUMENT,
            "but mapping instructions contain a non-existing source element id 'ghost'",
        ),
        (
            [("task", "ghost")],
            None,
            grpc.StatusCode.INVALID_ARGUMENT,
            "but mapping instructions contain a non-existing target element id 'ghost'",
        ),
        (
            [("next", "next")],
            None,
            grpc.StatusCode.FAILED_PRECONDITION,
            "but active element with id 'task' is not mapped",
        ),
        (
            [("task", "task")],
            _order(_user_task("task"), "task", "ship"),
            grpc.StatusCode.FAILED_PRECONDITION,
            "active element with id 'task' and type 'SERVICE_TASK' is mapped to an element with id 'task' and "
            "different type 'USER_TASK'",
        ),
        (
            [("task", "inner")],
            _with_sub_process("sub", "inner"),
            grpc.StatusCode.FAILED_PRECONDITION,
            "the flow scope of active element with id 'task' is changed. The flow scope of the active element is "
            "expected to be 'order' but was 'sub'",
        ),
        (
            [("task", "task")],
            _order(
                service_task("task", "charge") + '<bpmn:boundaryEvent id="poke" attachedToRef="task">'
                '<bpmn:messageEventDefinition messageRef="msg"/></bpmn:boundaryEvent>',
                "task",
                "ship",
                root='<bpmn:message id="msg" name="poke"><bpmn:extensionElements>'
                '<zeebe:subscription correlationKey="=missing"/></bpmn:extensionElements></bpmn:message>',
            ),
            grpc.StatusCode.FAILED_PRECONDITION,
            "but the boundary events 'poke' of the target element with id 'task' could not subscribe for active "
            "element with id 'task': Failed to extract the correlation key",
        ),
    ],
)
async def test_rejections_have_zeebe_status_and_message_and_change_nothing(
    zeebe_test_env: ZeebeTestEnvironment,
    stub: GatewayStub,
    mappings: list[tuple[str, str]],
    target_xml: str | None,
    status: grpc.StatusCode,
    message: str,
) -> None:
    source_xml = _order(service_task("task", "charge"), "task", "ship")
    v1 = await _deploy(stub, source_xml)
    v2 = await _deploy(stub, (target_xml or source_xml).replace("ship", "invoice"))
    key = await _start(stub, v1)
    await zeebe_test_env.wait_until_idle()
    engine = zeebe_test_env.server.engine.engine
    before = engine.snapshot()

    with pytest.raises(grpc.aio.AioRpcError) as rejected:
        await _migrate(stub, key, v2.processDefinitionKey, *mappings)

    assert rejected.value.code() is status
    details = rejected.value.details()
    assert details.startswith("Command 'MIGRATE' rejected with code ")
    assert f"Expected to migrate process instance '{key}' " in details
    assert message in details
    assert engine.snapshot() == before
    [job] = await _activate(stub, "charge")
    assert (job.elementId, job.processDefinitionKey) == ("task", v1.processDefinitionKey)


async def test_unknown_instance_and_unknown_target_definition_are_not_found(stub: GatewayStub) -> None:
    v1 = await _deploy(stub, _order(service_task("task", "charge"), "task", "ship"))
    key = await _start(stub, v1)
    with pytest.raises(grpc.aio.AioRpcError) as unknown_instance:
        await _migrate(stub, 123456, v1.processDefinitionKey, ("task", "task"))
    assert unknown_instance.value.code() is grpc.StatusCode.NOT_FOUND
    assert unknown_instance.value.details() == (
        "Command 'MIGRATE' rejected with code 'NOT_FOUND': Expected to migrate process instance but no process "
        "instance found with key '123456'"
    )
    with pytest.raises(grpc.aio.AioRpcError) as unknown_definition:
        await _migrate(stub, key, 987654, ("task", "task"))
    assert unknown_definition.value.code() is grpc.StatusCode.NOT_FOUND
    assert unknown_definition.value.details() == (
        "Command 'MIGRATE' rejected with code 'NOT_FOUND': Expected to migrate process instance to process "
        "definition but no process definition found with key '987654'"
    )
