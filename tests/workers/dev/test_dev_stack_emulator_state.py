"""Two dev-stack starts on the same data folder (as two `fleet dev` runs): the emulators keep their state."""

from __future__ import annotations

from pathlib import Path

import httpx

from workers.dev import run_dev_stack
from workers.dev.stack import SANDBOX_STATE_FILE_NAME


async def test_a_hubspot_contact_survives_a_second_stack_on_the_same_data(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    async with run_dev_stack(data_dir=data_dir, engine_dir=data_dir / "engine") as stack:
        assert stack.sandbox.state_path == data_dir / SANDBOX_STATE_FILE_NAME
        environment = stack.environment
        async with httpx.AsyncClient(
            base_url=environment["HUBSPOT_BASE_URL"],
            headers={"Authorization": f"Bearer {environment['HUBSPOT_TOKEN']}"},
        ) as client:
            created = await client.post(
                "/crm/v3/objects/contacts",
                json={"properties": {"email": "lucia@example.com", "manychat_user_id": "123456789"}},
            )
            assert created.status_code == 201, created.text

    async with run_dev_stack(data_dir=data_dir, engine_dir=data_dir / "engine") as restarted:
        environment = restarted.environment
        assert environment["HUBSPOT_TOKEN"] != stack.environment["HUBSPOT_TOKEN"]  # credentials are per start
        async with httpx.AsyncClient(
            base_url=environment["HUBSPOT_BASE_URL"],
            headers={"Authorization": f"Bearer {environment['HUBSPOT_TOKEN']}"},
        ) as client:
            found = await client.get(
                "/crm/v3/objects/contacts/lucia@example.com",
                params={"idProperty": "email", "properties": "manychat_user_id"},
            )
        assert found.status_code == 200, found.text
        assert found.json()["id"] == created.json()["id"]
        assert found.json()["properties"]["manychat_user_id"] == "123456789"
