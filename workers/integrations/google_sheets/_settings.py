"""Google Sheets settings (``GOOGLE_SHEETS_BASE_URL``, ``GOOGLE_OAUTH_TOKEN_URL``, ``GOOGLE_SERVICE_ACCOUNT_JSON``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["GoogleSheetsSettings", "ServiceAccountKeyError"]


class ServiceAccountKeyError(ValueError):
    """The service-account key is unreadable or lacks a field; the message never contains the key."""


class GoogleSheetsSettings(BaseSettings):
    """Where Sheets and the token endpoint are, and the service account's key.

    ``GOOGLE_SERVICE_ACCOUNT_JSON`` holds the key file's JSON itself, or the path of the key file.
    ``GOOGLE_OAUTH_TOKEN_URL`` overrides the key's ``token_uri`` (Google's token endpoint by default).
    """

    model_config = SettingsConfigDict(env_prefix="GOOGLE_", extra="ignore")

    sheets_base_url: str = "https://sheets.googleapis.com"
    oauth_token_url: str | None = None
    service_account_json: SecretStr

    def service_account_info(self) -> dict[str, Any]:
        """The key file's fields (``client_email``, ``private_key``, ``token_uri`` ...)."""
        raw = self.service_account_json.get_secret_value().strip()
        try:
            text = raw if raw.startswith("{") else Path(raw).read_text(encoding="utf-8")
            info = json.loads(text)
        except (OSError, ValueError):
            raise ServiceAccountKeyError(
                "GOOGLE_SERVICE_ACCOUNT_JSON is neither a service-account key in JSON nor a readable key file"
            ) from None
        if not isinstance(info, dict):
            raise ServiceAccountKeyError("GOOGLE_SERVICE_ACCOUNT_JSON is not a JSON object")
        missing = [name for name in ("client_email", "private_key") if not isinstance(info.get(name), str)]
        if missing:
            raise ServiceAccountKeyError(f"the service-account key lacks {', '.join(missing)}")
        return info

    def token_url(self, info: dict[str, Any]) -> str:
        """The OAuth token endpoint: the override, else the key's ``token_uri``, else Google's."""
        token_uri = info.get("token_uri")
        return self.oauth_token_url or (
            token_uri if isinstance(token_uri, str) else "https://oauth2.googleapis.com/token"
        )
