import time
from collections.abc import AsyncIterator

import httpx
import pytest

from sandbox import Sandbox, run_sandbox
from sandbox.google_docs import GoogleDocsEmulator
from sandbox.google_oauth import GoogleOAuthEmulator, sign_jwt


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with run_sandbox(["google_docs"]) as running:
        yield running


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    oauth = sandbox.emulator("google_oauth", GoogleOAuthEmulator)
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = serialization.load_pem_private_key(oauth.service_account_info()["private_key"].encode(), None)
    assert isinstance(key, rsa.RSAPrivateKey)
    now = int(time.time())
    claims = {
        "iss": oauth.service_account.client_email,
        "scope": "https://www.googleapis.com/auth/documents",
        "aud": oauth.token_url,
        "iat": now,
        "exp": now + 600,
    }
    async with httpx.AsyncClient() as http:
        token = (
            await http.post(
                oauth.token_url,
                data={
                    "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                    "assertion": sign_jwt(key, claims),
                },
            )
        ).json()["access_token"]
    async with httpx.AsyncClient(
        base_url=sandbox.environment()["GOOGLE_DOCS_BASE_URL"], headers={"Authorization": f"Bearer {token}"}
    ) as http:
        yield http


async def test_create_then_edit_in_order(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    created = (await client.post("/v1/documents", json={"title": "Receipt 42"})).json()
    document_id = created["documentId"]
    answer = await client.post(
        f"/v1/documents/{document_id}:batchUpdate",
        json={
            "requests": [
                {"insertText": {"location": {"index": 1}, "text": "Hello {{name}}\n"}},
                {
                    "replaceAllText": {
                        "containsText": {"text": "{{name}}", "matchCase": True},
                        "replaceText": "Jane",
                    }
                },
            ],
            "writeControl": {"requiredRevisionId": created["revisionId"]},
        },
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["replies"] == [{}, {"replaceAllText": {"occurrencesChanged": 1}}]
    assert sandbox.emulator("google_docs", GoogleDocsEmulator).text(document_id) == "Hello Jane\n\n"
    document = (await client.get(f"/v1/documents/{document_id}")).json()
    assert document["body"]["content"][1]["paragraph"]["elements"][0]["textRun"]["content"] == "Hello Jane\n"
    stale = await client.post(
        f"/v1/documents/{document_id}:batchUpdate",
        json={
            "requests": [{"insertText": {"endOfSegmentLocation": {}, "text": "x"}}],
            "writeControl": {"requiredRevisionId": created["revisionId"]},
        },
    )
    assert stale.status_code == 400


async def test_batch_updates_are_atomic(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    document_id = (await client.post("/v1/documents", json={"title": "T"})).json()["documentId"]
    answer = await client.post(
        f"/v1/documents/{document_id}:batchUpdate",
        json={
            "requests": [
                {"insertText": {"location": {"index": 1}, "text": "kept?"}},
                {"insertText": {"location": {"index": 99}, "text": "x"}},
            ]
        },
    )
    assert answer.status_code == 400 and answer.json()["error"]["status"] == "INVALID_ARGUMENT"
    assert sandbox.emulator("google_docs", GoogleDocsEmulator).text(document_id) == "\n"
    assert (await client.get("/v1/documents/unknown")).status_code == 404
