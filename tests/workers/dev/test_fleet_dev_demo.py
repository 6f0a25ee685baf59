"""`fleet dev --demo` end to end in a subprocess: every flow through the real ingress, engine, workers and emulators;
then a second `fleet dev` on the same data resumes the instance parked at its timer."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from workers.dev.ports import DEFAULT_PORTS, DevPorts, parse_ports
from workers.dev.session import SESSION_FILE_NAME, read_session

needs_ocr = pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs the tesseract binary (OCR)")

FLEET = [sys.executable, "-m", "workers"]


@dataclass
class DemoRun:
    data_dir: Path
    returncode: int
    output: str

    def flow_rows(self) -> dict[tuple[str, str], tuple[int, str, int]]:
        """(flow, path) -> (completed, waiting, incidents) from the outcome table."""
        rows: dict[tuple[str, str], tuple[int, str, int]] = {}
        table = re.split(r"^flow\s+path\s.*$", self.output, flags=re.MULTILINE)[1].split("\n\n", 1)[0]
        for line in table.splitlines()[2:]:
            cells = re.split(r"\s{2,}", line.strip())
            rows[(cells[0], cells[1])] = (int(cells[2]), cells[3], int(cells[4]))
        return rows

    def figures(self) -> dict[str, int]:
        """The figure -> value table."""
        table = re.split(r"^figure\s+value$", self.output, flags=re.MULTILINE)[1].split("\n\n", 1)[0]
        values = {}
        for line in table.splitlines()[2:]:
            name, value = re.split(r"\s{2,}", line.strip())
            values[name] = int(value)
        return values


def _environment() -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("FLEET_", "ZEEBE_", "CAMUNDA_", "HUBSPOT_", "STRIPE_", "MANYCHAT_", "WHATSAPP_")
        )
    }
    return environment


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    data_dir = tmp_path_factory.mktemp("fleet-dev") / "data"
    finished = subprocess.run(
        [*FLEET, "dev", "--demo", "--exit-after-demo", "--data", str(data_dir), "--ports", "free"],
        check=False,
        capture_output=True,
        text=True,
        timeout=150,
        env=_environment(),
    )
    return DemoRun(data_dir, finished.returncode, finished.stdout + finished.stderr)


@needs_ocr
def test_the_demo_runs_every_flow_and_reports_the_outcomes(demo_run: DemoRun) -> None:
    assert demo_run.returncode == 0, demo_run.output
    assert "no API credentials configured" in demo_run.output
    rows = demo_run.flow_rows()
    assert rows == {
        ("approval-rpa", "completed"): (1, "0", 0),
        ("hubspot-lead-to-manychat", "sent"): (1, "0", 0),
        ("lead-intake", "cold"): (1, "0", 0),
        ("lead-intake", "hot / message-sent"): (1, "0", 0),
        ("lead-intake", "warm"): (0, "1 at timer followUpAfter (PT4H)", 0),
        ("stripe-payment", "auto-approve / succeeded"): (1, "0", 0),
        ("stripe-payment", "manual-review / succeeded"): (1, "0", 0),
        ("stripe-payment", "reject / rejected"): (1, "0", 0),
        ("whatsapp-ticket", "sent"): (1, "0", 0),
    }, demo_run.output
    figures = demo_run.figures()
    assert figures["HubSpot contacts"] == 4  # three leads and the demo's HubSpot contact
    assert figures["ManyChat messages sent"] == 2  # the hot lead and the HubSpot sync
    assert figures["WhatsApp messages sent"] == 1  # the ticket summary
    assert figures["sheet rows (Payments)"] == 2  # approved and reviewed payments; the rejected one is not
    assert figures["sheet rows (Sheet1)"] == 1  # the receipt
    assert figures["accounting documents (PDF)"] == 1
    assert figures["bot runs"] == 1 and figures["bot runs successful"] == 1
    assert "ReviewPayment" in demo_run.output and "ApproveRequest" in demo_run.output
    assert not (demo_run.data_dir / SESSION_FILE_NAME).exists()  # removed on exit


@needs_ocr
def test_the_services_table_says_what_runs_where(demo_run: DemoRun) -> None:
    for service in ("zeebe_lite gRPC", "zeebe_lite REST", "ingress", "workers", "emulator stripe", "data"):
        assert re.search(rf"^{re.escape(service)}\s+\S", demo_run.output, re.MULTILINE), service
    assert "lead-intake.bpmn" in demo_run.output and "payment-approval.dmn" in demo_run.output


def _wait_for_session(process: subprocess.Popen[str], data_dir: Path) -> dict[str, str]:
    deadline = time.monotonic() + 60
    path = data_dir / SESSION_FILE_NAME
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"fleet dev exited with {process.returncode}: {process.communicate()}")
        if path.exists():
            try:
                document: dict[str, str] = json.loads(path.read_text())
                return document
            except json.JSONDecodeError:
                pass
        time.sleep(0.1)
    raise AssertionError("fleet dev did not come up")


@pytest.fixture
def resumed(demo_run: DemoRun) -> Iterator[dict[str, str]]:
    process = subprocess.Popen(
        [*FLEET, "dev", "--data", str(demo_run.data_dir), "--ports", "free"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_environment(),
    )
    try:
        yield _wait_for_session(process, demo_run.data_dir)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
        assert process.returncode == 0, output
        assert "fleet dev: stopping" in output
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


@needs_ocr
def test_a_second_fleet_dev_on_the_same_data_resumes_the_waiting_instances(
    demo_run: DemoRun, resumed: dict[str, str]
) -> None:
    assert demo_run.returncode == 0, demo_run.output
    rest = resumed["rest_url"]
    found = httpx.post(
        f"{rest}/process-instances/search",
        json={"filter": {"processDefinitionId": "lead-intake"}},
        timeout=10,
    ).json()["items"]
    assert sorted(item["state"] for item in found) == ["ACTIVE", "COMPLETED", "COMPLETED"]
    (waiting,) = [item for item in found if item["state"] == "ACTIVE"]
    elements = httpx.post(
        f"{rest}/element-instances/search",
        json={"filter": {"processInstanceKey": waiting["processInstanceKey"], "state": "ACTIVE"}},
        timeout=10,
    ).json()["items"]
    assert [item["elementId"] for item in elements if item["type"] != "PROCESS"] == ["WaitForFollowUp"]
    completed = httpx.post(
        f"{rest}/process-instances/search", json={"filter": {"state": "COMPLETED"}}, timeout=10
    ).json()["items"]
    assert len(completed) == 8
    hubspot = read_session(demo_run.data_dir).emulators["hubspot"]
    contacts = httpx.get(f"{hubspot}/__sandbox/state", timeout=10).json()["state"]["contacts"]
    assert len(contacts) >= 4  # the first demo's contacts are still there (DATA/sandbox.sqlite3)


@needs_ocr
def test_fleet_demo_runs_against_a_running_fleet_dev_and_counts_only_its_own_instances(
    demo_run: DemoRun, resumed: dict[str, str]
) -> None:
    finished = subprocess.run(
        [*FLEET, "demo", "--data", str(demo_run.data_dir), "--ingress-url", resumed["ingress_url"] + "/"],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        env=_environment(),
    )
    second = DemoRun(demo_run.data_dir, finished.returncode, finished.stdout + finished.stderr)
    assert second.returncode == 0, second.output
    assert second.flow_rows() == demo_run.flow_rows()  # the first run's instances are not counted again
    assert second.figures()["HubSpot contacts"] == 4  # only what this demo added to the kept emulator state
    assert f"through the ingress {resumed['ingress_url']}" in second.output


def test_a_busy_port_stops_fleet_dev_with_a_clear_message(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        finished = subprocess.run(
            [
                *FLEET,
                "dev",
                "--data",
                str(tmp_path),
                "--ports",
                f"grpc=0,rest={port},ingress=0,sandbox=0,health=0",
            ],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
            env=_environment(),
        )
    assert finished.returncode == 1
    assert f"127.0.0.1:{port} (zeebe_lite REST API)" in finished.stderr
    assert "--ports" in finished.stderr


def test_fleet_demo_without_a_running_fleet_dev_says_so(tmp_path: Path) -> None:
    finished = subprocess.run(
        [*FLEET, "demo", "--data", str(tmp_path)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        env=_environment(),
    )
    assert finished.returncode == 2
    assert "no running `fleet dev`" in finished.stderr


def test_ports_are_parsed_over_the_defaults() -> None:
    assert parse_ports("rest=8081") == DevPorts(rest=8081)
    assert parse_ports("free").fixed() == []
    assert DEFAULT_PORTS.sandbox_ports()["hubspot"] == 18100
    assert DEFAULT_PORTS.sandbox_ports()["openrpa"] == 18109
    with pytest.raises(ValueError, match="NAME=PORT"):
        parse_ports("web=1")
