"""The fleet command: help, start-up errors, model check, and a real run stopped by SIGTERM."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import structlog

from workers.cli import main

REPO = Path(__file__).parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "workers"
SAMPLES = "fleet_sample_integrations:INTEGRATIONS"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("ZEEBE_", "CAMUNDA_", "FLEET_")):
            monkeypatch.delenv(name)


def test_run_help_explains_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["run", "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    for option in ("--group", "--integrations", "--health-port", "ZEEBE_ADDRESS", "ZEEBE_CLIENT_SECRET"):
        assert option in text
    for setting in (
        "FLEET_SHUTDOWN_GRACE",
        "FLEET_MAX_RUNNING_JOBS",
        "FLEET_DATABASE_URL",
        "CAMUNDA_CLUSTER_ID",
    ):
        assert setting in text


def test_invalid_settings_stop_with_one_message_and_no_secret(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ZEEBE_CLIENT_SECRET", "hunter2-secret")
    monkeypatch.setenv("FLEET_MAX_RUNNING_JOBS", "-1")
    assert main(["run", "--integrations", SAMPLES]) == 2
    error = capsys.readouterr().err
    assert error.startswith("Invalid fleet settings:")
    assert "FLEET_MAX_RUNNING_JOBS" in error and "hunter2-secret" not in error


def test_unknown_group_is_rejected(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--integrations", SAMPLES, "--group", "billing"]) == 2
    assert "unknown worker group(s) billing; known: crm, messaging, payments" in capsys.readouterr().err


def test_no_handlers_is_rejected(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--integrations", "fleet_sample_integrations:NONE"]) == 2
    assert "no task handlers" in capsys.readouterr().err


def test_check_models_passes_with_all_handlers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-models", "--bpmn", str(FIXTURES / "bpmn"), "--integrations", SAMPLES]) == 0
    assert "OK: 6 task(s)" in capsys.readouterr().out


def test_check_models_fails_on_missing_handlers(capsys: pytest.CaptureFixture[str]) -> None:
    reference = "fleet_sample_integrations:PARTIAL"
    assert main(["check-models", "--bpmn", str(FIXTURES / "bpmn"), "--integrations", reference]) == 1
    assert "missing handler for 'payments.record-payment'" in capsys.readouterr().out


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_fleet_run_serves_probes_and_exits_0_on_sigterm(tmp_path: Path) -> None:
    health_port, gateway_port = _free_port(), _free_port()
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), str(Path(__file__).parent)]),
        "ZEEBE_ADDRESS": f"127.0.0.1:{gateway_port}",
        "FLEET_HEALTH_HOST": "127.0.0.1",
        "FLEET_DATABASE_URL": f"sqlite:///{tmp_path / 'fleet.sqlite3'}",
        "FLEET_SHUTDOWN_GRACE": "5",
        "FLEET_RECONNECT_BACKOFF_MAX": "1",
        "FLEET_WORKER_NAME": "cli-test",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "workers",
            "run",
            "--integrations",
            SAMPLES,
            "--group",
            "crm",
            "--group",
            "messaging",
            "--health-port",
            str(health_port),
        ],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{health_port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                healthz = httpx.get(f"{base}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "health server did not come up"
                time.sleep(0.2)
        assert healthz.status_code == 200
        readyz = httpx.get(f"{base}/readyz", timeout=10)
        assert readyz.status_code == 503
        assert readyz.json()["checks"]["idempotency_store"] == "ok"
        assert readyz.json()["checks"]["gateway"] != "ok"
        metrics = httpx.get(f"{base}/metrics", timeout=5).text
        assert 'fleet_jobs_capacity{task_type="crm.create-contact"} 32.0' in metrics
        assert 'fleet_jobs_capacity{task_type="messaging.send-whatsapp"} 32.0' in metrics
        assert "payments.record-payment" not in metrics
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    events = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    names = [event["event"] for event in events]
    assert "fleet.started" in names and names[-1] == "fleet.stopped"
    assert any(name == "gateway.poll_failed" for name in names)


def test_integrations_that_cannot_be_loaded_are_reported(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--integrations", "no_such_module_anywhere:INTEGRATIONS"]) == 2
    assert "cannot load the integrations" in capsys.readouterr().err


def test_malformed_models_are_reported(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-models", "--bpmn", str(FIXTURES / "bpmn-malformed"), "--integrations", SAMPLES]) == 2
    assert "broken.bpmn" in capsys.readouterr().err


def test_unknown_database_scheme_is_a_settings_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FLEET_DATABASE_URL", "mysql://fleet:pw-secret@db/fleet")
    assert main(["run", "--integrations", SAMPLES]) == 2
    error = capsys.readouterr().err
    assert "FLEET_DATABASE_URL: must start with sqlite:/// or postgresql://" in error
    assert "pw-secret" not in error


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    structlog.reset_defaults()


@pytest.mark.usefixtures("restore_logging")
def test_unreachable_database_stops_the_start_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("FLEET_DATABASE_URL", f"sqlite:///{blocker}/fleet.sqlite3")
    monkeypatch.setenv("FLEET_HEALTH_PORT", "0")
    assert main(["run", "--integrations", SAMPLES]) == 1
    assert "cannot open the idempotency store (FLEET_DATABASE_URL)" in capsys.readouterr().err
