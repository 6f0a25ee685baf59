"""Settings from Camunda's standard variables plus FLEET_*; invalid settings fail with one clear message."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import grpc
import pytest
from pydantic import SecretStr

from workers.runtime import _channel
from workers.runtime._settings import FleetSettings, SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("ZEEBE_", "CAMUNDA_", "FLEET_")):
            monkeypatch.delenv(name)


def test_defaults_give_an_insecure_local_channel() -> None:
    settings = load_settings()
    assert settings.channel_mode == "insecure"
    assert settings.zeebe_address == "localhost:26500"
    assert settings.max_running_jobs == 32
    assert settings.shutdown_grace == timedelta(seconds=30)
    assert settings.groups == ()


def test_fleet_variables_are_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZEEBE_ADDRESS", "gateway:26500")
    monkeypatch.setenv("FLEET_GROUPS", "crm, messaging")
    monkeypatch.setenv("FLEET_MAX_RUNNING_JOBS", "8")
    monkeypatch.setenv("FLEET_SHUTDOWN_GRACE", "PT45S")
    monkeypatch.setenv("FLEET_REQUEST_TIMEOUT", "20")
    monkeypatch.setenv("FLEET_STREAM_ENABLED", "true")
    monkeypatch.setenv("FLEET_LOG_LEVEL", "debug")
    settings = load_settings()
    assert settings.zeebe_address == "gateway:26500"
    assert settings.groups == ("crm", "messaging")
    assert settings.max_running_jobs == 8
    assert settings.shutdown_grace == timedelta(seconds=45)
    assert settings.request_timeout == timedelta(seconds=20)
    assert settings.stream_enabled is True
    assert settings.log_level == "DEBUG"


def test_oauth_is_chosen_by_credentials_and_secrets_are_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZEEBE_CLIENT_ID", "fleet")
    monkeypatch.setenv("ZEEBE_CLIENT_SECRET", "s3cr3t-value")
    monkeypatch.setenv("ZEEBE_AUTHORIZATION_SERVER_URL", "https://auth.example.test/token")
    monkeypatch.setenv("ZEEBE_TOKEN_AUDIENCE", "zeebe-api")
    monkeypatch.setenv("FLEET_DATABASE_URL", "postgresql://fleet:dbpass@db/fleet")
    settings = load_settings()
    assert settings.channel_mode == "oauth"
    assert settings.token_audience == "zeebe-api"
    for text in (str(settings), repr(settings)):
        assert "s3cr3t-value" not in text and "dbpass" not in text


def test_camunda_names_are_accepted_as_well(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAMUNDA_CLIENT_ID", "fleet")
    monkeypatch.setenv("CAMUNDA_CLIENT_SECRET", "secret")
    monkeypatch.setenv("CAMUNDA_CLUSTER_ID", "abc-123")
    monkeypatch.setenv("CAMUNDA_CLUSTER_REGION", "syd-1")
    settings = load_settings()
    assert settings.channel_mode == "saas"
    assert settings.client_id == "fleet" and settings.cluster_region == "syd-1"


def test_incomplete_oauth_settings_fail_with_the_missing_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZEEBE_CLIENT_SECRET", "do-not-print-me")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith("Invalid fleet settings:")
    assert "ZEEBE_CLIENT_ID" in message and "ZEEBE_AUTHORIZATION_SERVER_URL" in message
    assert "do-not-print-me" not in message


def test_every_invalid_value_is_listed_without_its_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLEET_MAX_RUNNING_JOBS", "0")
    monkeypatch.setenv("FLEET_SHUTDOWN_GRACE", "soon-ish")
    monkeypatch.setenv("FLEET_LOG_FORMAT", "xml")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    lines = str(caught.value).splitlines()[1:]
    assert [line.split(":")[0].strip(" -") for line in lines] == [
        "FLEET_MAX_RUNNING_JOBS",
        "FLEET_SHUTDOWN_GRACE",
        "FLEET_LOG_FORMAT",
    ]
    assert "soon-ish" not in str(caught.value)


def test_missing_ca_file_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ZEEBE_CA_CERTIFICATE_PATH", str(tmp_path / "absent.pem"))
    with pytest.raises(SettingsError, match="ZEEBE_CA_CERTIFICATE_PATH"):
        load_settings()


def test_explicit_channel_overrides_auto(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLEET_CHANNEL", "tls")
    assert load_settings().channel_mode == "tls"


@pytest.mark.parametrize(
    ("environment", "factory", "expected"),
    [
        ({}, "create_insecure_channel", {"grpc_address": "localhost:26500"}),
        (
            {"FLEET_CHANNEL": "tls", "ZEEBE_ADDRESS": "gw:443"},
            "create_secure_channel",
            {"grpc_address": "gw:443"},
        ),
        (
            {
                "ZEEBE_ADDRESS": "gw:443",
                "ZEEBE_CLIENT_ID": "id",
                "ZEEBE_CLIENT_SECRET": "secret",
                "ZEEBE_AUTHORIZATION_SERVER_URL": "https://auth.test/token",
                "ZEEBE_TOKEN_AUDIENCE": "aud",
            },
            "create_oauth2_client_credentials_channel",
            {
                "grpc_address": "gw:443",
                "client_id": "id",
                "client_secret": "secret",
                "authorization_server": "https://auth.test/token",
                "audience": "aud",
            },
        ),
        (
            {"CAMUNDA_CLUSTER_ID": "c1", "ZEEBE_CLIENT_ID": "id", "ZEEBE_CLIENT_SECRET": "secret"},
            "create_camunda_cloud_channel",
            {
                "cluster_id": "c1",
                "region": "bru-2",
                "client_id": "id",
                "client_secret": "secret",
                "authorization_server": "https://login.cloud.camunda.io/oauth/token",
                "audience": "zeebe.camunda.io",
            },
        ),
    ],
)
async def test_each_mode_uses_its_pyzeebe_factory(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], factory: str, expected: dict[str, Any]
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    received: dict[str, Any] = {}
    original = getattr(_channel, factory)

    def spy(**kwargs: Any) -> grpc.aio.Channel:
        received.update(kwargs)
        channel: grpc.aio.Channel = original(**kwargs)
        return channel

    monkeypatch.setattr(_channel, factory, spy)
    channel = _channel.create_channel(load_settings())
    assert isinstance(channel, grpc.aio.Channel)
    assert {key: received[key] for key in expected} == expected
    await channel.close()


async def test_real_channels_can_be_created_for_every_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = [
        FleetSettings(),
        FleetSettings(channel="tls"),
        FleetSettings(
            client_id="id",
            client_secret=SecretStr("secret"),
            authorization_server_url="https://auth.test/token",
        ),
        FleetSettings(cluster_id="c", client_id="id", client_secret=SecretStr("secret")),
    ]
    for each in settings:
        channel = _channel.create_channel(each)
        assert isinstance(channel, grpc.aio.Channel)
        await channel.close()
