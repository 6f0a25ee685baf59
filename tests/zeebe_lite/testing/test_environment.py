"""The test environment: fixtures, time skipping, idleness, record queries and assertions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pyzeebe import ZeebeClient

from zeebe_lite.records import ProcessInstanceIntent, ValueType
from zeebe_lite.testing import ZeebeTestEnvironment, active_elements, root_variables

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "gateway"
SHORT = dt.timedelta(milliseconds=200)


async def test_fixtures_give_a_connected_client(
    zeebe_test_env: ZeebeTestEnvironment, zeebe_client: ZeebeClient
) -> None:
    deployment = await zeebe_test_env.deploy(FIXTURES / "instant.bpmn")
    assert [process.bpmn_process_id for process in deployment.processes_metadata] == ["instant"]
    created = await zeebe_client.run_process("instant", {"greeting": "hi"})
    instance = zeebe_test_env.assert_that(created.process_instance_key)
    await instance.is_completed()
    await instance.has_passed_element("end")
    await instance.has_variable("greeting", "hi")
    await instance.has_no_incidents()


async def test_time_stands_still_until_advanced(zeebe_test_env: ZeebeTestEnvironment) -> None:
    await zeebe_test_env.deploy(FIXTURES / "timer.bpmn")
    started_at = zeebe_test_env.now()
    created = await zeebe_test_env.client.run_process("reminder")
    await zeebe_test_env.wait_until_idle(quiet=dt.timedelta(milliseconds=200))
    assert zeebe_test_env.now() == started_at
    assert active_elements(zeebe_test_env.records(), created.process_instance_key) == ["wait-a-day"]
    await zeebe_test_env.advance_time(dt.timedelta(days=1))
    assert zeebe_test_env.now() == started_at + dt.timedelta(days=1)
    completed = (
        zeebe_test_env.records()
        .of_type(ValueType.PROCESS_INSTANCE)
        .with_key(created.process_instance_key)
        .with_intent(ProcessInstanceIntent.ELEMENT_COMPLETED)
    )
    assert len(completed) == 1, "advance_time returns only after the due timer was processed"


async def test_failed_assertions_say_what_was_seen(zeebe_test_env: ZeebeTestEnvironment) -> None:
    await zeebe_test_env.deploy(FIXTURES / "timer.bpmn")
    created = await zeebe_test_env.client.run_process("reminder", {"who": "ada"})
    instance = zeebe_test_env.assert_that(created.process_instance_key, timeout=SHORT)
    await instance.is_waiting_at("wait-a-day")
    with pytest.raises(AssertionError, match=r"expected it to be completed.*wait-a-day"):
        await instance.is_completed()
    with pytest.raises(AssertionError, match="passed 1 time"):
        await instance.has_passed_element("wait-a-day")
    with pytest.raises(AssertionError, match="'who': 'ada'"):
        await instance.has_variable("who", "bob")
    with pytest.raises(AssertionError, match="expected an incident"):
        await instance.has_incident()
    await instance.is_active()
    await instance.has_variable("who")
    assert root_variables(zeebe_test_env.records(), created.process_instance_key) == {"who": "ada"}


async def test_incident_assertion_by_type(zeebe_test_env: ZeebeTestEnvironment) -> None:
    await zeebe_test_env.deploy(FIXTURES / "single-task.bpmn")
    created = await zeebe_test_env.client.run_process("single-task", {"jobType": "broken"})
    engine = zeebe_test_env.server.engine
    [job] = await engine.activate_jobs("broken", "w", dt.timedelta(seconds=5), 1)
    await engine.fail_job(job.key, retries=0, error_message="gave up")
    instance = zeebe_test_env.assert_that(created.process_instance_key, timeout=SHORT)
    await instance.has_incident("JOB_NO_RETRIES")
    with pytest.raises(AssertionError, match="JOB_NO_RETRIES"):
        await instance.has_no_incidents()
    with pytest.raises(AssertionError, match="of type IO_MAPPING_ERROR"):
        await instance.has_incident("IO_MAPPING_ERROR")


async def test_cancel_shows_as_terminated(zeebe_test_env: ZeebeTestEnvironment) -> None:
    await zeebe_test_env.deploy(FIXTURES / "timer.bpmn")
    created = await zeebe_test_env.client.run_process("reminder")
    await zeebe_test_env.client.cancel_process_instance(created.process_instance_key)
    instance = zeebe_test_env.assert_that(created.process_instance_key, timeout=SHORT)
    await instance.is_terminated()
    with pytest.raises(AssertionError, match="expected it to be active"):
        await instance.is_active()


async def test_advance_time_needs_time_skipping() -> None:
    async with await ZeebeTestEnvironment.start(time_skipping=False) as env:
        with pytest.raises(RuntimeError, match="time-skipping"):
            await env.advance_time(dt.timedelta(seconds=1))
        assert (await env.client.topology()).cluster_size == 1


async def test_start_time_is_configurable() -> None:
    start = dt.datetime(2030, 5, 17, 8, 0, tzinfo=dt.UTC)
    async with await ZeebeTestEnvironment.start(start_time=start) as env:
        assert env.now() == start


async def test_durable_environment_reads_committed_records(tmp_path: Path) -> None:
    async with await ZeebeTestEnvironment.start(data_dir=tmp_path / "data") as env:
        await env.deploy(FIXTURES / "instant.bpmn")
        created = await env.client.run_process("instant")
        await env.assert_that(created.process_instance_key).is_completed()
        await env.wait_until_idle()
        positions = [record.position for record in env.records()]
        assert positions == list(range(1, len(positions) + 1))
    assert (tmp_path / "data" / "engine.db").is_file()


async def test_mock_job_workers_complete_throw_and_fail(zeebe_test_env: ZeebeTestEnvironment) -> None:
    await zeebe_test_env.deploy(FIXTURES / "payment.bpmn", FIXTURES / "single-task.bpmn")
    completing = zeebe_test_env.mock_job_worker("done").then_complete({"mocked": True})
    zeebe_test_env.mock_job_worker("charge-card").then_throw_error("CARD_DECLINED", "no funds")
    zeebe_test_env.mock_job_worker("broken").then_fail("always broken")

    done = await zeebe_test_env.client.run_process("single-task", {"jobType": "done"})
    await zeebe_test_env.assert_that(done.process_instance_key).has_variable("mocked", True)
    await zeebe_test_env.assert_that(done.process_instance_key).is_completed()
    assert [job.record.process_instance_key for job in completing.handled] == [done.process_instance_key]

    await zeebe_test_env.client.publish_message("payment-received", "o-1")
    declined = await zeebe_test_env.client.run_process("payment", {"orderId": "o-1"})
    await zeebe_test_env.assert_that(declined.process_instance_key).has_passed_element("payment-declined")

    broken = await zeebe_test_env.client.run_process("single-task", {"jobType": "broken"})
    await zeebe_test_env.assert_that(broken.process_instance_key).has_incident("JOB_NO_RETRIES")


async def test_a_mock_has_one_behaviour(zeebe_test_env: ZeebeTestEnvironment) -> None:
    mock = zeebe_test_env.mock_job_worker("twice").then_complete()
    with pytest.raises(RuntimeError, match="already has a behaviour"):
        mock.then_fail("no")


async def test_complete_a_camunda_user_task(zeebe_test_env: ZeebeTestEnvironment) -> None:
    await zeebe_test_env.deploy(FIXTURES / "review.bpmn")
    created = await zeebe_test_env.client.run_process("review")
    instance = zeebe_test_env.assert_that(created.process_instance_key, timeout=SHORT)
    await instance.is_waiting_at("approve")
    await zeebe_test_env.complete_user_task(created.process_instance_key, "approve", {"approved": True})
    await instance.is_completed()
    await instance.has_variable("approved", True)
    with pytest.raises(AssertionError, match="no open user task"):
        await zeebe_test_env.complete_user_task(created.process_instance_key, "approve", within=SHORT)
