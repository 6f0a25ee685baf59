"""Flowable REST settings (``FLOWABLE_BASE_URL``, ``FLOWABLE_USER``, ``FLOWABLE_PASSWORD``)."""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["FlowableSettings"]


class FlowableSettings(BaseSettings):
    """The REST service root (``.../flowable-rest/service``) and the HTTP Basic credentials."""

    model_config = SettingsConfigDict(env_prefix="FLOWABLE_", extra="ignore")

    base_url: str = "http://localhost:8080/flowable-rest/service"
    user: str = "rest-admin"
    password: SecretStr
