"""Build the gRPC channel to the gateway with pyzeebe's channel factories."""

from __future__ import annotations

import grpc
from pyzeebe import (
    create_camunda_cloud_channel,
    create_insecure_channel,
    create_oauth2_client_credentials_channel,
    create_secure_channel,
)

from workers.runtime._settings import FleetSettings

__all__ = ["create_channel"]

_SAAS_AUTHORIZATION_SERVER = "https://login.cloud.camunda.io/oauth/token"
_SAAS_AUDIENCE = "zeebe.camunda.io"
_SAAS_DEFAULT_REGION = "bru-2"
_CHANNEL_OPTIONS = (
    ("grpc.keepalive_time_ms", 45_000),
    # Let gRPC's own reconnect back off quickly at first but never give up.
    ("grpc.initial_reconnect_backoff_ms", 100),
    ("grpc.max_reconnect_backoff_ms", 10_000),
)


def _credentials(settings: FleetSettings) -> grpc.ChannelCredentials:
    root = settings.ca_certificate_path.read_bytes() if settings.ca_certificate_path else None
    return grpc.ssl_channel_credentials(root_certificates=root)


def create_channel(settings: FleetSettings) -> grpc.aio.Channel:
    """A new channel for ``settings.channel_mode``. Each call builds a fresh OAuth token cache as well."""
    mode = settings.channel_mode
    secret = settings.client_secret.get_secret_value() if settings.client_secret else ""
    if mode == "insecure":
        return create_insecure_channel(grpc_address=settings.zeebe_address, channel_options=_CHANNEL_OPTIONS)
    if mode == "tls":
        return create_secure_channel(
            grpc_address=settings.zeebe_address,
            channel_options=_CHANNEL_OPTIONS,
            channel_credentials=_credentials(settings),
        )
    if mode == "oauth":
        return create_oauth2_client_credentials_channel(
            grpc_address=settings.zeebe_address,
            client_id=settings.client_id or "",
            client_secret=secret,
            authorization_server=settings.authorization_server_url or "",
            scope=settings.token_scope,
            audience=settings.token_audience,
            channel_credentials=_credentials(settings),
            channel_options=_CHANNEL_OPTIONS,
        )
    return create_camunda_cloud_channel(
        client_id=settings.client_id or "",
        client_secret=secret,
        cluster_id=settings.cluster_id or "",
        region=settings.cluster_region or _SAAS_DEFAULT_REGION,
        authorization_server=settings.authorization_server_url or _SAAS_AUTHORIZATION_SERVER,
        scope=settings.token_scope,
        audience=settings.token_audience or _SAAS_AUDIENCE,
        channel_credentials=_credentials(settings),
        channel_options=_CHANNEL_OPTIONS,
    )
