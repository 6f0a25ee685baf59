"""The webhook ingress inside ``fleet dev``: the same app as ``fleet ingress``, served in the stack's event loop."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Generator, Mapping
from typing import Any

import uvicorn
from pydantic import SecretStr
from pyzeebe import ZeebeClient, create_insecure_channel

from workers.ingress import IngressSettings, ZeebeMessagePublisher, create_app

__all__ = ["INGRESS_SECRET_VARIABLES", "bind_ingress_socket", "dev_ingress_settings", "serve_dev_ingress"]

INGRESS_SECRET_VARIABLES: dict[str, str] = {
    "manychat_webhook_secret": "MANYCHAT_WEBHOOK_SECRET",
    "hubspot_client_secret": "HUBSPOT_CLIENT_SECRET",
    "stripe_webhook_secret": "STRIPE_WEBHOOK_SECRET",
    "whatsapp_verify_token": "WHATSAPP_VERIFY_TOKEN",
    "whatsapp_app_secret": "WHATSAPP_APP_SECRET",
    "openrpa_callback_secret": "OPENRPA_CALLBACK_SECRET",
    "approvals_secret": "FLEET_APPROVALS_SECRET",
}
"""Ingress setting -> the environment variable that holds it."""


def bind_ingress_socket(host: str, port: int) -> socket.socket:
    """Bind the ingress's listening socket early (its URL is the RPA bots' callback before the app runs)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def dev_ingress_settings(secrets: Mapping[str, str], host: str, port: int) -> IngressSettings:
    """Ingress settings with every endpoint's secret taken from ``secrets`` (by environment variable name)."""
    values: dict[str, Any] = {
        field: SecretStr(secrets[variable])
        for field, variable in INGRESS_SECRET_VARIABLES.items()
        if secrets.get(variable)
    }
    # Built from the given values only: the environment of `fleet dev` must not override the emulators' secrets.
    return IngressSettings.model_construct(**values, host=host, port=port)


class _EmbeddedServer(uvicorn.Server):
    """Signals belong to ``fleet dev``, not to the embedded server."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


@contextlib.asynccontextmanager
async def serve_dev_ingress(
    sock: socket.socket, settings: IngressSettings, gateway_address: str
) -> AsyncIterator[str]:
    """Serve the ingress app on ``sock`` until the block ends; yields its URL."""
    channel = create_insecure_channel(grpc_address=gateway_address)
    publisher = ZeebeMessagePublisher(ZeebeClient(channel), settings.message_ttl)
    config = uvicorn.Config(
        create_app(settings, publisher),
        lifespan="off",
        access_log=False,
        log_level="warning",
        server_header=False,
    )
    server = _EmbeddedServer(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
                raise RuntimeError("the webhook ingress stopped while starting")
            await asyncio.sleep(0.01)
        host, port = sock.getsockname()[:2]
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await channel.close()
