"""workers.dev.run_dev_stack on its own: addresses, environment in and out, models deployed, workers serving."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

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
