"""HubSpot connection settings (``HUBSPOT_BASE_URL``, ``HUBSPOT_TOKEN``)."""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["HubSpotSettings"]


class HubSpotSettings(BaseSettings):
    """Where HubSpot is and the private-app token to call it with."""

    model_config = SettingsConfigDict(env_prefix="HUBSPOT_", extra="ignore")

    base_url: str = "https://api.hubapi.com"
    token: SecretStr
