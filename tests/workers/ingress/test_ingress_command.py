"""``fleet ingress`` as a process: settings from the environment, a real gateway, SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

import httpx
import pytest

from workers.cli import main
from zeebe_lite.records import BpmnElementType, ProcessInstanceIntent, ValueType
from zeebe_lite.testing import ZeebeTestEnvironment, free_port

MODEL = Path(__file__).parents[2] / "fixtures" / "ingress" / "approval-rpa.bpmn"


def _clean_environment() -> dict[str, str]:
    prefixes = ("ZEEBE_", "CAMUNDA_", "FLEET_", "MANYCHAT_", "HUBSPOT_", "STRIPE_", "WHATSAPP_", "OPENRPA_")
    return {name: value for name, value in os.environ.items() if not name.startswith(prefixes)}


async def test_the_command_serves_publishes_and_stops_on_sigterm() -> None:
    async with await ZeebeTestEnvironment.start() as env:
        await env.deploy(MODEL)
        port = free_port()
        environment = _clean_environment() | {
            "ZEEBE_ADDRESS": env.address,
            "FLEET_APPROVALS_SECRET": "approve-secret-123",
            "FLEET_LOG_FORMAT": "json",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "workers.cli", "ingress", "--host", "127.0.0.1", "--port", str(port),
            env=environment, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
                for _ in range(600):
                    try:
                        ready = await http.get("/readyz")
                        break
                    except httpx.TransportError:
                        await asyncio.sleep(0.05)
                assert ready.status_code == 200
                request = {"requestId": "CMD-1", "requestedBy": "ops", "subject": "s", "rpaQueue": "q"}
                accepted = await http.post(
                    "/approvals", json=request, headers={"X-Fleet-Webhook-Secret": "approve-secret-123"}
                )
                assert accepted.status_code == 202
                unconfigured = await http.post("/webhooks/stripe", content=b"{}")
                assert unconfigured.status_code == 503
        finally:
            process.send_signal(signal.SIGTERM)
            out, err = await asyncio.wait_for(process.communicate(), timeout=30)
        assert process.returncode == 0, err.decode()
        logs = (out + err).decode()
        assert "approve-secret-123" not in logs
        assert any(
            json.loads(line).get("event") == "ingress.published"
            for line in logs.splitlines()
            if line.startswith("{")
        )
        await env.wait_until_idle()
        started = (
            env.records()
            .of_type(ValueType.PROCESS_INSTANCE)
            .with_intent(ProcessInstanceIntent.ELEMENT_ACTIVATED)
            .filter(lambda record: record.value.bpmn_element_type == BpmnElementType.PROCESS)
        )
        assert len(started) == 1


def test_invalid_ingress_settings_stop_the_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FLEET_INGRESS_MAX_BODY_BYTES", "0")
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", "whsec_do_not_print")
    assert main(["ingress"]) == 2
    error = capsys.readouterr().err
    assert "FLEET_INGRESS_MAX_BODY_BYTES" in error and "whsec_do_not_print" not in error


def test_ingress_help_lists_the_secrets(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["ingress", "--help"])
    text = capsys.readouterr().out
    for name in (
        "--port",
        "MANYCHAT_WEBHOOK_SECRET",
        "HUBSPOT_CLIENT_SECRET",
        "STRIPE_WEBHOOK_SECRET",
        "WHATSAPP_VERIFY_TOKEN",
        "WHATSAPP_APP_SECRET",
        "OPENRPA_CALLBACK_SECRET",
        "FLEET_APPROVALS_SECRET",
        "FLEET_INGRESS_MESSAGE_TTL",
    ):
        assert name in text
