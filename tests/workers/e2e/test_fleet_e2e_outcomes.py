"""The fleet runtime (WorkerApp, every interceptor) against zeebe_lite over gRPC: how jobs end.

Each test runs a time-skipping zeebe_lite in process (its real gateway on a free 127.0.0.1 port) and a
WorkerApp connected through gRPC; the engine clock moves only when the test advances it.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

from fleet_e2e_support import PROCESS_ID, RpcCounts, fleet_settings, running, spying_channel_factory
from pyzeebe.proto.gateway_pb2 import ResolveIncidentRequest, UpdateJobRetriesRequest
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from workers.runtime import BpmnError, Integration, PermanentError, TransientError, WorkerApp
from zeebe_lite.records import IncidentIntent, JobIntent, ValueType
from zeebe_lite.testing import ZeebeTestEnvironment, open_incidents

TIMEOUT = timedelta(seconds=30)


def _app(
    engine: ZeebeTestEnvironment, tmp_path: Path, integration: Integration, **settings: object
) -> WorkerApp:
    return WorkerApp(
        fleet_settings(engine.address, tmp_path, **settings), [integration], engine_clock=engine.now
    )


async def _start(engine: ZeebeTestEnvironment, job_type: str, retries: int = 3, **variables: object) -> int:
    created = await engine.client.run_process(
        PROCESS_ID, {"jobType": job_type, "retries": retries, **variables}
    )
    return created.process_instance_key


async def test_a_returned_dict_completes_the_job_with_its_variables(
    engine: ZeebeTestEnvironment, tmp_path: Path
) -> None:
    crm = Integration("crm", group="crm")

    @crm.task("e2e.greet", timeout=TIMEOUT)
    async def greet(name: str) -> dict[str, str]:
        return {"greeting": f"hello {name}"}

    async with running(_app(engine, tmp_path, crm)) as app:
        key = await _start(engine, "e2e.greet", name="ada")
        instance = engine.assert_that(key)
        await instance.is_completed()
        await instance.has_passed_element("done")
        await instance.has_variable("greeting", "hello ada")
        await instance.has_no_incidents()
    assert (
        app.metrics.registry.get_sample_value("fleet_jobs_completed_total", {"task_type": "e2e.greet"}) == 1
    )


async def test_a_bpmn_error_is_thrown_and_caught_by_the_boundary_event(
    engine: ZeebeTestEnvironment, tmp_path: Path
) -> None:
    crm = Integration("crm", group="crm")

    @crm.task("e2e.check", timeout=TIMEOUT)
    async def check(amount: int) -> dict[str, bool]:
        if amount > 100:
            raise BpmnError("REJECTED", "amount over the limit", {"rejectedAmount": amount})
        return {"approved": True}

    async with running(_app(engine, tmp_path, crm)):
        rejected = await _start(engine, "e2e.check", amount=500)
        approved = await _start(engine, "e2e.check", amount=5)
        await engine.assert_that(rejected).is_completed()
        await engine.assert_that(rejected).has_passed_element("rejection-handled")
        await engine.assert_that(rejected).has_not_passed_element("done")
        await engine.assert_that(approved).has_passed_element("done")
    thrown = engine.records().of_type(ValueType.JOB).with_intent(JobIntent.ERROR_THROWN)
    assert [(record.value.error_code, record.value.error_message) for record in thrown] == [
        ("REJECTED", "amount over the limit")
    ]


async def test_a_transient_failure_fails_the_job_with_a_back_off_on_the_engine_clock(
    engine: ZeebeTestEnvironment, tmp_path: Path
) -> None:
    crm = Integration("crm", group="crm")
    attempts: list[int] = []

    @crm.task("e2e.flaky", timeout=TIMEOUT)
    async def flaky(name: str) -> dict[str, int]:
        attempts.append(len(attempts) + 1)
        if len(attempts) == 1:
            raise TransientError("HubSpot answered 503")
        return {"attempts": len(attempts)}

    app = _app(
        engine,
        tmp_path,
        crm,
        retry_backoff_initial=timedelta(seconds=10),
        retry_backoff_max=timedelta(seconds=60),
    )
    async with running(app):
        key = await _start(engine, "e2e.flaky", name="x")
        instance = engine.assert_that(key)
        failed = engine.records().of_type(ValueType.JOB).with_intent(JobIntent.FAILED)
        while not failed:
            await engine.wait_until_idle()
            failed = engine.records().of_type(ValueType.JOB).with_intent(JobIntent.FAILED)
        [failure] = list(failed)
        assert failure.value.retries == 2
        assert failure.value.error_message == "HubSpot answered 503"
        # Jittered in [initial * (1 - jitter), initial]: never 0.
        assert 5_000 <= failure.value.retry_backoff <= 10_000
        # The engine clock stands still: the job must not come back while the back-off runs.
        await engine.advance_time(timedelta(milliseconds=failure.value.retry_backoff - 500))
        await instance.is_waiting_at("work")
        assert attempts == [1]
        await engine.advance_time(timedelta(seconds=1))
        await instance.is_completed()
        await instance.has_variable("attempts", 2)
    recurred = engine.records().of_type(ValueType.JOB).with_intent(JobIntent.RECURRED_AFTER_BACKOFF)
    assert len(recurred) == 1


async def test_a_permanent_failure_raises_an_incident_that_an_operator_resolves(
    engine: ZeebeTestEnvironment, tmp_path: Path
) -> None:
    crm = Integration("crm", group="crm")
    fixed = {"mapping": False}

    @crm.task("e2e.strict", timeout=TIMEOUT)
    async def strict(name: str) -> dict[str, str]:
        if not fixed["mapping"]:
            raise PermanentError("HubSpot rejected property 'leadScore': create it in HubSpot, then resolve")
        return {"contact": name}

    async with running(_app(engine, tmp_path, crm)):
        key = await _start(engine, "e2e.strict", name="ada")
        instance = engine.assert_that(key)
        await instance.has_incident("JOB_NO_RETRIES")
        [incident] = open_incidents(engine.records(), key)
        assert incident.error_message == (
            "HubSpot rejected property 'leadScore': create it in HubSpot, then resolve"
        )
        [failure] = engine.records().of_type(ValueType.JOB).with_intent(JobIntent.FAILED)
        assert failure.value.retries == 0

        fixed["mapping"] = True
        gateway = GatewayStub(engine.channel)
        await gateway.UpdateJobRetries(UpdateJobRetriesRequest(jobKey=incident.job_key, retries=1))
        [created] = engine.records().of_type(ValueType.INCIDENT).with_intent(IncidentIntent.CREATED).events()
        await gateway.ResolveIncident(ResolveIncidentRequest(incidentKey=created.key))
        await instance.is_completed()
        await instance.has_variable("contact", "ada")
        assert open_incidents(engine.records(), key) == []


async def test_invalid_input_is_an_incident_naming_the_variable(
    engine: ZeebeTestEnvironment, tmp_path: Path
) -> None:
    from pydantic import BaseModel

    class Contact(BaseModel):
        email: str

    crm = Integration("crm", group="crm")

    @crm.task("e2e.validated", timeout=TIMEOUT, input_model=Contact)
    async def validated(email: str) -> None:
        return None

    async with running(_app(engine, tmp_path, crm)):
        key = await _start(engine, "e2e.validated", email=42)
        await engine.assert_that(key).has_incident("JOB_NO_RETRIES")
        [incident] = open_incidents(engine.records(), key)
        assert "email" in incident.error_message


async def test_a_job_whose_completion_is_lost_times_out_and_the_redelivery_replays_the_outcome(
    engine: ZeebeTestEnvironment, tmp_path: Path, store_settings: dict[str, object]
) -> None:
    crm = Integration("crm", group="crm")
    effects: Counter[str] = Counter()

    @crm.task("e2e.charge", timeout=TIMEOUT)
    async def charge(orderId: str) -> dict[str, str]:
        effects[orderId] += 1
        return {"chargeId": f"ch-{orderId}-{effects[orderId]}"}

    counts = RpcCounts()
    counts.drop["CompleteJob"] = 1  # the first CompleteJob never reaches the gateway
    app = WorkerApp(
        fleet_settings(engine.address, tmp_path, **store_settings),
        [crm],
        channel_factory=spying_channel_factory(counts),
        engine_clock=engine.now,
    )
    async with running(app):
        key = await _start(engine, "e2e.charge", orderId="o-1")
        instance = engine.assert_that(key)
        while counts.calls["CompleteJob"] == 0:
            await engine.wait_until_idle()
        await instance.is_waiting_at("work")
        await engine.advance_time(TIMEOUT + timedelta(seconds=1))
        await instance.is_completed()
        await instance.has_variable("chargeId", "ch-o-1-1")
    assert effects == {"o-1": 1}
    timed_out = engine.records().of_type(ValueType.JOB).with_intent(JobIntent.TIMED_OUT)
    assert len(timed_out) == 1
    assert counts.calls["CompleteJob"] == 2
    assert (
        app.metrics.registry.get_sample_value("fleet_idempotency_replays_total", {"task_type": "e2e.charge"})
        == 1
    )
