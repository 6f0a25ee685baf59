"""workers.dev.run_dev_stack on its own: addresses, environment in and out, models deployed, workers serving."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import httpx
import pytest
from pyzeebe import ZeebeClient, create_insecure_channel

from workers.dev import run_dev_stack


async def test_stack_serves_gateway_rest_and_emulators_and_restores_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUBSPOT_BASE_URL", "https://api.hubapi.com")
    monkeypatch.delenv("FLEET_DOCUMENTS_DIR", raising=False)

    async with run_dev_stack(data_dir=tmp_path / "stack") as stack:
        assert os.environ["HUBSPOT_BASE_URL"] == stack.sandbox.base_urls["hubspot"]
        assert os.environ["FLEET_DOCUMENTS_DIR"] == str(tmp_path / "stack" / "documents")
        assert stack.engine_address.startswith("127.0.0.1:")
        async with httpx.AsyncClient(base_url=stack.rest_address, timeout=10) as client:
            topology = await client.get("/topology")
            definitions = await client.post("/process-definitions/search", json={})
        assert topology.status_code == 200
        deployed = {item["processDefinitionId"] for item in definitions.json()["items"]}
        assert deployed == {
            "lead-intake",
            "hubspot-lead-to-manychat",
            "stripe-payment",
            "whatsapp-ticket",
            "approval-rpa",
        }
        assert "hubspot.upsert-contact" in {t for i in stack.workers.integrations for t in i.task_types}
        assert stack.workers.health is not None

    assert os.environ["HUBSPOT_BASE_URL"] == "https://api.hubapi.com"
    assert "FLEET_DOCUMENTS_DIR" not in os.environ


async def test_stack_with_an_engine_dir_keeps_running_instances_across_restarts(tmp_path: Path) -> None:
    engine_dir = tmp_path / "engine"
    async with run_dev_stack(data_dir=tmp_path / "stack", engine_dir=engine_dir) as stack:
        channel = create_insecure_channel(grpc_address=stack.engine_address)
        try:
            await ZeebeClient(channel).publish_message(
                "approval.requested",
                "REQ-9",
                {"approvalRequestId": "REQ-9", "rpaQueue": "invoice-entry", "approvalSubject": "Invoice 9"},
                time_to_live_in_milliseconds=60_000,
                message_id="approval:REQ-9",
            )
            assert await _open_tasks(stack.rest_address) == ["ApproveRequest"]
        finally:
            await channel.close()

    async with run_dev_stack(data_dir=tmp_path / "stack", engine_dir=engine_dir) as restarted:
        assert await _open_tasks(restarted.rest_address) == ["ApproveRequest"]


async def _open_tasks(rest_address: str) -> list[str]:
    async with httpx.AsyncClient(base_url=rest_address, timeout=10) as client:
        for _ in range(200):
            response = await client.post("/user-tasks/search", json={"filter": {"state": "CREATED"}})
            items = response.json()["items"]
            if items:
                return [item["elementId"] for item in items]
            await asyncio.sleep(0.05)
    return []
