"""Jobs over real gRPC: pyzeebe workers, retries and back-off, BPMN errors, timeouts, long polling, streaming.

No ``from __future__ import annotations`` here: pyzeebe injects ``job: Job`` only for real annotations.
"""

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest
from pyzeebe import Job, JobController, ZeebeWorker
from pyzeebe.errors import JobAlreadyDeactivatedError, JobNotFoundError
from pyzeebe.grpc_internals.zeebe_adapter import ZeebeAdapter
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from zeebe_lite.gateway import GatewaySettings
from zeebe_lite.records import IncidentIntent, JobIntent, ValueType
from zeebe_lite.testing import ZeebeTestEnvironment


@contextlib.asynccontextmanager
async def running(worker: ZeebeWorker) -> AsyncIterator[ZeebeWorker]:
    """Run a pyzeebe worker for the duration of the block."""
    task = asyncio.create_task(worker.work())
    try:
        yield worker
    finally:
        await worker.stop()
        await asyncio.wait_for(task, 5)


async def eventually(condition: object, within: float = 10.0) -> None:
    """Wait until ``condition()`` is truthy."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():  # type: ignore[operator]
        assert loop.time() < deadline, "condition not reached in time"
        await asyncio.sleep(0.02)


async def test_worker_completes_jobs_with_io_mappings(
    zeebe_test_env: ZeebeTestEnvironment, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "acceptance.bpmn")
    worker = ZeebeWorker(zeebe_test_env.channel, name="acceptance-worker")
    seen: list[Job] = []

    @worker.task("acceptance-work")
    async def work(input: str, job: Job) -> dict[str, str]:
        seen.append(job)
        return {"output": input + "!", "unmapped": "dropped"}

    async with running(worker):
        result = await zeebe_test_env.client.run_process_with_result(
            "acceptance", {"input": "hello", "other": 1}, timeout=10_000
        )
    assert result.variables == {"input": "hello", "other": 1, "output": "hello!"}
    [job] = seen
    assert (job.type, job.element_id, job.worker, job.retries) == (
        "acceptance-work",
        "work",
        "acceptance-worker",
        3,
    )
    assert job.process_instance_key == result.process_instance_key
    assert job.deadline > 0
    await zeebe_test_env.assert_that(result.process_instance_key).has_passed_element("work")


async def test_failed_job_is_redelivered_after_its_back_off(
    zeebe_test_env: ZeebeTestEnvironment, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "single-task.bpmn")
    worker = ZeebeWorker(zeebe_test_env.channel)
    attempts: list[int] = []

    async def retry_later(exception: Exception, job: Job, controller: JobController) -> None:
        await controller.set_failure_status(str(exception), retry_back_off_ms=60_000)

    @worker.task("flaky", exception_handler=retry_later)
    async def flaky(job: Job) -> dict[str, int]:
        attempts.append(job.retries)
        if len(attempts) == 1:
            raise RuntimeError("temporarily broken")
        return {"attempts": len(attempts)}

    async with running(worker):
        created = await zeebe_test_env.client.run_process("single-task", {"jobType": "flaky"})
        await eventually(lambda: len(attempts) == 1)
        await zeebe_test_env.wait_until_idle(quiet=dt.timedelta(milliseconds=300))
        failed = zeebe_test_env.records().of_type(ValueType.JOB).with_intent(JobIntent.FAILED)
        assert [record.value.error_message for record in failed] == ["temporarily broken"]
        assert attempts == [3], "the job must not come back before its back-off elapsed"
        await zeebe_test_env.advance_time(dt.timedelta(seconds=59))
        assert attempts == [3]
        await zeebe_test_env.advance_time(dt.timedelta(seconds=1))
        await zeebe_test_env.assert_that(created.process_instance_key).is_completed()
    assert attempts == [3, 2]
    await zeebe_test_env.assert_that(created.process_instance_key).has_variable("attempts", 2)


async def test_exhausted_retries_raise_an_incident_that_can_be_resolved(
    zeebe_test_env: ZeebeTestEnvironment, stub: GatewayStub, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "single-task.bpmn")
    worker = ZeebeWorker(zeebe_test_env.channel)
    attempts: list[int] = []
    healthy = asyncio.Event()

    @worker.task("fragile")
    async def fragile(job: Job) -> dict[str, bool]:
        attempts.append(job.retries)
        if not healthy.is_set():
            raise RuntimeError("down")
        return {"recovered": True}

    async with running(worker):
        created = await zeebe_test_env.client.run_process("single-task", {"jobType": "fragile"})
        instance = zeebe_test_env.assert_that(created.process_instance_key)
        await instance.has_incident("JOB_NO_RETRIES")
        assert attempts == [3, 2, 1]
        incident = (
            zeebe_test_env.records().of_type(ValueType.INCIDENT).with_intent(IncidentIntent.CREATED).last()
        )
        healthy.set()
        await stub.UpdateJobRetries(pb.UpdateJobRetriesRequest(jobKey=incident.value.job_key, retries=1))
        await stub.ResolveIncident(pb.ResolveIncidentRequest(incidentKey=incident.key))
        await instance.is_completed()
    assert attempts == [3, 2, 1, 1]
    await instance.has_no_incidents()
    with pytest.raises(grpc.aio.AioRpcError) as again:
        await stub.ResolveIncident(pb.ResolveIncidentRequest(incidentKey=incident.key))
    assert again.value.code() is grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.aio.AioRpcError) as no_retries:
        await stub.UpdateJobRetries(pb.UpdateJobRetriesRequest(jobKey=incident.value.job_key, retries=0))
    assert no_retries.value.code() is grpc.StatusCode.INVALID_ARGUMENT


async def test_bpmn_error_is_caught_by_the_boundary_event(
    zeebe_test_env: ZeebeTestEnvironment, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "payment.bpmn")
    worker = ZeebeWorker(zeebe_test_env.channel)

    async def declined(exception: Exception, job: Job, controller: JobController) -> None:
        await controller.set_error_status(
            str(exception), error_code="CARD_DECLINED", variables={"reason": "limit"}
        )

    @worker.task("charge-card", exception_handler=declined)
    async def charge(amount: int) -> dict[str, bool]:
        raise ValueError(f"cannot charge {amount}")

    async with running(worker):
        await zeebe_test_env.client.publish_message("payment-received", "order-1", {"amount": 500})
        created = await zeebe_test_env.client.run_process("payment", {"orderId": "order-1"})
        instance = zeebe_test_env.assert_that(created.process_instance_key)
        await instance.is_completed()
    await instance.has_passed_element("declined")
    await instance.has_passed_element("payment-declined")
    await instance.has_not_passed_element("paid")
    thrown = zeebe_test_env.records().of_type(ValueType.JOB).with_intent(JobIntent.ERROR_THROWN).last()
    assert (thrown.value.error_code, thrown.value.error_message) == ("CARD_DECLINED", "cannot charge 500")
    reasons = [
        record.value.value
        for record in zeebe_test_env.records().of_type(ValueType.VARIABLE).events()
        if record.value.name == "reason"
    ]
    assert reasons == ["limit"], "the error's variables reach the catching event"


async def test_timed_out_job_is_activated_again(
    zeebe_test_env: ZeebeTestEnvironment, adapter: ZeebeAdapter, stub: GatewayStub, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "single-task.bpmn")
    created = await zeebe_test_env.client.run_process("single-task", {"jobType": "slow"})

    async def activate() -> list[Job]:
        return [job async for job in adapter.activate_jobs("slow", "w", 5_000, 5, [], -1)]

    [first] = await activate()
    assert first.deadline == int(zeebe_test_env.now().timestamp() * 1000) + 5_000
    assert await activate() == []
    await stub.UpdateJobTimeout(pb.UpdateJobTimeoutRequest(jobKey=first.key, timeout=20_000))
    await zeebe_test_env.advance_time(dt.timedelta(seconds=10))
    assert await activate() == [], "the extended deadline has not passed yet"
    await zeebe_test_env.advance_time(dt.timedelta(seconds=11))
    [second] = await activate()
    assert second.key == first.key
    assert second.retries == first.retries, "a timeout does not use up a retry"
    await adapter.complete_job(second.key, {"done": True})
    with pytest.raises(JobNotFoundError):
        await adapter.complete_job(first.key, {})
    await zeebe_test_env.assert_that(created.process_instance_key).is_completed()


async def test_unknown_jobs_are_not_found(stub: GatewayStub, adapter: ZeebeAdapter) -> None:
    with pytest.raises(JobNotFoundError):
        await adapter.complete_job(123456789, {})
    for call in (
        stub.FailJob(pb.FailJobRequest(jobKey=1, retries=1)),
        stub.ThrowError(pb.ThrowErrorRequest(jobKey=1, errorCode="E")),
        stub.UpdateJobRetries(pb.UpdateJobRetriesRequest(jobKey=1, retries=2)),
        stub.UpdateJobTimeout(pb.UpdateJobTimeoutRequest(jobKey=1, timeout=100)),
        stub.SetVariables(pb.SetVariablesRequest(elementInstanceKey=1, variables="{}")),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await call
        assert error.value.code() is grpc.StatusCode.NOT_FOUND


@pytest.mark.parametrize(
    "request_fields",
    [
        {"type": "", "worker": "w", "timeout": 1000, "maxJobsToActivate": 1},
        {"type": "t", "worker": "", "timeout": 1000, "maxJobsToActivate": 1},
        {"type": "t", "worker": "w", "timeout": 0, "maxJobsToActivate": 1},
        {"type": "t", "worker": "w", "timeout": 1000, "maxJobsToActivate": 0},
    ],
)
async def test_invalid_activation_is_invalid_argument(
    stub: GatewayStub, request_fields: dict[str, object]
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as error:
        async for _ in stub.ActivateJobs(pb.ActivateJobsRequest(**request_fields)):
            pass
    assert error.value.code() is grpc.StatusCode.INVALID_ARGUMENT


async def test_invalid_stream_is_invalid_argument(stub: GatewayStub) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as error:
        async for _ in stub.StreamActivatedJobs(pb.StreamActivatedJobsRequest(type="t", timeout=0)):
            pass
    assert error.value.code() is grpc.StatusCode.INVALID_ARGUMENT


async def test_activation_long_polls_until_a_job_arrives(
    zeebe_test_env: ZeebeTestEnvironment, stub: GatewayStub, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "single-task.bpmn")
    request = pb.ActivateJobsRequest(
        type="later", worker="w", timeout=10_000, maxJobsToActivate=5, requestTimeout=-1
    )
    assert [response async for response in stub.ActivateJobs(request)] == []

    async def poll() -> list[pb.ActivateJobsResponse]:
        long_poll = pb.ActivateJobsRequest(
            type="later", worker="w", timeout=10_000, maxJobsToActivate=5, requestTimeout=8_000
        )
        return [response async for response in stub.ActivateJobs(long_poll)]

    polling = asyncio.create_task(poll())
    await asyncio.sleep(0.2)
    assert not polling.done()
    created = await zeebe_test_env.client.run_process("single-task", {"jobType": "later", "x": 1})
    [response] = await asyncio.wait_for(polling, 5)
    [job] = response.jobs
    assert job.processInstanceKey == created.process_instance_key
    assert (job.customHeaders, job.tenantId) == ('{"purpose":"gateway-test"}', "<default>")


async def test_fetch_variables_limits_the_job_variables(
    zeebe_test_env: ZeebeTestEnvironment, adapter: ZeebeAdapter, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "single-task.bpmn")
    await zeebe_test_env.client.run_process("single-task", {"jobType": "fetching", "a": 1, "b": 2})
    [job] = [job async for job in adapter.activate_jobs("fetching", "w", 5_000, 1, ["b"], -1)]
    assert dict(job.variables) == {"b": 2}


async def test_stream_pushes_jobs_as_they_become_activatable(
    zeebe_test_env: ZeebeTestEnvironment, stub: GatewayStub, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "single-task.bpmn")
    stream = stub.StreamActivatedJobs(
        pb.StreamActivatedJobsRequest(type="pushed", worker="s", timeout=10_000)
    )
    created = await zeebe_test_env.client.run_process("single-task", {"jobType": "pushed"})
    job = await asyncio.wait_for(stream.read(), 5)
    assert (job.type, job.worker, job.processInstanceKey) == ("pushed", "s", created.process_instance_key)
    stream.cancel()
    await stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key, variables='{"pushed": true}'))
    await zeebe_test_env.assert_that(created.process_instance_key).has_variable("pushed", True)


async def test_streaming_worker_completes_jobs(zeebe_test_env: ZeebeTestEnvironment, fixtures: Path) -> None:
    await zeebe_test_env.deploy(fixtures / "single-task.bpmn")
    worker = ZeebeWorker(zeebe_test_env.channel, stream_enabled=True)

    @worker.task("streamed")
    async def streamed(n: int) -> dict[str, int]:
        return {"doubled": n * 2}

    async with running(worker):
        keys = [
            (
                await zeebe_test_env.client.run_process("single-task", {"jobType": "streamed", "n": n})
            ).process_instance_key
            for n in range(5)
        ]
        for n, key in enumerate(keys):
            await zeebe_test_env.assert_that(key).has_variable("doubled", n * 2)


async def test_overload_is_resource_exhausted(tmp_path: Path) -> None:
    settings = GatewaySettings(max_pending_commands=1)
    async with await ZeebeTestEnvironment.start(settings=settings, data_dir=tmp_path) as env:
        stub = GatewayStub(env.channel)
        calls = [
            stub.PublishMessage(
                pb.PublishMessageRequest(name="load", correlationKey=str(n), timeToLive=60_000)
            )
            for n in range(40)
        ]
        results = await asyncio.gather(*calls, return_exceptions=True)
    exhausted = [r for r in results if isinstance(r, grpc.aio.AioRpcError)]
    assert exhausted, "some requests must be refused while the queue is full"
    assert {error.code() for error in exhausted} == {grpc.StatusCode.RESOURCE_EXHAUSTED}
    assert any(isinstance(r, pb.PublishMessageResponse) for r in results)


async def test_activation_respects_max_jobs_and_names_the_worker(
    zeebe_test_env: ZeebeTestEnvironment, stub: GatewayStub, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "single-task.bpmn")
    for n in range(3):
        await zeebe_test_env.client.run_process("single-task", {"jobType": "batch", "n": n})
    request = pb.ActivateJobsRequest(
        type="batch", worker="w-1", timeout=30_000, maxJobsToActivate=2, requestTimeout=-1
    )
    [response] = [response async for response in stub.ActivateJobs(request)]
    assert len(response.jobs) == 2
    assert {job.worker for job in response.jobs} == {"w-1"}
    rest = pb.ActivateJobsRequest(
        type="batch", worker="w-2", timeout=30_000, maxJobsToActivate=5, requestTimeout=-1
    )
    [second] = [response async for response in stub.ActivateJobs(rest)]
    assert len(second.jobs) == 1
    assert {job.key for job in response.jobs}.isdisjoint({job.key for job in second.jobs})


async def test_fail_job_variables_are_local_to_the_task(
    zeebe_test_env: ZeebeTestEnvironment, adapter: ZeebeAdapter, stub: GatewayStub, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "single-task.bpmn")
    created = await zeebe_test_env.client.run_process("single-task", {"jobType": "local"})
    [job] = [job async for job in adapter.activate_jobs("local", "w", 5_000, 1, [], -1)]
    await stub.FailJob(
        pb.FailJobRequest(jobKey=job.key, retries=2, errorMessage="try again", variables='{"attempt": 1}')
    )
    [again] = [job async for job in adapter.activate_jobs("local", "w", 5_000, 1, [], -1)]
    assert (again.key, again.retries, again.variables["attempt"]) == (job.key, 2, 1)
    attempt = (
        zeebe_test_env.records()
        .of_type(ValueType.VARIABLE)
        .events()
        .filter(lambda record: record.value.name == "attempt")
        .last()
    )
    assert attempt.value.scope_key == job.element_instance_key
    await adapter.complete_job(again.key, {})
    await zeebe_test_env.assert_that(created.process_instance_key).is_completed()


async def test_a_failed_job_cannot_be_completed(
    zeebe_test_env: ZeebeTestEnvironment, adapter: ZeebeAdapter, stub: GatewayStub, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "single-task.bpmn")
    await zeebe_test_env.client.run_process("single-task", {"jobType": "exhausted"})
    [job] = [job async for job in adapter.activate_jobs("exhausted", "w", 5_000, 1, [], -1)]
    await stub.FailJob(pb.FailJobRequest(jobKey=job.key, retries=0, errorMessage="no more"))
    with pytest.raises(JobAlreadyDeactivatedError):
        await adapter.complete_job(job.key, {})
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await stub.ThrowError(pb.ThrowErrorRequest(jobKey=job.key, errorCode="E"))
    assert error.value.code() is grpc.StatusCode.FAILED_PRECONDITION


async def test_shutdown_ends_long_polls_and_streams_normally(
    zeebe_test_env: ZeebeTestEnvironment, stub: GatewayStub
) -> None:
    stream = stub.StreamActivatedJobs(pb.StreamActivatedJobsRequest(type="idle", worker="s", timeout=10_000))
    long_poll = pb.ActivateJobsRequest(
        type="idle", worker="w", timeout=10_000, maxJobsToActivate=1, requestTimeout=60_000
    )
    polling = asyncio.create_task(_collect(stub.ActivateJobs(long_poll)))
    await asyncio.sleep(0.2)
    zeebe_test_env.server.gateway.servicer.begin_shutdown()
    assert await asyncio.wait_for(polling, 10) == []
    assert await asyncio.wait_for(stream.read(), 10) is grpc.aio.EOF
    assert await stream.code() is grpc.StatusCode.OK


async def _collect(responses: AsyncIterator[pb.ActivateJobsResponse]) -> list[pb.ActivateJobsResponse]:
    return [response async for response in responses]


async def test_worker_gets_a_timed_out_job_again(
    zeebe_test_env: ZeebeTestEnvironment, fixtures: Path
) -> None:
    await zeebe_test_env.deploy(fixtures / "single-task.bpmn")
    worker = ZeebeWorker(zeebe_test_env.channel)
    deliveries: list[int] = []
    release = asyncio.Event()

    @worker.task("stuck-once", timeout_ms=30_000)
    async def stuck_once(job: Job) -> dict[str, int]:
        deliveries.append(job.key)
        if len(deliveries) == 1:
            await release.wait()
        return {"delivery": len(deliveries)}

    async with running(worker):
        created = await zeebe_test_env.client.run_process("single-task", {"jobType": "stuck-once"})
        await eventually(lambda: len(deliveries) == 1)
        await zeebe_test_env.advance_time(dt.timedelta(seconds=31))
        instance = zeebe_test_env.assert_that(created.process_instance_key)
        await instance.is_completed()
        release.set()
        await instance.has_variable("delivery", 2)
    assert deliveries[0] == deliveries[1]
    timed_out = zeebe_test_env.records().of_type(ValueType.JOB).with_intent(JobIntent.TIMED_OUT)
    assert [record.key for record in timed_out] == [deliveries[0]]
