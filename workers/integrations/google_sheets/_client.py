"""Google Sheets API v4 client: ``spreadsheets.values.append`` with service-account auth."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ConfigDict

from workers.integrations._http import (
    ApiClient,
    ApiConfig,
    ErrorDetail,
    Replay,
    Tuning,
    json_or_none,
    read_generic_error,
)
from workers.integrations.google_sheets._auth import ServiceAccountAuth
from workers.integrations.google_sheets._settings import GoogleSheetsSettings

__all__ = ["SHEETS_SCOPE", "AppendResult", "CellValue", "GoogleSheetsClient", "read_google_error"]

SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets"
CellValue = str | int | float | bool | None


class UpdatedCells(BaseModel):
    """``updates`` of an append answer."""

    model_config = ConfigDict(extra="allow")

    spreadsheetId: str
    updatedRange: str
    updatedRows: int = 0
    updatedColumns: int = 0
    updatedCells: int = 0


class AppendResult(BaseModel):
    """The answer of ``values:append``: the table found before the append and where the rows went."""

    model_config = ConfigDict(extra="allow")

    spreadsheetId: str
    tableRange: str | None = None
    updates: UpdatedCells


def read_google_error(response: httpx.Response) -> ErrorDetail:
    """``{"error":{"code","message","status","details":[{"@type":"...ErrorInfo","reason"}]}}``."""
    body = json_or_none(response)
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return read_generic_error(response)
    code = error.get("status")
    for detail in error.get("details") or []:
        if isinstance(detail, dict) and isinstance(detail.get("reason"), str):
            code = f"{code}/{detail['reason']}" if code else detail["reason"]
            break
    return ErrorDetail(message=str(error.get("message") or response.reason_phrase), code=code)


class GoogleSheetsClient:
    """Appends rows to spreadsheets shared with the service account."""

    def __init__(
        self,
        settings: GoogleSheetsSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        tuning: Tuning | None = None,
    ) -> None:
        info = settings.service_account_info()
        self.auth = ServiceAccountAuth(
            info,
            scopes=(SHEETS_SCOPE,),
            token_url=settings.token_url(info),
            transport=transport,
            tuning=tuning,
        )
        self.api = ApiClient(
            ApiConfig(
                api="Google Sheets",
                base_url=settings.sheets_base_url,
                auth=self.auth,
                secrets=(str(info["private_key"]),),
                read_error=read_google_error,
            ),
            transport=transport,
            tuning=tuning,
        )
        self.auth.on_new_token(self.api.redact.remember)

    async def aclose(self) -> None:
        """Close the connection pools."""
        await self.api.aclose()
        await self.auth.aclose()

    async def append_rows(
        self,
        spreadsheet_id: str,
        range_a1: str,
        rows: Sequence[Sequence[CellValue]],
        *,
        value_input_option: Literal["RAW", "USER_ENTERED"] = "RAW",
    ) -> AppendResult:
        """Insert ``rows`` after the table found in ``range_a1`` (``INSERT_ROWS``).

        Not idempotent: it is repeated only when Google certainly did not apply it (429, no connection).
        """
        operation = "values.append"
        path = f"/v4/spreadsheets/{quote(spreadsheet_id, safe='')}/values/{quote(range_a1, safe='!:')}:append"
        response = await self.api.request(
            operation,
            "POST",
            path,
            replay=Replay.UNSAFE,
            params={
                "valueInputOption": value_input_option,
                "insertDataOption": "INSERT_ROWS",
                "includeValuesInResponse": "false",
            },
            json={"range": range_a1, "majorDimension": "ROWS", "values": [list(row) for row in rows]},
        )
        return self.api.parse(operation, response, AppendResult)
