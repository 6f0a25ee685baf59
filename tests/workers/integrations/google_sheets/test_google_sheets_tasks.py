"""Google Sheets append end to end: handler -> service-account token -> values:append -> emulators on 127.0.0.1."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from typing import Any

import pytest

from sandbox import Sandbox
from sandbox._common import FaultSettings
from sandbox.google_sheets import DEFAULT_SPREADSHEET_ID, GoogleSheetsEmulator
from workers.integrations._http import Tuning, settings_from_environment
from workers.integrations.google_sheets import (
    GoogleSheetsClient,
    GoogleSheetsSettings,
    google_sheets,
    sheets_clients,
)
from workers.testing import JobEnvironment

TASK = "google-sheets.append-rows"


def rows_of(sandbox: Sandbox, sheet: str) -> list[list[Any]]:
    return sandbox.emulator("google_sheets", GoogleSheetsEmulator).values(DEFAULT_SPREADSHEET_ID, sheet)


def appends(sandbox: Sandbox) -> list[int | None]:
    return [record.status for record in sandbox.host("google_sheets").requests if record.method == "POST"]


def append_variables(*rows: list[Any], sheet: str = "Leads") -> dict[str, Any]:
    return {"spreadsheetId": DEFAULT_SPREADSHEET_ID, "sheetRange": f"{sheet}!A1:C", "rows": list(rows)}


async def test_rows_are_appended_after_the_table_with_one_token_for_many_calls(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("google_sheets")
    env = JobEnvironment()
    first = await env.run(google_sheets, TASK, variables=append_variables(["email", "score", "note"]))
    second = await env.run(
        google_sheets, TASK, variables=append_variables(["jane@example.com", 42, '=HYPERLINK("x")'])
    )
    assert first.kind == second.kind == "completed", (first.message, second.message)
    assert second.variables == {"sheetsUpdatedRange": "Leads!A2:C2", "sheetsUpdatedRows": 1}
    assert rows_of(sandbox, "Leads") == [
        ["email", "score", "note"],
        ["jane@example.com", 42, '=HYPERLINK("x")'],
    ]
    token_requests = [record for record in sandbox.host("google_oauth").requests if record.method == "POST"]
    assert len(token_requests) == 1


async def test_a_redelivered_job_replays_the_recorded_append(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("google_sheets")
    env = JobEnvironment()
    job: dict[str, Any] = {"process_instance_key": 11, "element_instance_key": 12}
    first = await env.run(google_sheets, TASK, variables=append_variables(["once"]), **job)
    again = await env.run(google_sheets, TASK, variables=append_variables(["once"]), **job)
    assert first.kind == again.kind == "completed"
    assert again.variables == first.variables
    assert rows_of(sandbox, "Leads") == [["once"]]
    assert appends(sandbox) == [200]


async def test_a_server_error_after_sending_is_not_repeated_in_process(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("google_sheets")
    sandbox.host("google_sheets").faults.configure(FaultSettings(fail_next=1, error_status=503))
    outcome = await JobEnvironment().run(
        google_sheets, TASK, variables=append_variables(["maybe"]), retries=3
    )
    assert outcome.kind == "failed" and outcome.retries == 2
    assert outcome.message is not None and "may have been carried out" in outcome.message
    assert appends(sandbox) == [503]


async def test_quota_429_is_retried_in_process_then_left_to_the_engine(
    start_sandbox: Any, clock_sleep: Any
) -> None:
    sandbox: Sandbox = await start_sandbox("google_sheets")
    sleep = clock_sleep(sandbox)
    sheets_clients.provide(
        GoogleSheetsClient(settings_from_environment(GoogleSheetsSettings), tuning=Tuning(sleep=sleep))
    )
    sandbox.host("google_sheets").limiter.configure("write_per_user", 1, timedelta(minutes=1))
    env = JobEnvironment()
    job: dict[str, Any] = {"process_instance_key": 21, "element_instance_key": 22}
    await env.run(google_sheets, TASK, variables=append_variables(["first"]))
    limited = await env.run(google_sheets, TASK, variables=append_variables(["second"]), retries=3, **job)
    assert limited.kind == "failed" and limited.retries == 2
    assert limited.message is not None and "RESOURCE_EXHAUSTED" in limited.message
    assert appends(sandbox) == [200, 429, 429, 429, 429]  # a refused append is safe to repeat
    sandbox.clock.advance(timedelta(minutes=1))
    retried = await env.run(google_sheets, TASK, variables=append_variables(["second"]), retries=2, **job)
    assert retried.kind == "completed", retried.message
    assert rows_of(sandbox, "Leads") == [["first"], ["second"]]


async def test_a_sheet_not_shared_with_the_account_is_an_incident(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("google_sheets")
    private = sandbox.emulator("google_sheets", GoogleSheetsEmulator).create_spreadsheet(
        "Private", shared_with=set()
    )
    variables = {"spreadsheetId": private, "sheetRange": "Sheet1!A1", "rows": [["x"]]}
    outcome = await JobEnvironment().run(google_sheets, TASK, variables=variables)
    assert outcome.is_incident
    assert outcome.message is not None and "HTTP 403 PERMISSION_DENIED" in outcome.message


async def test_a_rejected_grant_is_an_incident_and_the_private_key_stays_secret(
    start_sandbox: Any, monkeypatch: pytest.MonkeyPatch, captured_logs: Any
) -> None:
    await start_sandbox("google_sheets")
    key = json.loads(os.environ["GOOGLE_SERVICE_ACCOUNT_JSON"])
    monkeypatch.setenv(
        "GOOGLE_SERVICE_ACCOUNT_JSON", json.dumps({**key, "client_email": "stranger@example.iam"})
    )
    outcome = await JobEnvironment().run(google_sheets, TASK, variables=append_variables(["x"]))
    assert outcome.is_incident
    assert (
        outcome.message is not None
        and "Google OAuth token answered HTTP 400 invalid_grant" in outcome.message
    )
    secret_part = key["private_key"].splitlines()[5]
    assert secret_part not in outcome.message and secret_part not in captured_logs.text()


async def test_missing_configuration_names_the_variable_not_its_value(
    start_sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    await start_sandbox("google_sheets")
    monkeypatch.delenv("GOOGLE_SERVICE_ACCOUNT_JSON")
    outcome = await JobEnvironment().run(google_sheets, TASK, variables=append_variables(["x"]))
    assert outcome.is_incident
    assert outcome.message is not None and "GOOGLE_SERVICE_ACCOUNT_JSON" in outcome.message


async def test_a_token_the_server_no_longer_accepts_is_refreshed_once(start_sandbox: Any) -> None:
    sandbox: Sandbox = await start_sandbox("google_sheets")
    env = JobEnvironment()
    await env.run(google_sheets, TASK, variables=append_variables(["before"]))
    # The server forgets the issued token (revoked) and its request log; the client's cache cannot know.
    sandbox.reset("google_oauth")
    outcome = await env.run(google_sheets, TASK, variables=append_variables(["after"]))
    assert outcome.kind == "completed", outcome.message
    assert appends(sandbox) == [200, 401, 200]
    assert len([record for record in sandbox.host("google_oauth").requests if record.method == "POST"]) == 1
    assert rows_of(sandbox, "Leads") == [["before"], ["after"]]
