"""The gRPC server: the gateway service plus the standard gRPC health service, on one port."""

from __future__ import annotations

from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from pyzeebe.proto.gateway_pb2_grpc import add_GatewayServicer_to_server

from zeebe_lite.engine import AsyncEngine
from zeebe_lite.gateway.servicer import ZeebeGatewayServicer
from zeebe_lite.gateway.settings import GatewaySettings

__all__ = ["GATEWAY_SERVICE_NAME", "GatewayServer"]

GATEWAY_SERVICE_NAME = "gateway_protocol.Gateway"
"""The service name clients (pyzeebe's healthcheck) ask the health service about."""

_SERVER_OPTIONS: list[tuple[str, Any]] = [
    # pyzeebe pings every 45 s; accept pings down to every 10 s, also without calls in flight.
    ("grpc.keepalive_permit_without_calls", 1),
    ("grpc.http2.min_recv_ping_interval_without_data_ms", 10_000),
    ("grpc.http2.max_ping_strikes", 0),
    ("grpc.max_receive_message_length", 4 * 1024 * 1024),
    ("grpc.so_reuseport", 0),
]


class GatewayServer:
    """Serves an :class:`AsyncEngine` over gRPC at ``settings.host:settings.port`` (port 0 picks a free one)."""

    def __init__(self, engine: AsyncEngine, settings: GatewaySettings) -> None:
        """Prepare the server; :meth:`start` binds and serves."""
        self._settings = settings
        self._servicer = ZeebeGatewayServicer(engine, settings)
        self._health = health.aio.HealthServicer()
        self._server: Any = None
        self._port = settings.port

    @property
    def port(self) -> int:
        """The bound port (after :meth:`start`)."""
        return self._port

    @property
    def address(self) -> str:
        """``host:port`` for clients (``create_insecure_channel(grpc_address=...)``)."""
        return f"{self._settings.host}:{self._port}"

    @property
    def servicer(self) -> ZeebeGatewayServicer:
        """The gateway service."""
        return self._servicer

    async def start(self) -> None:
        """Bind the port, start serving and report SERVING to health checks."""
        server = grpc.aio.server(options=_SERVER_OPTIONS)
        add_GatewayServicer_to_server(self._servicer, server)
        health_pb2_grpc.add_HealthServicer_to_server(self._health, server)
        address = f"{self._settings.host}:{self._settings.port}"
        try:
            port = server.add_insecure_port(address)
        except RuntimeError as error:
            raise OSError(f"could not listen on {address}: {error}") from error
        if port == 0:
            raise OSError(f"could not listen on {address}")
        self._port = port
        self._servicer.port = port
        await server.start()
        self._server = server
        serving = health_pb2.HealthCheckResponse.SERVING
        await self._health.set(health.OVERALL_HEALTH, serving)
        await self._health.set(GATEWAY_SERVICE_NAME, serving)

    async def stop(self) -> None:
        """Report NOT_SERVING, finish in-flight calls within the grace period, then stop."""
        if self._server is None:
            return
        server, self._server = self._server, None
        self._servicer.begin_shutdown()
        await self._health.enter_graceful_shutdown()
        await server.stop(self._settings.shutdown_grace.total_seconds())

    async def wait_for_termination(self) -> None:
        """Wait until the server stops."""
        if self._server is not None:
            await self._server.wait_for_termination()
