"""``fleet tasks`` against zeebe_lite's REST API v2, through Camunda's SDK: list, claim, complete, errors."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from workers.cli import main
from workers.tasks_cli import parse_variable
from zeebe_lite.rest import RestServer, start_rest_server
from zeebe_lite.testing import ZeebeTestEnvironment, free_port, root_variables

pytest.importorskip("camunda_orchestration_sdk")

MODEL = Path(__file__).parents[1] / "fixtures" / "ingress" / "tasks" / "fleet-tasks-review.bpmn"


@dataclass
class Cluster:
    env: ZeebeTestEnvironment
    rest: RestServer
    http: httpx.AsyncClient

    async def start_review(self, amount: int) -> int:
        created = await self.env.client.run_process("fleet-tasks-review", {"amount": amount})
        await self.env.wait_until_idle()
        return created.process_instance_key

    async def task_of(self, instance: int) -> dict[str, object]:
        found = await self.http.post(
            "/user-tasks/search", json={"filter": {"processInstanceKey": str(instance)}}
        )
        [task] = found.json()["items"]
        document: dict[str, object] = task
        return document


@pytest.fixture
async def cluster(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Cluster]:
    for name in list(os.environ):
        if name.startswith(("CAMUNDA_", "ZEEBE_")):
            monkeypatch.delenv(name)
    async with await ZeebeTestEnvironment.start() as env:
        await env.deploy(MODEL)
        rest = await start_rest_server(env.server.engine, "127.0.0.1", 0)
        monkeypatch.setenv("CAMUNDA_REST_ADDRESS", rest.base_url)
        monkeypatch.setenv("CAMUNDA_AUTH_STRATEGY", "NONE")
        try:
            async with httpx.AsyncClient(base_url=rest.base_url) as http:
                yield Cluster(env, rest, http)
        finally:
            await rest.stop()


async def fleet(*arguments: str) -> int:
    """Run ``fleet`` in a thread (it runs its own event loop) while the engine serves on this one."""
    return await asyncio.to_thread(main, list(arguments))


async def test_list_shows_open_tasks_as_a_table_and_as_json(
    cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    first = await cluster.start_review(10)
    second = await cluster.start_review(20)
    assert await fleet("tasks", "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["KEY", "STATE", "ASSIGNEE", "NAME", "PROCESS", "INSTANCE", "CREATED"]
    assert len(lines) == 3
    assert all(
        "Review expense" in line and "fleet-tasks-review" in line and "CREATED" in line for line in lines[1:]
    )
    assert {line.split()[-2] for line in lines[1:]} == {str(first), str(second)}

    assert await fleet("tasks", "list", "--json") == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {row["INSTANCE"] for row in rows} == {str(first), str(second)}
    assert all(row["ASSIGNEE"] == "-" and row["NAME"] == "Review expense" for row in rows)

    assert await fleet("tasks", "list", "--limit", "1", "--json") == 0
    captured = capsys.readouterr()
    assert [json.loads(line)["INSTANCE"] for line in captured.out.splitlines()] == [str(first)]
    assert "showing 1 of 2 user tasks" in captured.err


async def test_claim_assigns_and_list_filters_by_assignee(
    cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    instance = await cluster.start_review(5)
    await cluster.start_review(6)
    key = str((await cluster.task_of(instance))["userTaskKey"])
    assert await fleet("tasks", "claim", key, "--assignee", "ada") == 0
    assert capsys.readouterr().out.strip() == f"claimed user task {key} for ada"
    assert (await cluster.task_of(instance))["assignee"] == "ada"

    assert await fleet("tasks", "list", "--assignee", "ada", "--json") == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(row["KEY"], row["ASSIGNEE"]) for row in rows] == [(key, "ada")]
    assert await fleet("tasks", "list", "--assignee", "nobody") == 0
    assert capsys.readouterr().out.strip() == "no user tasks"


async def test_claiming_a_task_somebody_else_holds_fails_clearly(
    cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    instance = await cluster.start_review(5)
    key = str((await cluster.task_of(instance))["userTaskKey"])
    assert await fleet("tasks", "claim", key, "--assignee", "ada") == 0
    capsys.readouterr()
    assert await fleet("tasks", "claim", key, "--assignee", "grace") == 1
    error = capsys.readouterr().err
    assert error.startswith(f"fleet tasks claim: cannot claim user task {key}:") and "already" in error
    assert (await cluster.task_of(instance))["assignee"] == "ada"


async def test_claim_defaults_to_the_current_user(cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "operator-7")
    instance = await cluster.start_review(5)
    key = str((await cluster.task_of(instance))["userTaskKey"])
    assert await fleet("tasks", "claim", key) == 0
    assert (await cluster.task_of(instance))["assignee"] == "operator-7"


async def test_complete_sets_typed_variables_and_ends_the_task(
    cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    instance = await cluster.start_review(40)
    key = str((await cluster.task_of(instance))["userTaskKey"])
    code = await fleet(
        "tasks", "complete", key,
        "--var", "approved=true", "--var", "amount=12.5", "--var", "note=looks fine",
        "--var", 'tags=["travel", "q3"]', "--var", 'code="007"', "--var", "reviewer={\"name\": \"ada\"}",
    )  # fmt: skip
    assert code == 0
    assert (
        capsys.readouterr().out.strip()
        == f"completed user task {key} (amount, approved, code, note, reviewer, tags)"
    )
    await cluster.env.assert_that(instance).is_completed()
    variables = root_variables(cluster.env.records(), instance)
    assert variables["approved"] is True and variables["amount"] == 12.5 and variables["note"] == "looks fine"
    assert variables["tags"] == ["travel", "q3"] and variables["code"] == "007"
    assert variables["reviewer"] == {"name": "ada"}

    assert await fleet("tasks", "list", "--state", "completed", "--json") == 0
    [row] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (row["KEY"], row["STATE"]) == (key, "COMPLETED")
    assert await fleet("tasks", "list") == 0
    assert capsys.readouterr().out.strip() == "no user tasks"


async def test_unknown_and_finished_tasks_give_a_clear_error_and_exit_1(
    cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await fleet("tasks", "complete", "2251799813685249", "--var", "a=1") == 1
    assert capsys.readouterr().err.strip() == (
        "fleet tasks complete: user task 2251799813685249 not found (unknown, or no longer open)"
    )
    assert await fleet("tasks", "claim", "2251799813685249") == 1
    assert "user task 2251799813685249 not found" in capsys.readouterr().err

    instance = await cluster.start_review(1)
    key = str((await cluster.task_of(instance))["userTaskKey"])
    assert await fleet("tasks", "complete", key) == 0
    assert await fleet("tasks", "complete", key) == 1
    assert f"user task {key} not found" in capsys.readouterr().err


async def test_a_key_that_is_not_a_number_is_a_usage_error(
    cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await fleet("tasks", "claim", "task-one") == 2
    assert "'task-one' is not a user task key" in capsys.readouterr().err


async def test_an_unreachable_api_is_reported_with_its_address(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    address = f"http://127.0.0.1:{free_port()}/v2"
    monkeypatch.setenv("CAMUNDA_REST_ADDRESS", address)
    monkeypatch.setenv("CAMUNDA_AUTH_STRATEGY", "NONE")
    assert await fleet("tasks", "list") == 1
    error = capsys.readouterr().err
    assert error.startswith("fleet tasks list: cannot reach the REST API at") and "127.0.0.1" in error


async def test_the_console_script_runs_in_its_own_process(cluster: Cluster) -> None:
    instance = await cluster.start_review(3)
    key = str((await cluster.task_of(instance))["userTaskKey"])
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "workers.cli", "tasks", "claim", key, "--assignee", "bob",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=dict(os.environ),
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    assert out.decode().strip() == f"claimed user task {key} for bob"
    assert (await cluster.task_of(instance))["assignee"] == "bob"


@pytest.mark.parametrize(
    ("assignment", "expected"),
    [
        ("approved=true", ("approved", True)),
        ("n=3", ("n", 3)),
        ("ratio=0.5", ("ratio", 0.5)),
        ("nothing=null", ("nothing", None)),
        ("name=ada lovelace", ("name", "ada lovelace")),
        ('quoted="42"', ("quoted", "42")),
        ("empty=", ("empty", "")),
        ("url=https://x.test/?a=b", ("url", "https://x.test/?a=b")),
        ('obj={"k": [1]}', ("obj", {"k": [1]})),
    ],
)
def test_variable_values_are_json_when_valid_else_text(assignment: str, expected: tuple[str, object]) -> None:
    assert parse_variable(assignment) == expected


@pytest.mark.parametrize("assignment", ["novalue", "=1", " =x"])
def test_variables_need_a_name_and_an_equals_sign(assignment: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        parse_variable(assignment)


def test_tasks_help_lists_the_actions_and_the_sdk_variables(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["tasks", "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    for word in (
        "list",
        "claim",
        "complete",
        "CAMUNDA_REST_ADDRESS",
        "CAMUNDA_AUTH_STRATEGY",
        "CAMUNDA_CLIENT_ID",
    ):
        assert word in text
