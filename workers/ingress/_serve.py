"""Running the ingress: a gRPC channel to the gateway, the app, uvicorn until SIGTERM/SIGINT."""

from __future__ import annotations

import structlog
import uvicorn
from pyzeebe import ZeebeClient

from workers.ingress._app import create_app
from workers.ingress._publisher import ZeebeMessagePublisher
from workers.ingress._settings import IngressSettings
from workers.runtime import FleetSettings, create_channel

__all__ = ["serve_ingress"]

_log = structlog.get_logger("workers.ingress")


async def serve_ingress(ingress: IngressSettings, fleet: FleetSettings) -> None:
    """Serve on ``ingress.host:ingress.port`` until uvicorn is told to stop (it handles the signals)."""
    channel = create_channel(fleet)
    try:
        tenant = fleet.tenant_ids[0] if fleet.tenant_ids else None
        publisher = ZeebeMessagePublisher(ZeebeClient(channel), ingress.message_ttl, tenant_id=tenant)
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
        await uvicorn.Server(config).serve()
    finally:
        await channel.close()
