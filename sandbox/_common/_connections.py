"""Dropping a client's connection mid-request, the way a flaky network or load balancer does."""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterable
from typing import Any, Protocol

__all__ = ["ConnectionDropper", "ServerConnections"]


class ServerConnections(Protocol):
    """What the dropper needs from the HTTP server: its open connection protocols."""

    def open_connections(self) -> Iterable[Any]:
        """Protocol objects with ``client`` (host, port) and ``transport``."""
        ...


class ConnectionDropper:
    """Resets the TCP connection a request came in on (RST, no HTTP answer)."""

    def __init__(self) -> None:
        self.server: ServerConnections | None = None

    def drop(self, client: tuple[str, int] | None) -> bool:
        """Reset the connection of ``client``; ``False`` when it cannot be found."""
        if self.server is None or client is None:
            return False
        for protocol in self.server.open_connections():
            if tuple(getattr(protocol, "client", None) or ()) != tuple(client):
                continue
            transport = getattr(protocol, "transport", None)
            if transport is None:
                return False
            sock = transport.get_extra_info("socket")
            if sock is not None:
                # SO_LINGER with a zero timeout turns close() into a reset.
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            transport.abort()
            return True
        return False
