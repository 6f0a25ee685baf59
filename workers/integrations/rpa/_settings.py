"""OpenRPA/OpenFlow settings (``OPENRPA_BASE_URL``, ``OPENRPA_TOKEN``, ``OPENRPA_CALLBACK_URL``)."""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["OpenRPASettings"]


class OpenRPASettings(BaseSettings):
    """The OpenFlow Node-RED endpoint that pushes workitems, its token, and where robots report back.

    ``callback_url`` is the fleet's webhook ingress for bot results; without it the queue's own callback is used.
    """

    model_config = SettingsConfigDict(env_prefix="OPENRPA_", extra="ignore")

    base_url: str
    token: SecretStr
    callback_url: str | None = None
