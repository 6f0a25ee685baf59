"""Emulator state kept in a state file: what one sandbox wrote over HTTP, the next one on that file serves."""

import asyncio
import base64
import hashlib
import hmac
import json
import os
import signal
import sqlite3
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from webhook_receiver import Receiver

from sandbox import Sandbox, run_sandbox
from sandbox.google_oauth import JWT_BEARER_GRANT, sign_jwt
from sandbox.google_sheets import DEFAULT_SPREADSHEET_ID
from sandbox.hubspot import HubSpotEmulator

REPOSITORY = str(Path(__file__).resolve().parents[2])


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "sandbox-state.sqlite3"


@asynccontextmanager
async def api_client(
    sandbox: Sandbox, base_variable: str, **options: Any
) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=sandbox.environment()[base_variable], **options) as http:
        yield http


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def google_token(sandbox: Sandbox, scope: str) -> str:
    key_file = json.loads(sandbox.environment()["GOOGLE_SERVICE_ACCOUNT_JSON"])
    key = serialization.load_pem_private_key(key_file["private_key"].encode(), None)
    assert isinstance(key, rsa.RSAPrivateKey)
    now = int(time.time())
    claims = {"iss": key_file["client_email"], "scope": scope, "aud": key_file["token_uri"], "iat": now}
    jwt = sign_jwt(key, {**claims, "exp": now + 3600}, key_file["private_key_id"])
    async with httpx.AsyncClient() as http:
        answer = await http.post(
            key_file["token_uri"], data={"grant_type": JWT_BEARER_GRANT, "assertion": jwt}
        )
    token: str = answer.json()["access_token"]
    return token


async def test_hubspot_contacts_survive_a_restart_and_ids_keep_counting(state: Path) -> None:
    async with run_sandbox(["hubspot"], state=state) as sandbox:
        token = sandbox.environment()["HUBSPOT_TOKEN"]
        async with api_client(sandbox, "HUBSPOT_BASE_URL", headers=bearer(token)) as client:
            created = await client.post(
                "/crm/v3/objects/contacts",
                json={
                    "properties": {"email": "jane@example.com", "firstname": "Jane", "lifecyclestage": "lead"}
                },
            )
            assert created.status_code == 201
    async with run_sandbox(["hubspot"], state=state) as sandbox:
        token = sandbox.environment()["HUBSPOT_TOKEN"]
        async with api_client(sandbox, "HUBSPOT_BASE_URL", headers=bearer(token)) as client:
            found = await client.get(
                "/crm/v3/objects/contacts/jane@example.com",
                params={"idProperty": "email", "properties": "firstname,lifecyclestage"},
            )
            assert found.status_code == 200
            assert found.json()["id"] == created.json()["id"]
            assert found.json()["properties"]["firstname"] == "Jane"
            searched = await client.post(
                "/crm/v3/objects/contacts/search",
                json={
                    "filterGroups": [
                        {
                            "filters": [
                                {"propertyName": "email", "operator": "EQ", "value": "jane@example.com"}
                            ]
                        }
                    ]
                },
            )
            assert searched.json()["total"] == 1
            second = await client.post(
                "/crm/v3/objects/contacts", json={"properties": {"email": "ann@example.com"}}
            )
            assert second.status_code == 201 and second.json()["id"] != created.json()["id"]
            taken = await client.post(
                "/crm/v3/objects/contacts", json={"properties": {"email": "jane@example.com"}}
            )
            assert taken.status_code == 409


async def test_manychat_subscribers_with_fields_and_tags_survive_a_restart(state: Path) -> None:
    async with (
        run_sandbox(["manychat"], state=state) as sandbox,
        api_client(
            sandbox, "MANYCHAT_BASE_URL", headers=bearer(sandbox.credentials["manychat"]["token"])
        ) as client,
    ):
        created = await client.post(
            "/fb/subscriber/createSubscriber", json={"first_name": "Ann", "email": "ann@example.com"}
        )
        subscriber_id = created.json()["data"]["id"]
        tagged = await client.post(
            "/fb/subscriber/addTagByName", json={"subscriber_id": int(subscriber_id), "tag_name": "vip"}
        )
        field = await client.post(
            "/fb/subscriber/setCustomFieldByName",
            json={"subscriber_id": int(subscriber_id), "field_name": "lead_score", "field_value": 8},
        )
        assert tagged.status_code == 200 and field.status_code == 200, field.text
    async with (
        run_sandbox(["manychat"], state=state) as sandbox,
        api_client(
            sandbox, "MANYCHAT_BASE_URL", headers=bearer(sandbox.credentials["manychat"]["token"])
        ) as client,
    ):
        info = await client.get("/fb/subscriber/getInfo", params={"subscriber_id": subscriber_id})
        assert info.status_code == 200
        data = info.json()["data"]
        assert data["email"] == "ann@example.com"
        assert [tag["name"] for tag in data["tags"]] == ["vip"]
        assert {item["name"]: item["value"] for item in data["custom_fields"]}["lead_score"] == 8
        found = await client.get("/fb/subscriber/findBySystemField", params={"email": "ann@example.com"})
        assert found.json()["data"]["id"] == subscriber_id


async def test_stripe_payments_and_idempotency_keys_survive_a_restart(state: Path) -> None:
    payment = {"amount": "4900", "currency": "eur", "payment_method": "pm_card_visa", "confirm": "true"}
    async with (
        run_sandbox(["stripe"], state=state) as sandbox,
        api_client(
            sandbox, "STRIPE_BASE_URL", headers=bearer(sandbox.credentials["stripe"]["api_key"])
        ) as client,
    ):
        paid = await client.post("/v1/payment_intents", data=payment, headers={"Idempotency-Key": "pay-1"})
        assert paid.status_code == 200 and paid.json()["status"] == "succeeded", paid.text
    async with (
        run_sandbox(["stripe"], state=state) as sandbox,
        api_client(
            sandbox, "STRIPE_BASE_URL", headers=bearer(sandbox.credentials["stripe"]["api_key"])
        ) as client,
    ):
        read = await client.get(f"/v1/payment_intents/{paid.json()['id']}")
        assert read.status_code == 200 and read.json()["status"] == "succeeded"
        charge = paid.json()["latest_charge"]
        assert (await client.get(f"/v1/charges/{charge}")).json()["amount"] == 4900
        replay = await client.post("/v1/payment_intents", data=payment, headers={"Idempotency-Key": "pay-1"})
        assert replay.headers["Idempotent-Replayed"] == "true"
        assert replay.json() == paid.json()
        events = (await client.get("/v1/events")).json()["data"]
        assert "payment_intent.succeeded" in {event["type"] for event in events}


async def test_stripe_webhook_endpoints_on_the_sandbox_secret_sign_with_the_new_secret(
    state: Path, receiver: Receiver
) -> None:
    async with (
        run_sandbox(["stripe"], state=state) as sandbox,
        httpx.AsyncClient(base_url=sandbox.origins["stripe"]) as admin,
    ):
        added = await admin.post("/__sandbox/stripe/webhook-endpoints", json={"url": receiver.url})
        assert added.status_code in (200, 201), added.text
    async with run_sandbox(["stripe"], state=state) as sandbox:
        secret = sandbox.credentials["stripe"]["webhook_secret"]
        async with api_client(
            sandbox, "STRIPE_BASE_URL", headers=bearer(sandbox.credentials["stripe"]["api_key"])
        ) as client:
            await client.post("/v1/customers", data={"email": "jane@example.com"})
            paid = await client.post(
                "/v1/payment_intents",
                data={
                    "amount": "100",
                    "currency": "eur",
                    "payment_method": "pm_card_visa",
                    "confirm": "true",
                },
            )
            assert paid.status_code == 200
        deliveries = await receiver.wait_for(1)
        signature = deliveries[0].headers["stripe-signature"]
        timestamp = signature.split(",")[0].removeprefix("t=")
        expected = hmac.new(
            secret.encode(), f"{timestamp}.".encode() + deliveries[0].body, hashlib.sha256
        ).hexdigest()
        assert f"v1={expected}" in signature


async def test_sheet_rows_and_access_tokens_survive_a_restart(state: Path) -> None:
    scope = "https://www.googleapis.com/auth/spreadsheets"
    append = f"/v4/spreadsheets/{DEFAULT_SPREADSHEET_ID}/values/Leads!A1:append"
    async with run_sandbox(["google_sheets"], state=state) as sandbox:
        token = await google_token(sandbox, scope)
        async with api_client(sandbox, "GOOGLE_SHEETS_BASE_URL", headers=bearer(token)) as client:
            appended = await client.post(
                append, params={"valueInputOption": "RAW"}, json={"values": [["jane@example.com", "hot", 85]]}
            )
            assert appended.status_code == 200, appended.text
    async with (
        run_sandbox(["google_sheets"], state=state) as sandbox,
        api_client(sandbox, "GOOGLE_SHEETS_BASE_URL", headers=bearer(token)) as client,
    ):
        read = await client.get(f"/v4/spreadsheets/{DEFAULT_SPREADSHEET_ID}/values/Leads!A1:C5")
        assert read.status_code == 200  # the token issued before the restart is still valid
        assert read.json()["values"] == [["jane@example.com", "hot", "85"]]
        again = await client.post(
            append, params={"valueInputOption": "RAW"}, json={"values": [["ann", "cold", 5]]}
        )
        assert again.json()["updates"]["updatedRange"].startswith("Leads!A2")


async def test_google_documents_survive_a_restart(state: Path) -> None:
    scope = "https://www.googleapis.com/auth/documents"
    async with (
        run_sandbox(["google_docs"], state=state) as sandbox,
        api_client(
            sandbox, "GOOGLE_DOCS_BASE_URL", headers=bearer(await google_token(sandbox, scope))
        ) as client,
    ):
        document_id = (await client.post("/v1/documents", json={"title": "Receipt 42"})).json()["documentId"]
        edited = await client.post(
            f"/v1/documents/{document_id}:batchUpdate",
            json={"requests": [{"insertText": {"location": {"index": 1}, "text": "Total 12.50\n"}}]},
        )
        assert edited.status_code == 200
    async with (
        run_sandbox(["google_docs"], state=state) as sandbox,
        api_client(
            sandbox, "GOOGLE_DOCS_BASE_URL", headers=bearer(await google_token(sandbox, scope))
        ) as client,
    ):
        document = (await client.get(f"/v1/documents/{document_id}")).json()
        assert document["title"] == "Receipt 42"
        assert document["revisionId"] == edited.json()["writeControl"]["requiredRevisionId"]
        assert "Total 12.50" in json.dumps(document["body"])


async def test_openai_calls_and_scripted_replies_survive_a_restart(state: Path) -> None:
    chat = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Score this lead"}]}
    async with run_sandbox(["openai"], state=state) as sandbox:
        async with httpx.AsyncClient(base_url=sandbox.origins["openai"]) as admin:
            for content in ("first answer", "second answer"):
                scripted = await admin.post("/__sandbox/openai/replies", json={"content": content})
                assert scripted.status_code in (200, 201)
        async with api_client(
            sandbox, "OPENAI_BASE_URL", headers=bearer(sandbox.credentials["openai"]["api_key"])
        ) as client:
            first = await client.post("/chat/completions", json=chat)
            assert first.json()["choices"][0]["message"]["content"] == "first answer"
    async with run_sandbox(["openai"], state=state) as sandbox:
        async with api_client(
            sandbox, "OPENAI_BASE_URL", headers=bearer(sandbox.credentials["openai"]["api_key"])
        ) as client:
            second = await client.post("/chat/completions", json=chat)
            assert second.json()["choices"][0]["message"]["content"] == "second answer"
        async with httpx.AsyncClient(base_url=sandbox.origins["openai"]) as admin:
            calls = (await admin.get("/__sandbox/state")).json()["state"]["calls"]
        assert len(calls) == 2


async def test_whatsapp_media_and_messages_survive_a_restart(state: Path) -> None:
    photo = b"\xff\xd8\xff\xe0 not really a receipt"
    async with run_sandbox(["whatsapp"], state=state) as sandbox:
        async with httpx.AsyncClient(base_url=sandbox.origins["whatsapp"]) as admin:
            inbound = await admin.post(
                "/__sandbox/whatsapp/inbound",
                json={
                    "from": "15551234567",
                    "type": "image",
                    "image_base64": base64.b64encode(photo).decode(),
                },
            )
            assert inbound.status_code == 201, inbound.text
        media_id = inbound.json()["entry"][0]["changes"][0]["value"]["messages"][0]["image"]["id"]
    async with run_sandbox(["whatsapp"], state=state) as sandbox:
        environment = sandbox.environment()
        base = f"{environment['WHATSAPP_BASE_URL']}/{environment['WHATSAPP_API_VERSION']}"
        async with httpx.AsyncClient(base_url=base, headers=bearer(environment["WHATSAPP_TOKEN"])) as client:
            metadata = await client.get(f"/{media_id}")
            assert metadata.status_code == 200, metadata.text
            assert (await client.get(metadata.json()["url"])).content == photo
            sent = await client.post(
                f"/{environment['WHATSAPP_PHONE_NUMBER_ID']}/messages",
                json={
                    "messaging_product": "whatsapp",
                    "to": "15551234567",
                    "type": "text",
                    "text": {"body": "ok"},
                },
            )
            assert sent.status_code == 200
    async with run_sandbox(["whatsapp"], state=state) as sandbox:
        whatsapp = sandbox.state("whatsapp")["state"]
        assert len(whatsapp["received"]) == 1 and len(whatsapp["sent"]) == 1


async def test_flowable_instances_survive_a_restart(state: Path) -> None:
    async with run_sandbox(["flowable"], state=state) as sandbox:
        credentials = sandbox.credentials["flowable"]
        auth = (credentials["user"], credentials["password"])
        async with api_client(sandbox, "FLOWABLE_BASE_URL", auth=auth) as client:
            started = await client.post(
                "/runtime/process-instances",
                json={
                    "processDefinitionKey": "leadIntake",
                    "businessKey": "hubspot-1",
                    "variables": [{"name": "score", "value": 7}],
                },
            )
            assert started.status_code == 201
    async with (
        run_sandbox(["flowable"], state=state) as sandbox,
        api_client(sandbox, "FLOWABLE_BASE_URL", auth=auth) as client,
    ):
        read = await client.get(f"/runtime/process-instances/{started.json()['id']}")
        assert read.status_code == 200
        assert read.json()["businessKey"] == "hubspot-1"
        assert read.json()["processDefinitionId"] == started.json()["processDefinitionId"]
        variables = await client.get(f"/runtime/process-instances/{started.json()['id']}/variables")
        assert {item["name"]: item["value"] for item in variables.json()}["score"] == 7


async def test_openrpa_workitems_survive_a_restart_and_the_robot_resumes(
    state: Path, receiver: Receiver
) -> None:
    async with run_sandbox(["openrpa"], state=state) as sandbox:
        async with httpx.AsyncClient(base_url=sandbox.origins["openrpa"]) as admin:
            manual = await admin.put(
                "/__sandbox/openrpa/queues/invoice-entry", json={"robot": {"outcome": "manual"}}
            )
            assert manual.status_code == 200, manual.text
        async with api_client(
            sandbox, "OPENRPA_BASE_URL", headers=bearer(sandbox.credentials["openrpa"]["token"])
        ) as client:
            pushed = await client.post(
                "/api/workitems",
                json={
                    "wiq": "invoice-entry",
                    "name": "Invoice 42",
                    "payload": {"invoiceId": 42},
                    "callbackUrl": receiver.url,
                },
            )
            assert pushed.status_code == 201
    item_id = pushed.json()["_id"]
    async with run_sandbox(["openrpa"], state=state) as sandbox:
        async with api_client(
            sandbox, "OPENRPA_BASE_URL", headers=bearer(sandbox.credentials["openrpa"]["token"])
        ) as client:
            read = await client.get(f"/api/workitems/{item_id}")
            assert read.status_code == 200 and read.json()["payload"] == {"invoiceId": 42}
        async with httpx.AsyncClient(base_url=sandbox.origins["openrpa"]) as admin:
            finished = await admin.post(
                f"/__sandbox/openrpa/workitems/{item_id}/complete", json={"succeeded": True}
            )
            assert finished.status_code == 200, finished.text
        (callback,) = await receiver.wait_for(1)
        assert json.loads(callback.body)["workitemId"] == item_id


async def test_an_answered_write_is_already_in_the_state_file(state: Path) -> None:
    no_periodic_save = timedelta(hours=1)
    async with run_sandbox(["hubspot"], state=state, save_interval=no_periodic_save) as sandbox:
        token = sandbox.environment()["HUBSPOT_TOKEN"]
        async with api_client(sandbox, "HUBSPOT_BASE_URL", headers=bearer(token)) as client:
            created = await client.post(
                "/crm/v3/objects/contacts", json={"properties": {"email": "kim@example.com"}}
            )
            assert created.status_code == 201
        with sqlite3.connect(state) as reader:
            (snapshot,) = reader.execute(
                "SELECT snapshot FROM emulator_state WHERE api = 'hubspot'"
            ).fetchone()
        assert "kim@example.com" in snapshot


async def test_changes_made_from_python_are_saved_on_stop(state: Path) -> None:
    async with run_sandbox(["hubspot"], state=state) as sandbox:
        sandbox.emulator("hubspot", HubSpotEmulator).seed_contact({"email": "seeded@example.com"})
    async with run_sandbox(["hubspot"], state=state) as sandbox:
        contacts = sandbox.state("hubspot")["state"]["contacts"]
        assert [contact["properties"]["email"] for contact in contacts] == ["seeded@example.com"]


async def test_faults_and_rate_limits_are_not_kept_and_a_reset_clears_the_state(state: Path) -> None:
    async with run_sandbox(["hubspot"], state=state) as sandbox:
        sandbox.emulator("hubspot", HubSpotEmulator).seed_contact({"email": "gone@example.com"})
        async with httpx.AsyncClient(base_url=sandbox.origins["hubspot"]) as admin:
            assert (await admin.put("/__sandbox/faults", json={"error_rate": 1.0})).status_code == 200
            assert (
                await admin.put("/__sandbox/rate-limits", json={"daily": {"limit": 1}})
            ).status_code == 200
    async with run_sandbox(["hubspot"], state=state) as sandbox:
        restored = sandbox.state("hubspot")
        assert restored["faults"]["error_rate"] == 0
        assert restored["rate_limits"]["daily"]["limit"] == 650_000
        assert len(restored["state"]["contacts"]) == 1
        async with httpx.AsyncClient(base_url=sandbox.origins["hubspot"]) as admin:
            assert (await admin.post("/__sandbox/reset")).status_code == 200
    async with run_sandbox(["hubspot"], state=state) as sandbox:
        assert sandbox.state("hubspot")["state"]["contacts"] == []


async def test_an_unreadable_snapshot_starts_the_emulator_from_its_seeded_state(state: Path) -> None:
    async with run_sandbox(["hubspot"], state=state) as sandbox:
        sandbox.emulator("hubspot", HubSpotEmulator).seed_contact({"email": "x@example.com"})
    with sqlite3.connect(state) as writer:
        writer.execute("UPDATE emulator_state SET snapshot = '{\"contacts\": 1}' WHERE api = 'hubspot'")
    async with run_sandbox(["hubspot"], state=state) as sandbox:
        assert sandbox.state("hubspot")["state"]["contacts"] == []


async def test_without_a_state_file_every_sandbox_starts_empty() -> None:
    async with run_sandbox(["hubspot"]) as sandbox:
        sandbox.emulator("hubspot", HubSpotEmulator).seed_contact({"email": "x@example.com"})
        assert sandbox.state_path is None
    async with run_sandbox(["hubspot"]) as sandbox:
        assert sandbox.state("hubspot")["state"]["contacts"] == []


async def test_python_m_sandbox_with_state_keeps_an_answered_write_when_killed(
    tmp_path: Path, state: Path
) -> None:
    async def serve(env_file: Path) -> tuple[asyncio.subprocess.Process, dict[str, str]]:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "sandbox",
            "--apis",
            "hubspot",
            "--state",
            str(state),
            "--env-file",
            str(env_file),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": REPOSITORY},
        )
        for _ in range(600):
            if await asyncio.to_thread(env_file.exists):
                text = await asyncio.to_thread(env_file.read_text)
                return process, dict(line.split("=", 1) for line in text.splitlines())
            await asyncio.sleep(0.05)
        process.kill()
        raise AssertionError("python -m sandbox did not write its environment")

    first, values = await serve(tmp_path / "first.env")
    try:
        async with httpx.AsyncClient(
            base_url=values["HUBSPOT_BASE_URL"], headers=bearer(values["HUBSPOT_TOKEN"])
        ) as client:
            created = await client.post(
                "/crm/v3/objects/contacts", json={"properties": {"email": "kill@example.com"}}
            )
            assert created.status_code == 201
    finally:
        first.kill()  # no chance to save on the way out
        await first.wait()
    second, values = await serve(tmp_path / "second.env")
    try:
        async with httpx.AsyncClient(
            base_url=values["HUBSPOT_BASE_URL"], headers=bearer(values["HUBSPOT_TOKEN"])
        ) as client:
            found = await client.get(f"/crm/v3/objects/contacts/{created.json()['id']}")
        assert found.status_code == 200
    finally:
        second.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(second.wait(), 30) == 0
