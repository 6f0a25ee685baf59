"""Google Sheets API v4: values.append / get / update, spreadsheets.create / get, per-minute quotas.

Contract (external-apis.md §4): Bearer access token from the service-account token endpoint (``google_oauth``)
with one of the spreadsheets/drive scopes; the spreadsheet must be shared with the service account (403
``The caller does not have permission`` otherwise). ``append`` needs ``valueInputOption`` (``RAW`` or
``USER_ENTERED``), finds the table in the range (the first block of non-empty rows from the range's top row) and
writes after its last row starting at the range's first column, ``OVERWRITE`` (default) or ``INSERT_ROWS``; the
answer has ``spreadsheetId``, ``tableRange`` (absent when no table was found) and ``updates``. Errors use Google's
``{"error": {code, message, status}}``; quotas are 60 read and 60 write requests per minute per user and 300 per
project, and a 429 has the real ``RESOURCE_EXHAUSTED`` body with an ``ErrorInfo`` and no ``Retry-After``.
Appends are not idempotent (retrying duplicates rows), as on Google.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from sandbox._common import (
    Emulator,
    EmulatorContext,
    MalformedBody,
    RateLimitHit,
    RateLimitRule,
    bearer_token,
    read_json,
)
from sandbox.google_oauth import GoogleApiError, GoogleOAuthEmulator, google_error_response

__all__ = ["DEFAULT_SPREADSHEET_ID", "SHEETS_SCOPES", "GoogleSheetsEmulator", "parse_a1"]

SHEETS_SCOPES = frozenset(
    {
        "https://www.googleapis.com/auth/spreadsheets",
        "https://www.googleapis.com/auth/drive.file",
        "https://www.googleapis.com/auth/drive",
    }
)
_READ_SCOPES = SHEETS_SCOPES | {
    "https://www.googleapis.com/auth/spreadsheets.readonly",
    "https://www.googleapis.com/auth/drive.readonly",
}
DEFAULT_SPREADSHEET_ID = "1SandboxLeadsSheet0000000000000000000000000"
_SERVICE = "sheets.googleapis.com"
_ROWS, _COLUMNS = 1000, 26
_CELL = re.compile(r"^([A-Za-z]*)(\d*)$")

Cell = str | int | float | bool


@dataclass(frozen=True)
class A1Range:
    """A parsed A1 range; ``None`` bounds are open (whole column / row / sheet)."""

    sheet: str | None
    start_row: int | None
    start_column: int | None
    end_row: int | None
    end_column: int | None


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + (ord(letter) - ord("A") + 1)
    return number - 1


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def parse_a1(text: str) -> A1Range:
    """Parse ``Sheet1``, ``'My sheet'!A1:E``, ``A2:C``, ``Sheet1!1:3``; raises ``ValueError``."""
    sheet: str | None = None
    cells = text
    if text.startswith("'"):
        name, index = [], 1
        while index < len(text):
            if text[index] == "'":
                if text[index + 1 : index + 2] == "'":
                    name.append("'")
                    index += 2
                    continue
                break
            name.append(text[index])
            index += 1
        else:
            raise ValueError(text)
        rest = text[index + 1 :]
        if rest == "":
            return A1Range("".join(name), None, None, None, None)
        if not rest.startswith("!"):
            raise ValueError(text)
        sheet, cells = "".join(name), rest[1:]
    elif "!" in text:
        sheet, cells = text.split("!", 1)
    elif not re.fullmatch(r"[A-Za-z]*\d*(:[A-Za-z]*\d*)?", text) or text == "":
        return A1Range(text, None, None, None, None)
    if sheet is not None and cells == "":
        raise ValueError(text)
    start, _, end = cells.partition(":")
    first, second = _CELL.match(start), _CELL.match(end) if end else None
    if first is None or (end and second is None) or start == "":
        raise ValueError(text)
    start_column = _column_number(first.group(1)) if first.group(1) else None
    start_row = int(first.group(2)) - 1 if first.group(2) else None
    if second is None:
        return A1Range(sheet, start_row, start_column, start_row, start_column)
    end_column = _column_number(second.group(1)) if second.group(1) else None
    end_row = int(second.group(2)) - 1 if second.group(2) else None
    if (start_row is not None and start_row < 0) or (end_row is not None and end_row < 0):
        raise ValueError(text)
    return A1Range(sheet, start_row, start_column, end_row, end_column)


def _quote(sheet: str) -> str:
    return sheet if re.fullmatch(r"[A-Za-z0-9_]+", sheet) else "'" + sheet.replace("'", "''") + "'"


def _a1(sheet: str, first_row: int, first_column: int, last_row: int, last_column: int) -> str:
    start = f"{_column_letters(first_column)}{first_row + 1}"
    end = f"{_column_letters(last_column)}{last_row + 1}"
    return f"{_quote(sheet)}!{start}" if start == end else f"{_quote(sheet)}!{start}:{end}"


@dataclass
class _Sheet:
    sheet_id: int
    title: str
    rows: list[list[Cell]] = field(default_factory=list)

    def cell(self, row: int, column: int) -> Cell:
        if row < len(self.rows) and column < len(self.rows[row]):
            return self.rows[row][column]
        return ""

    def put(self, row: int, column: int, value: Cell) -> None:
        while len(self.rows) <= row:
            self.rows.append([])
        line = self.rows[row]
        while len(line) <= column:
            line.append("")
        line[column] = value

    def row_has_data(self, row: int, first_column: int, last_column: int | None) -> bool:
        if row >= len(self.rows):
            return False
        line = self.rows[row]
        stop = len(line) if last_column is None else min(len(line), last_column + 1)
        return any(line[column] != "" for column in range(first_column, stop))


@dataclass
class _Spreadsheet:
    spreadsheet_id: str
    title: str
    sheets: list[_Sheet]
    shared_with: set[str]

    def sheet(self, title: str | None) -> _Sheet | None:
        if title is None:
            return self.sheets[0]
        return next((sheet for sheet in self.sheets if sheet.title == title), None)


def _user_entered(value: Any) -> Cell:
    if not isinstance(value, str):
        return value if isinstance(value, int | float | bool) else str(value)
    if value.startswith("'"):
        return value[1:]
    if value.upper() in ("TRUE", "FALSE"):
        return value.upper() == "TRUE"
    text = (
        value.strip().replace(",", "")
        if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", value.strip())
        else value.strip()
    )
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?", text):
        return float(text)
    return value


def _render(value: Cell, option: str) -> Cell:
    if option in ("UNFORMATTED_VALUE", "FORMULA"):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class GoogleSheetsEmulator(Emulator):
    """Spreadsheets shared with service accounts; the values API used by the workers."""

    name: ClassVar[str] = "google_sheets"
    title: ClassVar[str] = "Google Sheets API v4"

    def __init__(self, context: EmulatorContext, oauth: GoogleOAuthEmulator) -> None:
        super().__init__(context)
        self.oauth = oauth
        self._spreadsheets: dict[str, _Spreadsheet] = {}
        self.reset_state()

    # --- seeding ------------------------------------------------------------------------------------------
    def create_spreadsheet(
        self,
        title: str,
        sheets: list[str] | None = None,
        *,
        spreadsheet_id: str | None = None,
        shared_with: set[str] | None = None,
    ) -> str:
        """Create a spreadsheet (shared with the sandbox service account unless ``shared_with`` says else)."""
        spreadsheet_id = spreadsheet_id or "1" + secrets.token_urlsafe(30).replace("-", "x").replace("_", "y")
        self._spreadsheets[spreadsheet_id] = _Spreadsheet(
            spreadsheet_id,
            title,
            [_Sheet(index * 1000 if index else 0, name) for index, name in enumerate(sheets or ["Sheet1"])],
            {self.oauth.service_account.client_email} if shared_with is None else set(shared_with),
        )
        return spreadsheet_id

    def values(self, spreadsheet_id: str, sheet: str | None = None) -> list[list[Cell]]:
        """The raw cell values of a sheet (first sheet by default), trailing blanks removed."""
        found = self._spreadsheets[spreadsheet_id].sheet(sheet)
        if found is None:
            raise KeyError(sheet)
        return _trimmed([list(row) for row in found.rows])

    # --- Emulator -----------------------------------------------------------------------------------------
    def reset_state(self) -> None:
        self._spreadsheets = {}
        self.create_spreadsheet(
            "Fleet sandbox", ["Sheet1", "Leads", "Payments"], spreadsheet_id=DEFAULT_SPREADSHEET_ID
        )

    def state_view(self) -> dict[str, Any]:
        return {
            "spreadsheets": {
                spreadsheet.spreadsheet_id: {
                    "title": spreadsheet.title,
                    "sharedWith": sorted(spreadsheet.shared_with),
                    "sheets": {
                        sheet.title: _trimmed([list(row) for row in sheet.rows])
                        for sheet in spreadsheet.sheets
                    },
                }
                for spreadsheet in self._spreadsheets.values()
            }
        }

    def export_state(self) -> dict[str, Any]:
        return {
            "spreadsheets": [
                {
                    "id": spreadsheet.spreadsheet_id,
                    "title": spreadsheet.title,
                    "shared_with": sorted(spreadsheet.shared_with),
                    "sheets": [
                        {"sheet_id": sheet.sheet_id, "title": sheet.title, "rows": sheet.rows}
                        for sheet in spreadsheet.sheets
                    ],
                }
                for spreadsheet in self._spreadsheets.values()
            ]
        }

    def import_state(self, snapshot: Mapping[str, Any]) -> None:
        self._spreadsheets = {
            item["id"]: _Spreadsheet(
                item["id"],
                item["title"],
                [
                    _Sheet(int(sheet["sheet_id"]), sheet["title"], [list(row) for row in sheet["rows"]])
                    for sheet in item["sheets"]
                ],
                set(item["shared_with"]),
            )
            for item in snapshot["spreadsheets"]
        }

    def credentials(self) -> dict[str, str]:
        return self.oauth.credentials()

    def environment(self) -> dict[str, str]:
        return {
            "GOOGLE_SHEETS_BASE_URL": self.base_url,
            "GOOGLE_SHEETS_SPREADSHEET_ID": DEFAULT_SPREADSHEET_ID,
        }

    def error_response(self, status: int, message: str) -> Response:
        names = {
            404: "NOT_FOUND",
            405: "NOT_FOUND",
            500: "INTERNAL",
            502: "UNAVAILABLE",
            503: "UNAVAILABLE",
            504: "DEADLINE_EXCEEDED",
        }
        return google_error_response(GoogleApiError(status, message, names.get(status, "UNKNOWN")))

    def rate_limit_rules(self) -> list[RateLimitRule]:
        minute = timedelta(minutes=1)
        return [
            RateLimitRule("read_per_project", 300, minute),
            RateLimitRule("read_per_user", 60, minute),
            RateLimitRule("write_per_project", 300, minute),
            RateLimitRule("write_per_user", 60, minute),
        ]

    def rate_limit_keys(self, request: Request) -> list[tuple[str, str]]:
        token = bearer_token(request)
        issued = self.oauth.lookup(token) if token else None
        if issued is None:
            return []
        kind = "read" if request.method == "GET" else "write"
        return [(f"{kind}_per_project", "project"), (f"{kind}_per_user", issued.client_email)]

    def rate_limited_response(self, hit: RateLimitHit) -> Response:
        kind = "Read" if hit.rule.name.startswith("read") else "Write"
        scope = "User" if hit.rule.name.endswith("user") else "Project"
        limit = f"{kind}RequestsPerMinutePer{scope}"
        error = GoogleApiError(
            429,
            f"Quota exceeded for quota metric '{kind} requests' and limit '{kind} requests per minute per "
            f"{scope.lower()}' of service '{_SERVICE}' for consumer 'project_number:100000000001'.",
            "RESOURCE_EXHAUSTED",
            [
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "RATE_LIMIT_EXCEEDED",
                    "domain": "googleapis.com",
                    "metadata": {
                        "quota_limit": limit,
                        "quota_metric": f"{_SERVICE}/{kind.lower()}_requests",
                        "service": _SERVICE,
                        "consumer": "projects/100000000001",
                        "quota_limit_value": str(hit.rule.limit),
                    },
                },
                {
                    "@type": "type.googleapis.com/google.rpc.Help",
                    "links": [
                        {
                            "description": "Request a higher quota limit.",
                            "url": "https://cloud.google.com/docs/quotas/help/request_increase",
                        }
                    ],
                },
            ],
        )
        return google_error_response(error)

    def routes(self) -> list[BaseRoute]:
        base = "/v4/spreadsheets"
        return [
            Route(base, self._guard(self._create), methods=["POST"]),
            Route(base + "/{spreadsheet_id:str}", self._guard(self._get_spreadsheet), methods=["GET"]),
            Route(
                base + "/{spreadsheet_id:str}/values/{range_call:path}",
                self._guard(self._values),
                methods=["GET", "PUT", "POST"],
            ),
        ]

    def admin_routes(self) -> list[BaseRoute]:
        return [Route("/google_sheets/spreadsheets", self._admin_create, methods=["POST"])]

    # --- plumbing -----------------------------------------------------------------------------------------
    def _guard(self, handler: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            try:
                scopes = _READ_SCOPES if request.method == "GET" else SHEETS_SCOPES
                token = self.oauth.check_token(request, scopes, _SERVICE)
                request.state.client_email = token.client_email
                result: Response = await handler(request)
                return result
            except GoogleApiError as error:
                return google_error_response(error)

        return endpoint

    def _spreadsheet(self, request: Request) -> _Spreadsheet:
        spreadsheet = self._spreadsheets.get(request.path_params["spreadsheet_id"])
        if spreadsheet is None:
            raise GoogleApiError(404, "Requested entity was not found.", "NOT_FOUND")
        if request.state.client_email not in spreadsheet.shared_with:
            raise GoogleApiError(403, "The caller does not have permission", "PERMISSION_DENIED")
        return spreadsheet

    @staticmethod
    def _range(spreadsheet: _Spreadsheet, text: str) -> tuple[_Sheet, A1Range]:
        if spreadsheet.sheet(text) is not None:
            return spreadsheet.sheet(text) or spreadsheet.sheets[0], A1Range(text, None, None, None, None)
        try:
            parsed = parse_a1(text)
        except ValueError as error:
            raise GoogleApiError(400, f"Unable to parse range: {text}", "INVALID_ARGUMENT") from error
        sheet = spreadsheet.sheet(parsed.sheet)
        if sheet is None:
            raise GoogleApiError(400, f"Unable to parse range: {text}", "INVALID_ARGUMENT")
        return sheet, parsed

    async def _json_body(self, request: Request) -> dict[str, Any]:
        try:
            body = await read_json(request)
        except MalformedBody as error:
            raise GoogleApiError(
                400, f"Invalid JSON payload received. {error}", "INVALID_ARGUMENT"
            ) from error
        if not isinstance(body, dict):
            raise GoogleApiError(
                400, "Invalid JSON payload received. Expected an object.", "INVALID_ARGUMENT"
            )
        return body

    def _value_rows(self, body: dict[str, Any], input_option: str) -> list[list[Cell]]:
        values = body.get("values", [])
        if not isinstance(values, list) or not all(isinstance(row, list) for row in values):
            raise GoogleApiError(
                400, "Invalid JSON payload received. Invalid value at 'data.values'.", "INVALID_ARGUMENT"
            )
        dimension = body.get("majorDimension", "ROWS")
        if dimension not in ("ROWS", "COLUMNS"):
            raise GoogleApiError(
                400,
                f"Invalid value at 'data.major_dimension' (type.googleapis.com/google.apps.sheets.v4.Dimension), \"{dimension}\"",
                "INVALID_ARGUMENT",
            )
        rows: list[list[Cell]] = []
        for row in values:
            for value in row:
                if value is not None and not isinstance(value, str | int | float | bool):
                    raise GoogleApiError(
                        400,
                        "Invalid values[0][0]: struct_value or list_value is not supported",
                        "INVALID_ARGUMENT",
                    )
            rows.append(
                [
                    ""
                    if value is None
                    else (_user_entered(value) if input_option == "USER_ENTERED" else value)
                    for value in row
                ]
            )
        if dimension == "COLUMNS":
            height = max((len(column) for column in rows), default=0)
            rows = [
                [column[index] if index < len(column) else "" for column in rows] for index in range(height)
            ]
        return rows

    @staticmethod
    def _input_option(request: Request) -> str:
        option = request.query_params.get("valueInputOption")
        if option is None:
            raise GoogleApiError(400, "'valueInputOption' is required but not specified", "INVALID_ARGUMENT")
        if option not in ("RAW", "USER_ENTERED"):
            raise GoogleApiError(
                400,
                f"Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4.ValueInputOption), \"{option}\"",
                "INVALID_ARGUMENT",
            )
        return option

    @staticmethod
    def _render_option(request: Request) -> str:
        option = request.query_params.get("responseValueRenderOption") or request.query_params.get(
            "valueRenderOption", "FORMATTED_VALUE"
        )
        if option not in ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"):
            raise GoogleApiError(400, f'Invalid value render option "{option}"', "INVALID_ARGUMENT")
        return option

    # --- endpoints ----------------------------------------------------------------------------------------
    async def _create(self, request: Request) -> Response:
        body = await self._json_body(request)
        properties = body.get("properties") or {}
        title = (
            properties.get("title", "Untitled spreadsheet")
            if isinstance(properties, dict)
            else "Untitled spreadsheet"
        )
        sheets = [
            str(sheet.get("properties", {}).get("title"))
            for sheet in body.get("sheets") or []
            if isinstance(sheet, dict)
            and isinstance(sheet.get("properties"), dict)
            and sheet["properties"].get("title")
        ]
        spreadsheet_id = self.create_spreadsheet(
            str(title), sheets or None, shared_with={request.state.client_email}
        )
        return JSONResponse(self._spreadsheet_json(self._spreadsheets[spreadsheet_id]))

    async def _get_spreadsheet(self, request: Request) -> Response:
        return JSONResponse(self._spreadsheet_json(self._spreadsheet(request)))

    def _spreadsheet_json(self, spreadsheet: _Spreadsheet) -> dict[str, Any]:
        return {
            "spreadsheetId": spreadsheet.spreadsheet_id,
            "properties": {"title": spreadsheet.title, "locale": "en_US", "timeZone": "Etc/GMT"},
            "sheets": [
                {
                    "properties": {
                        "sheetId": sheet.sheet_id,
                        "title": sheet.title,
                        "index": index,
                        "sheetType": "GRID",
                        "gridProperties": {
                            "rowCount": max(_ROWS, len(sheet.rows)),
                            "columnCount": max(_COLUMNS, *(len(row) for row in sheet.rows), 0),
                        },
                    }
                }
                for index, sheet in enumerate(spreadsheet.sheets)
            ],
            "spreadsheetUrl": f"{self.base_url}/spreadsheets/d/{spreadsheet.spreadsheet_id}/edit",
        }

    async def _values(self, request: Request) -> Response:
        range_call: str = request.path_params["range_call"]
        if request.method == "POST":
            if not range_call.endswith(":append"):
                raise GoogleApiError(404, "Requested entity was not found.", "NOT_FOUND")
            return await self._append(request, range_call.removesuffix(":append"))
        if request.method == "PUT":
            return await self._update(request, range_call)
        return self._get(request, range_call)

    def _get(self, request: Request, text: str) -> Response:
        spreadsheet = self._spreadsheet(request)
        sheet, parsed = self._range(spreadsheet, text)
        render = self._render_option(request)
        first_row, first_column = parsed.start_row or 0, parsed.start_column or 0
        last_row = parsed.end_row if parsed.end_row is not None else max(len(sheet.rows), _ROWS) - 1
        widest = max((len(row) for row in sheet.rows), default=0)
        last_column = parsed.end_column if parsed.end_column is not None else max(widest, _COLUMNS) - 1
        rows = [
            [_render(sheet.cell(row, column), render) for column in range(first_column, last_column + 1)]
            for row in range(first_row, min(last_row, len(sheet.rows) - 1) + 1)
        ]
        body: dict[str, Any] = {
            "range": _a1(sheet.title, first_row, first_column, last_row, last_column),
            "majorDimension": "ROWS",
        }
        trimmed = _trimmed(rows)
        if request.query_params.get("majorDimension") == "COLUMNS":
            body["majorDimension"] = "COLUMNS"
            width = max((len(row) for row in trimmed), default=0)
            trimmed = _trimmed(
                [[row[column] if column < len(row) else "" for row in trimmed] for column in range(width)]
            )
        if trimmed:
            body["values"] = trimmed
        return JSONResponse(body)

    async def _update(self, request: Request, text: str) -> Response:
        spreadsheet = self._spreadsheet(request)
        option = self._input_option(request)
        sheet, parsed = self._range(spreadsheet, text)
        rows = self._value_rows(await self._json_body(request), option)
        first_row, first_column = parsed.start_row or 0, parsed.start_column or 0
        self._write(sheet, first_row, first_column, rows)
        return JSONResponse(
            {
                "spreadsheetId": spreadsheet.spreadsheet_id,
                **self._updates(sheet, first_row, first_column, rows, request),
            }
        )

    async def _append(self, request: Request, text: str) -> Response:
        spreadsheet = self._spreadsheet(request)
        option = self._input_option(request)
        insert = request.query_params.get("insertDataOption", "OVERWRITE")
        if insert not in ("OVERWRITE", "INSERT_ROWS"):
            raise GoogleApiError(
                400, f"Invalid value at 'insert_data_option', \"{insert}\"", "INVALID_ARGUMENT"
            )
        self._render_option(request)
        sheet, parsed = self._range(spreadsheet, text)
        rows = self._value_rows(await self._json_body(request), option)
        first_row, first_column = parsed.start_row or 0, parsed.start_column or 0
        row = first_row
        while row < len(sheet.rows) and not sheet.row_has_data(row, first_column, parsed.end_column):
            row += 1
        table_start: int | None = row if row < len(sheet.rows) else None
        answer: dict[str, Any] = {"spreadsheetId": spreadsheet.spreadsheet_id}
        if table_start is None:
            write_row = first_row
        else:
            table_end = table_start
            while sheet.row_has_data(table_end + 1, first_column, parsed.end_column):
                table_end += 1
            last_column = first_column
            for line in sheet.rows[table_start : table_end + 1]:
                stop = len(line) if parsed.end_column is None else min(len(line), parsed.end_column + 1)
                for column in range(first_column, stop):
                    if line[column] != "":
                        last_column = max(last_column, column)
            answer["tableRange"] = _a1(sheet.title, table_start, first_column, table_end, last_column)
            write_row = table_end + 1
        if insert == "INSERT_ROWS" and write_row < len(sheet.rows):
            sheet.rows[write_row:write_row] = [[] for _ in rows]
        self._write(sheet, write_row, first_column, rows)
        answer["updates"] = {
            "spreadsheetId": spreadsheet.spreadsheet_id,
            **self._updates(sheet, write_row, first_column, rows, request),
        }
        return JSONResponse(answer)

    @staticmethod
    def _write(sheet: _Sheet, first_row: int, first_column: int, rows: list[list[Cell]]) -> None:
        for offset, line in enumerate(rows):
            for column_offset, value in enumerate(line):
                sheet.put(first_row + offset, first_column + column_offset, value)

    def _updates(
        self, sheet: _Sheet, first_row: int, first_column: int, rows: list[list[Cell]], request: Request
    ) -> dict[str, Any]:
        width = max((len(row) for row in rows), default=0)
        if not rows or width == 0:
            return {}
        updated_range = _a1(
            sheet.title, first_row, first_column, first_row + len(rows) - 1, first_column + width - 1
        )
        updates: dict[str, Any] = {
            "updatedRange": updated_range,
            "updatedRows": len(rows),
            "updatedColumns": width,
            "updatedCells": sum(len(row) for row in rows),
        }
        if request.query_params.get("includeValuesInResponse") == "true":
            render = self._render_option(request)
            updates["updatedData"] = {
                "range": updated_range,
                "majorDimension": "ROWS",
                "values": [[_render(value, render) for value in row] for row in rows],
            }
        return updates

    async def _admin_create(self, request: Request) -> Response:
        try:
            body = await read_json(request)
        except MalformedBody as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "expected an object"}, status_code=400)
        sheets = body.get("sheets")
        shared = body.get("shared_with")
        spreadsheet_id = self.create_spreadsheet(
            str(body.get("title", "Sandbox spreadsheet")),
            [str(sheet) for sheet in sheets] if isinstance(sheets, list) else None,
            spreadsheet_id=body.get("spreadsheetId") if isinstance(body.get("spreadsheetId"), str) else None,
            shared_with={str(email) for email in shared} if isinstance(shared, list) else None,
        )
        values = body.get("values")
        if isinstance(values, dict):
            spreadsheet = self._spreadsheets[spreadsheet_id]
            for title, rows in values.items():
                sheet = spreadsheet.sheet(title)
                if sheet is not None and isinstance(rows, list):
                    self._write(sheet, 0, 0, [list(row) for row in rows if isinstance(row, list)])
        return JSONResponse({"spreadsheetId": spreadsheet_id}, status_code=201)


def _trimmed(rows: list[list[Cell]]) -> list[list[Cell]]:
    result = []
    for row in rows:
        line = list(row)
        while line and line[-1] == "":
            line.pop()
        result.append(line)
    while result and not result[-1]:
        result.pop()
    return result
