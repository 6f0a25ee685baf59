"""``zeebe_lite status``: the state of a data directory, as text and JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from zeebe_lite.cli import main
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.gateway import engine_file

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "gateway"


def _populate(data_dir: Path) -> dict[str, int]:
    data_dir.mkdir()
    engine = Engine.open(engine_file(data_dir), clock=ManualClock())
    names = ("approval.bpmn", "review.bpmn", "single-task.bpmn")
    engine.deploy({name: (FIXTURES / name).read_bytes() for name in names})
    approval = engine.create_process_instance(bpmn_process_id="approval")
    review = engine.create_process_instance(bpmn_process_id="review")
    failing = engine.create_process_instance(bpmn_process_id="single-task", variables={"jobType": "x"})
    waiting = engine.create_process_instance(bpmn_process_id="single-task", variables={"jobType": "y"})
    [job] = engine.activate_jobs("x", "worker-1", dt.timedelta(seconds=30), 1)
    engine.fail_job(job.key, 0, "boom")
    engine.close()
    return {
        "approval": approval.process_instance_key,
        "review": review.process_instance_key,
        "failing": failing.process_instance_key,
        "waiting": waiting.process_instance_key,
        "failed_job": job.key,
    }


def test_status_lists_instances_elements_jobs_incidents_and_user_tasks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = _populate(tmp_path / "data")
    assert main(["status", "--data", str(tmp_path / "data"), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert {p["bpmnProcessId"] for p in status["processes"]} == {"approval", "review", "single-task"}
    instances = {i["processInstanceKey"]: i for i in status["processInstances"]}
    assert set(instances) == {keys["approval"], keys["review"], keys["failing"], keys["waiting"]}

    [review_task] = instances[keys["review"]]["userTasks"]
    assert (review_task["elementId"], review_task["assignee"], review_task["candidateGroups"]) == (
        "approve",
        "grace",
        ["reviewers"],
    )
    assert review_task["userTaskKey"] is not None and review_task["jobKey"] is None
    assert instances[keys["review"]]["jobs"] == []

    approval = instances[keys["approval"]]
    assert [e["elementId"] for e in approval["activeElements"]] == ["approve"]
    [task] = approval["userTasks"]
    assert (task["elementId"], task["jobKey"], task["assignee"]) == (
        "approve",
        approval["jobs"][0]["jobKey"],
        "ada",
    )
    assert approval["jobs"][0]["type"] == "io.camunda.zeebe:userTask"

    failing = instances[keys["failing"]]
    [incident] = failing["incidents"]
    assert (incident["errorType"], incident["errorMessage"], incident["jobKey"]) == (
        "JOB_NO_RETRIES",
        "boom",
        keys["failed_job"],
    )
    [job] = failing["jobs"]
    assert (job["state"], job["worker"], job["retries"]) == ("FAILED", "worker-1", 0)

    [waiting_job] = instances[keys["waiting"]]["jobs"]
    assert (waiting_job["type"], waiting_job["state"]) == ("y", "ACTIVATABLE")


def test_status_text_names_what_waits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keys = _populate(tmp_path / "data")
    assert main(["status", "--data", str(tmp_path / "data")]) == 0
    text = capsys.readouterr().out
    assert "incident" in text and "JOB_NO_RETRIES at task: boom" in text
    assert "user task approve assigned to ada (key" in text
    assert str(keys["waiting"]) in text


def test_status_of_a_missing_data_directory_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--data", str(tmp_path / "nothing")]) == 1
    assert "no record log" in capsys.readouterr().err
    assert not (tmp_path / "nothing").exists()


def test_serve_help_explains_the_rest_port(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    help_text = capsys.readouterr().out
    assert "--rest-port" in help_text
    assert "--in-memory" in help_text and "--deploy" in help_text
