"""ManyChat connection settings (``MANYCHAT_BASE_URL``, ``MANYCHAT_TOKEN``)."""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["ManyChatSettings"]


class ManyChatSettings(BaseSettings):
    """Where ManyChat is and the page's API token (``<page_id>:<secret>``)."""

    model_config = SettingsConfigDict(env_prefix="MANYCHAT_", extra="ignore")

    base_url: str = "https://api.manychat.com"
    token: SecretStr
