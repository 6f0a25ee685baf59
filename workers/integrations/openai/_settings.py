"""OpenAI settings (``OPENAI_BASE_URL``, ``OPENAI_API_KEY``, ``OPENAI_MODEL``)."""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["OpenAISettings"]


class OpenAISettings(BaseSettings):
    """Where the API is (with ``/v1``, as the official SDK reads ``OPENAI_BASE_URL``), the key and the model."""

    model_config = SettingsConfigDict(env_prefix="OPENAI_", extra="ignore")

    base_url: str = "https://api.openai.com/v1"
    api_key: SecretStr
    model: str = "gpt-4o-mini"
