"""Google Sheets task handler (worker group ``documents``): append rows, at most once per task instance."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from workers import Integration, PermanentError
from workers.integrations._http import PerEventLoop, settings_from_environment
from workers.integrations.google_sheets._client import CellValue, GoogleSheetsClient
from workers.integrations.google_sheets._settings import GoogleSheetsSettings, ServiceAccountKeyError

__all__ = ["AppendRowsInput", "AppendRowsOutput", "google_sheets", "sheets_clients"]

google_sheets = Integration("google-sheets", group="documents")


def _new_client() -> GoogleSheetsClient:
    try:
        return GoogleSheetsClient(settings_from_environment(GoogleSheetsSettings))
    except ServiceAccountKeyError as error:
        raise PermanentError(f"{error}: fix the worker's configuration, then resolve the incident.") from None


sheets_clients: PerEventLoop[GoogleSheetsClient] = PerEventLoop(_new_client)
"""The Sheets client of the running event loop."""


class AppendRowsInput(BaseModel):
    """``google-sheets.append-rows``: where to append (A1 range of the table) and the rows.

    ``valueInputOption`` ``RAW`` (default) stores text as typed, so a value starting with ``=`` from a form is
    not run as a formula; ``USER_ENTERED`` parses values as if typed into the sheet.
    """

    model_config = ConfigDict(extra="ignore")

    spreadsheetId: str = Field(pattern=r"^[A-Za-z0-9_-]+$")
    sheetRange: str = Field(min_length=1, max_length=200)
    rows: list[list[CellValue]] = Field(min_length=1, max_length=1000)
    valueInputOption: Literal["RAW", "USER_ENTERED"] = "RAW"


class AppendRowsOutput(BaseModel):
    """Where the rows landed."""

    sheetsUpdatedRange: str
    sheetsUpdatedRows: int


@google_sheets.task(
    "google-sheets.append-rows",
    timeout=timedelta(seconds=60),
    input_model=AppendRowsInput,
    output_model=AppendRowsOutput,
    idempotent=True,
)
async def append_rows(
    spreadsheetId: str,
    sheetRange: str,
    rows: list[list[CellValue]],
    valueInputOption: Literal["RAW", "USER_ENTERED"] = "RAW",
) -> dict[str, Any]:
    """Append rows. ``values:append`` has no idempotency key, so the task goes through the idempotency store
    (the default, spelled out here): a redelivered job replays the recorded result instead of appending again.
    """
    result = await sheets_clients.get().append_rows(
        spreadsheetId, sheetRange, rows, value_input_option=valueInputOption
    )
    return AppendRowsOutput(
        sheetsUpdatedRange=result.updates.updatedRange, sheetsUpdatedRows=result.updates.updatedRows
    ).model_dump()
