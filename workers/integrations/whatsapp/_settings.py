"""WhatsApp Cloud API settings (``WHATSAPP_BASE_URL``, ``WHATSAPP_API_VERSION``, ``WHATSAPP_TOKEN``,
``WHATSAPP_PHONE_NUMBER_ID``)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["WhatsAppSettings"]


class WhatsAppSettings(BaseSettings):
    """The Graph API host, its version, the access token, and the default sending number's id."""

    model_config = SettingsConfigDict(env_prefix="WHATSAPP_", extra="ignore")

    base_url: str = "https://graph.facebook.com"
    api_version: str = Field(default="v21.0", pattern=r"^v\d+\.\d+$")
    token: SecretStr
    phone_number_id: str | None = None
