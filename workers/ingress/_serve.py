"""Running the ingress: a gRPC channel to the gateway, the app, uvicorn until SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Generator

import structlog
import uvicorn
from pyzeebe import ZeebeClient

from workers.ingress._app import create_app
from workers.ingress._publisher import ZeebeMessagePublisher
from workers.ingress._settings import IngressSettings
from workers.runtime import FleetSettings, create_channel

__all__ = ["serve_ingress"]

_log = structlog.get_logger("workers.ingress")
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class _GracefulServer(uvicorn.Server):
    """Stops on SIGTERM/SIGINT (a second one forces the exit) and returns normally, so the process exits 0
    (plain uvicorn re-raises the signal after shutting down)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        loop = asyncio.get_running_loop()
        for stop_signal in _STOP_SIGNALS:
            loop.add_signal_handler(stop_signal, self._stop)
        try:
            yield
        finally:
            for stop_signal in _STOP_SIGNALS:
                loop.remove_signal_handler(stop_signal)

    def _stop(self) -> None:
        if self.should_exit:
            self.force_exit = True
        self.should_exit = True
        _log.info("ingress.stopping")


async def serve_ingress(ingress: IngressSettings, fleet: FleetSettings) -> None:
    """Serve on ``ingress.host:ingress.port`` until SIGTERM or SIGINT; requests in flight are finished."""
    channel = create_channel(fleet)
    try:
        publisher = ZeebeMessagePublisher(
            ZeebeClient(channel), ingress.message_ttl, tenant_id=ingress.tenant_id
        )
        app = create_app(ingress, publisher)
        config = uvicorn.Config(
            app,
            host=ingress.host,
            port=ingress.port,
            lifespan="off",
            access_log=False,
            log_level="warning",
            server_header=False,
        )
        _log.info("ingress.listening", host=ingress.host, port=ingress.port, gateway=fleet.zeebe_address)
        await _GracefulServer(config).serve()
    finally:
        await channel.close()
