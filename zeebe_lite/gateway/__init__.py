"""The Zeebe gateway of zeebe_lite: Zeebe's gRPC API (``gateway_protocol.Gateway``) served from the engine.

Unmodified Zeebe clients (pyzeebe, the Java and Go clients) connect to it as to a real Zeebe gateway::

    server = await ZeebeLiteServer.start(Path("data"), GatewaySettings(port=26500))
    ...
    await server.stop()
"""

from zeebe_lite.gateway.admission import CommandAdmission
from zeebe_lite.gateway.errors import GatewayError, rejection_status
from zeebe_lite.gateway.runtime import ZeebeLiteServer, engine_file, resource_files
from zeebe_lite.gateway.server import GATEWAY_SERVICE_NAME, GatewayServer
from zeebe_lite.gateway.servicer import ZeebeGatewayServicer
from zeebe_lite.gateway.settings import COMPATIBLE_ZEEBE_VERSION, GatewaySettings

__all__ = [
    "COMPATIBLE_ZEEBE_VERSION",
    "GATEWAY_SERVICE_NAME",
    "CommandAdmission",
    "GatewayError",
    "GatewayServer",
    "GatewaySettings",
    "ZeebeGatewayServicer",
    "ZeebeLiteServer",
    "engine_file",
    "rejection_status",
    "resource_files",
]
