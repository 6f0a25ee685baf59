"""Fleet settings from the environment: Camunda's standard names for the connection, ``FLEET_*`` for the rest."""

from __future__ import annotations

import socket
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = ["ChannelMode", "FleetSettings", "SettingsError", "load_settings"]

ChannelMode = Literal["insecure", "tls", "oauth", "saas"]
CommaSeparated = Annotated[tuple[str, ...], NoDecode]


def _env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class FleetSettings(BaseSettings):
    """Everything ``fleet run`` reads from the environment. Secrets are ``SecretStr``: never printed.

    The gateway connection is chosen by ``FLEET_CHANNEL`` (``auto`` by default): SaaS when
    ``CAMUNDA_CLUSTER_ID`` is set, OAuth when a client id or secret is set, TLS when a CA file is given,
    otherwise an insecure (plaintext) channel.
    """

    model_config = SettingsConfigDict(env_prefix="FLEET_", case_sensitive=False, extra="ignore", frozen=True)

    zeebe_address: str = Field(
        default="localhost:26500", validation_alias=_env("ZEEBE_ADDRESS"), min_length=1
    )
    client_id: str | None = Field(default=None, validation_alias=_env("ZEEBE_CLIENT_ID", "CAMUNDA_CLIENT_ID"))
    client_secret: SecretStr | None = Field(
        default=None, validation_alias=_env("ZEEBE_CLIENT_SECRET", "CAMUNDA_CLIENT_SECRET")
    )
    authorization_server_url: str | None = Field(
        default=None, validation_alias=_env("ZEEBE_AUTHORIZATION_SERVER_URL", "CAMUNDA_OAUTH_URL")
    )
    token_audience: str | None = Field(
        default=None, validation_alias=_env("ZEEBE_TOKEN_AUDIENCE", "CAMUNDA_TOKEN_AUDIENCE")
    )
    token_scope: str | None = Field(
        default=None, validation_alias=_env("ZEEBE_TOKEN_SCOPE", "CAMUNDA_TOKEN_SCOPE")
    )
    cluster_id: str | None = Field(default=None, validation_alias=_env("CAMUNDA_CLUSTER_ID"))
    cluster_region: str | None = Field(default=None, validation_alias=_env("CAMUNDA_CLUSTER_REGION"))
    ca_certificate_path: Path | None = Field(
        default=None, validation_alias=_env("ZEEBE_CA_CERTIFICATE_PATH", "FLEET_TLS_CA_FILE")
    )

    channel: Literal["auto", "insecure", "tls", "oauth", "saas"] = "auto"
    groups: CommaSeparated = ()
    worker_name: str = Field(default_factory=socket.gethostname, min_length=1)
    tenant_ids: CommaSeparated = ()
    max_running_jobs: int = Field(default=32, ge=1, le=10_000)
    max_jobs_to_activate: int = Field(default=32, ge=1, le=10_000)
    request_timeout: timedelta = timedelta(seconds=30)
    stream_enabled: bool = False
    stream_timeout: timedelta = timedelta(hours=1)
    shutdown_grace: timedelta = timedelta(seconds=30)
    health_host: str = "0.0.0.0"
    health_port: int = Field(default=8080, ge=0, le=65535)
    database_url: SecretStr = SecretStr("sqlite:///.data/fleet.sqlite3")
    idempotency_table: str = Field(default="fleet_idempotency", pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
    idempotency_schema: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
    idempotency_retention: timedelta = timedelta(days=7)
    retry_backoff_initial: timedelta = timedelta(seconds=1)
    retry_backoff_max: timedelta = timedelta(minutes=5)
    reconnect_backoff_initial: timedelta = timedelta(milliseconds=100)
    reconnect_backoff_max: timedelta = timedelta(seconds=30)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "console"] = "json"
    log_job_completions: bool = False
    """An INFO line per successful job (failures and BPMN errors are always logged)."""

    @field_validator("groups", "tenant_ids", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().startswith(("sqlite:///", "postgresql://", "postgres://")):
            raise ValueError("must start with sqlite:/// or postgresql://")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator(
        "request_timeout",
        "stream_timeout",
        "shutdown_grace",
        "idempotency_retention",
        "retry_backoff_initial",
        "retry_backoff_max",
        "reconnect_backoff_initial",
        "reconnect_backoff_max",
        mode="before",
    )
    @classmethod
    def _seconds(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                return value
        return value

    @field_validator(
        "request_timeout",
        "stream_timeout",
        "shutdown_grace",
        "idempotency_retention",
        "retry_backoff_initial",
        "retry_backoff_max",
        "reconnect_backoff_initial",
        "reconnect_backoff_max",
    )
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        if value <= timedelta(0):
            raise ValueError("must be a positive duration (seconds or ISO 8601, e.g. PT30S)")
        return value

    @model_validator(mode="after")
    def _check_connection(self) -> FleetSettings:
        mode = self.channel_mode
        missing = []
        if mode in ("oauth", "saas"):
            if not self.client_id:
                missing.append("ZEEBE_CLIENT_ID (or CAMUNDA_CLIENT_ID)")
            if self.client_secret is None or not self.client_secret.get_secret_value():
                missing.append("ZEEBE_CLIENT_SECRET (or CAMUNDA_CLIENT_SECRET)")
        if mode == "oauth" and not self.authorization_server_url:
            missing.append("ZEEBE_AUTHORIZATION_SERVER_URL (or CAMUNDA_OAUTH_URL)")
        if mode == "saas" and not self.cluster_id:
            missing.append("CAMUNDA_CLUSTER_ID")
        if missing:
            raise ValueError(f"the {mode} channel needs {', '.join(missing)}")
        if self.ca_certificate_path is not None and not self.ca_certificate_path.is_file():
            raise ValueError(f"ZEEBE_CA_CERTIFICATE_PATH {self.ca_certificate_path} is not a readable file")
        if self.retry_backoff_max < self.retry_backoff_initial:
            raise ValueError("FLEET_RETRY_BACKOFF_MAX must not be below FLEET_RETRY_BACKOFF_INITIAL")
        if self.reconnect_backoff_max < self.reconnect_backoff_initial:
            raise ValueError("FLEET_RECONNECT_BACKOFF_MAX must not be below FLEET_RECONNECT_BACKOFF_INITIAL")
        return self

    @property
    def channel_mode(self) -> ChannelMode:
        """The channel ``FLEET_CHANNEL`` asks for, with ``auto`` resolved."""
        if self.channel != "auto":
            return self.channel
        if self.cluster_id:
            return "saas"
        if self.client_id or self.client_secret is not None:
            return "oauth"
        if self.ca_certificate_path is not None:
            return "tls"
        return "insecure"


class SettingsError(Exception):
    """The environment does not describe a valid fleet configuration; the message lists every problem."""


def _environment_names(field_name: str) -> str:
    field = FleetSettings.model_fields.get(field_name)
    if field is not None and isinstance(field.validation_alias, AliasChoices):
        return " / ".join(str(choice) for choice in field.validation_alias.choices)
    return f"FLEET_{field_name.upper()}"


def load_settings() -> FleetSettings:
    """Read and validate the settings once (call it at start, never at import).

    Raises:
        SettingsError: with one line per invalid setting, naming the environment variables, never the values.
    """
    try:
        return FleetSettings()
    except ValidationError as error:
        lines = []
        for detail in error.errors(include_input=False, include_url=False):
            location = detail["loc"]
            message = detail["msg"].removeprefix("Value error, ")
            lines.append(
                f"  - {_environment_names(str(location[0]))}: {message}" if location else f"  - {message}"
            )
        raise SettingsError("Invalid fleet settings:\n" + "\n".join(lines)) from None
