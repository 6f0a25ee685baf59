"""Google Sheets API v4: append rows with a service account; worker group ``documents``."""

from workers.integrations.google_sheets._auth import ServiceAccountAuth, read_oauth_error
from workers.integrations.google_sheets._client import (
    SHEETS_SCOPE,
    AppendResult,
    GoogleSheetsClient,
    read_google_error,
)
from workers.integrations.google_sheets._settings import GoogleSheetsSettings, ServiceAccountKeyError
from workers.integrations.google_sheets._tasks import google_sheets, sheets_clients

__all__ = [
    "SHEETS_SCOPE",
    "AppendResult",
    "GoogleSheetsClient",
    "GoogleSheetsSettings",
    "ServiceAccountAuth",
    "ServiceAccountKeyError",
    "google_sheets",
    "read_google_error",
    "read_oauth_error",
    "sheets_clients",
]
