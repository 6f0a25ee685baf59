import json
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from sandbox import Sandbox, run_sandbox
from sandbox.google_oauth import JWT_BEARER_GRANT, sign_jwt
from sandbox.google_sheets import DEFAULT_SPREADSHEET_ID, GoogleSheetsEmulator, parse_a1

SCOPE = "https://www.googleapis.com/auth/spreadsheets"


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with run_sandbox(["google_sheets"]) as running:
        yield running


def assertion(sandbox: Sandbox, **overrides: Any) -> str:
    key_file = json.loads(sandbox.environment()["GOOGLE_SERVICE_ACCOUNT_JSON"])
    key = serialization.load_pem_private_key(key_file["private_key"].encode(), None)
    assert isinstance(key, rsa.RSAPrivateKey)
    now = int(time.time())
    claims = {
        "iss": key_file["client_email"],
        "scope": SCOPE,
        "aud": key_file["token_uri"],
        "iat": now,
        "exp": now + 3600,
    }
    signing_key = overrides.pop("signing_key", key)
    return sign_jwt(signing_key, {**claims, **overrides}, key_file["private_key_id"])


async def token_answer(sandbox: Sandbox, jwt: str, grant: str = JWT_BEARER_GRANT) -> httpx.Response:
    async with httpx.AsyncClient() as http:
        return await http.post(
            sandbox.environment()["GOOGLE_OAUTH_TOKEN_URL"], data={"grant_type": grant, "assertion": jwt}
        )


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    token = (await token_answer(sandbox, assertion(sandbox))).json()["access_token"]
    async with httpx.AsyncClient(
        base_url=sandbox.environment()["GOOGLE_SHEETS_BASE_URL"], headers={"Authorization": f"Bearer {token}"}
    ) as http:
        yield http


def append_url(a1: str, spreadsheet: str = DEFAULT_SPREADSHEET_ID) -> str:
    return f"/v4/spreadsheets/{spreadsheet}/values/{a1}:append"


async def test_a_signed_jwt_buys_a_bearer_token(sandbox: Sandbox) -> None:
    answer = await token_answer(sandbox, assertion(sandbox))
    assert answer.status_code == 200
    body = answer.json()
    assert body["token_type"] == "Bearer" and 3500 < body["expires_in"] <= 3599
    assert body["access_token"].startswith("ya29.")


@pytest.mark.parametrize(
    ("overrides", "description"),
    [
        ({"aud": "https://oauth2.googleapis.com/token"}, "Failed audience check"),
        ({"exp": int(time.time()) + 7200}, "short-lived token"),
        ({"iss": "someone@else.iam.gserviceaccount.com"}, "account not found"),
    ],
)
async def test_bad_assertions_are_invalid_grants(
    sandbox: Sandbox, overrides: dict[str, Any], description: str
) -> None:
    answer = await token_answer(sandbox, assertion(sandbox, **overrides))
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"
    assert description in answer.json()["error_description"]


async def test_signatures_are_verified_against_the_service_account_key(sandbox: Sandbox) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = await token_answer(sandbox, assertion(sandbox, signing_key=stranger))
    assert forged.json() == {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
    wrong_grant = await token_answer(sandbox, assertion(sandbox), grant="client_credentials")
    assert wrong_grant.json()["error"] == "unsupported_grant_type"


async def test_append_finds_the_table_and_writes_below_it(client: httpx.AsyncClient) -> None:
    first = await client.post(
        append_url("Leads!A1:E"),
        params={"valueInputOption": "USER_ENTERED"},
        json={"values": [["date", "email", "score"]]},
    )
    assert first.status_code == 200
    assert "tableRange" not in first.json()
    assert first.json()["updates"]["updatedRange"] == "Leads!A1:C1"
    second = await client.post(
        append_url("Leads!A1:E"),
        params={"valueInputOption": "USER_ENTERED", "includeValuesInResponse": "true"},
        json={"values": [["2024-01-01", "jane@example.com", "42"]]},
    )
    body = second.json()
    assert body["tableRange"] == "Leads!A1:C1"
    assert body["updates"]["updatedRange"] == "Leads!A2:C2"
    assert body["updates"]["updatedCells"] == 3
    assert body["updates"]["updatedData"]["values"] == [["2024-01-01", "jane@example.com", "42"]]
    values = (await client.get(f"/v4/spreadsheets/{DEFAULT_SPREADSHEET_ID}/values/Leads!A1:C3")).json()
    assert values["values"][1] == ["2024-01-01", "jane@example.com", "42"]
    unformatted = await client.get(
        f"/v4/spreadsheets/{DEFAULT_SPREADSHEET_ID}/values/Leads!C2",
        params={"valueRenderOption": "UNFORMATTED_VALUE"},
    )
    assert unformatted.json()["values"] == [[42]]


async def test_insert_rows_pushes_later_rows_down(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    await client.put(
        f"/v4/spreadsheets/{DEFAULT_SPREADSHEET_ID}/values/Sheet1!A1",
        params={"valueInputOption": "RAW"},
        json={"values": [["a"], ["b"], [""], ["footer"]]},
    )
    await client.post(
        append_url("Sheet1!A1"),
        params={"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"},
        json={"values": [["c"]]},
    )
    sheets = sandbox.emulator("google_sheets", GoogleSheetsEmulator)
    assert sheets.values(DEFAULT_SPREADSHEET_ID, "Sheet1") == [["a"], ["b"], ["c"], [], ["footer"]]


async def test_append_needs_value_input_option_and_a_valid_range(client: httpx.AsyncClient) -> None:
    missing = await client.post(append_url("Leads"), json={"values": [[1]]})
    assert missing.status_code == 400
    assert missing.json()["error"] == {
        "code": 400,
        "message": "'valueInputOption' is required but not specified",
        "status": "INVALID_ARGUMENT",
    }
    bad_range = await client.post(
        append_url("Nope!A1"), params={"valueInputOption": "RAW"}, json={"values": [[1]]}
    )
    assert bad_range.json()["error"]["message"] == "Unable to parse range: Nope!A1"
    unknown = await client.post(
        append_url("Leads", "1missing"), params={"valueInputOption": "RAW"}, json={"values": [[1]]}
    )
    assert unknown.status_code == 404 and unknown.json()["error"]["status"] == "NOT_FOUND"


async def test_sheets_must_be_shared_with_the_service_account(
    sandbox: Sandbox, client: httpx.AsyncClient
) -> None:
    private = sandbox.emulator("google_sheets", GoogleSheetsEmulator).create_spreadsheet(
        "Private", shared_with=set()
    )
    answer = await client.post(
        append_url("Sheet1", private), params={"valueInputOption": "RAW"}, json={"values": [[1]]}
    )
    assert answer.status_code == 403
    assert answer.json()["error"]["status"] == "PERMISSION_DENIED"


async def test_missing_expired_and_underscoped_tokens(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    base = sandbox.environment()["GOOGLE_SHEETS_BASE_URL"]
    async with httpx.AsyncClient(base_url=base) as anonymous:
        missing = await anonymous.get(f"/v4/spreadsheets/{DEFAULT_SPREADSHEET_ID}")
    assert missing.status_code == 401 and missing.json()["error"]["status"] == "UNAUTHENTICATED"
    docs_only = await token_answer(
        sandbox, assertion(sandbox, scope="https://www.googleapis.com/auth/documents")
    )
    underscoped = await client.get(
        f"/v4/spreadsheets/{DEFAULT_SPREADSHEET_ID}",
        headers={"Authorization": f"Bearer {docs_only.json()['access_token']}"},
    )
    assert underscoped.status_code == 403
    assert underscoped.json()["error"]["details"][0]["reason"] == "ACCESS_TOKEN_SCOPE_INSUFFICIENT"
    sandbox.clock.advance(timedelta(hours=1))
    expired = await client.get(f"/v4/spreadsheets/{DEFAULT_SPREADSHEET_ID}")
    assert expired.status_code == 401


async def test_write_quota_answers_resource_exhausted_without_retry_after(client: httpx.AsyncClient) -> None:
    await client.put("/__sandbox/rate-limits", json={"write_per_user": {"limit": 1}})
    await client.post(append_url("Leads"), params={"valueInputOption": "RAW"}, json={"values": [[1]]})
    limited = await client.post(
        append_url("Leads"), params={"valueInputOption": "RAW"}, json={"values": [[2]]}
    )
    assert limited.status_code == 429
    error = limited.json()["error"]
    assert error["status"] == "RESOURCE_EXHAUSTED"
    assert error["details"][0]["reason"] == "RATE_LIMIT_EXCEEDED"
    assert error["details"][0]["metadata"]["quota_limit"] == "WriteRequestsPerMinutePerUser"
    assert "retry-after" not in limited.headers
    assert (await client.get(f"/v4/spreadsheets/{DEFAULT_SPREADSHEET_ID}/values/Leads")).status_code == 200


def test_a1_ranges_parse() -> None:
    parsed = parse_a1("'My ''Sheet'''!B2:D")
    assert (parsed.sheet, parsed.start_row, parsed.start_column, parsed.end_row, parsed.end_column) == (
        "My 'Sheet'",
        1,
        1,
        None,
        3,
    )
    assert parse_a1("A:C").start_row is None
    with pytest.raises(ValueError):
        parse_a1("Sheet1!")
