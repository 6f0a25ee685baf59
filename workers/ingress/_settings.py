"""Ingress settings from the environment: provider secrets under their own names, ``FLEET_INGRESS_*`` for the rest."""

from __future__ import annotations

from datetime import timedelta

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["IngressSettings", "IngressSettingsError", "load_ingress_settings"]

_MIB = 1024 * 1024


def _env(name: str) -> AliasChoices:
    return AliasChoices(name)


class IngressSettings(BaseSettings):
    """What ``fleet ingress`` reads. Secrets are ``SecretStr``; an endpoint whose secret is unset answers 503.

    The gateway connection itself comes from the fleet settings (``ZEEBE_ADDRESS`` and friends).
    """

    model_config = SettingsConfigDict(
        env_prefix="FLEET_INGRESS_", case_sensitive=False, extra="ignore", frozen=True
    )

    host: str = "0.0.0.0"
    port: int = Field(default=8000, ge=0, le=65535)
    max_body_bytes: int = Field(default=_MIB, ge=1, le=64 * _MIB)
    message_ttl: timedelta = timedelta(hours=1)
    public_url: str | None = Field(
        default=None,
        description="scheme://host[:port] the providers call (behind a proxy); HubSpot signs this URL",
    )
    hubspot_max_age: timedelta = timedelta(minutes=5)
    stripe_tolerance: timedelta = timedelta(seconds=300)
    readiness_timeout: timedelta = timedelta(seconds=3)
    publish_timeout: timedelta = timedelta(seconds=5)
    tenant_id: str | None = Field(
        default=None, description="tenant of the published messages (multi-tenancy)"
    )

    manychat_webhook_secret: SecretStr | None = Field(
        default=None, validation_alias=_env("MANYCHAT_WEBHOOK_SECRET")
    )
    hubspot_client_secret: SecretStr | None = Field(
        default=None, validation_alias=_env("HUBSPOT_CLIENT_SECRET")
    )
    stripe_webhook_secret: SecretStr | None = Field(
        default=None, validation_alias=_env("STRIPE_WEBHOOK_SECRET")
    )
    whatsapp_verify_token: SecretStr | None = Field(
        default=None, validation_alias=_env("WHATSAPP_VERIFY_TOKEN")
    )
    whatsapp_app_secret: SecretStr | None = Field(default=None, validation_alias=_env("WHATSAPP_APP_SECRET"))
    openrpa_callback_secret: SecretStr | None = Field(
        default=None, validation_alias=_env("OPENRPA_CALLBACK_SECRET")
    )
    approvals_secret: SecretStr | None = Field(default=None, validation_alias=_env("FLEET_APPROVALS_SECRET"))

    @field_validator("message_ttl", "hubspot_max_age", "stripe_tolerance", "readiness_timeout", mode="before")
    @classmethod
    def _seconds(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                return value
        return value

    @field_validator(
        "message_ttl", "hubspot_max_age", "stripe_tolerance", "readiness_timeout", "publish_timeout"
    )
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        if value <= timedelta(0):
            raise ValueError("must be a positive duration (seconds or ISO 8601, e.g. PT1H)")
        return value

    @field_validator("public_url")
    @classmethod
    def _origin(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")


class IngressSettingsError(Exception):
    """The environment does not describe a valid ingress configuration; the message names the variables."""


def _variable(field_name: str) -> str:
    field = IngressSettings.model_fields.get(field_name)
    if field is not None and isinstance(field.validation_alias, AliasChoices):
        return " / ".join(str(choice) for choice in field.validation_alias.choices)
    return f"FLEET_INGRESS_{field_name.upper()}"


def load_ingress_settings() -> IngressSettings:
    """Read and validate the settings once, at start.

    Raises:
        IngressSettingsError: one line per invalid setting, naming variables, never values.
    """
    try:
        return IngressSettings()
    except ValidationError as error:
        lines = []
        for detail in error.errors(include_input=False, include_url=False):
            location = detail["loc"]
            message = detail["msg"].removeprefix("Value error, ")
            lines.append(f"  - {_variable(str(location[0]))}: {message}" if location else f"  - {message}")
        raise IngressSettingsError("Invalid ingress settings:\n" + "\n".join(lines)) from None
