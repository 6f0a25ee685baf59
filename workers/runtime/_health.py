"""One small HTTP server for probes and scraping: /healthz, /readyz, /metrics."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta

import structlog
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

__all__ = ["HealthServer", "ReadinessCheck"]

ReadinessCheck = Callable[[], Awaitable[None]]
"""Raises when the dependency it checks is not usable."""

_log = structlog.get_logger("workers.health")
_REASONS = {
    200: "OK",
    404: "Not Found",
    405: "Method Not Allowed",
    400: "Bad Request",
    503: "Service Unavailable",
}


class HealthServer:
    """``/healthz``: the event loop answers and the worker supervisor runs (liveness).
    ``/readyz``: every readiness check passes within ``check_timeout`` (gateway Topology, idempotency store).
    ``/metrics``: the Prometheus text format of ``registry``.
    """

    def __init__(
        self,
        *,
        host: str,
        port: int,
        registry: CollectorRegistry,
        alive: Callable[[], bool],
        readiness_checks: Mapping[str, ReadinessCheck],
        check_timeout: timedelta = timedelta(seconds=3),
    ) -> None:
        self._host, self._port = host, port
        self._registry = registry
        self._alive = alive
        self._checks = dict(readiness_checks)
        self._timeout = check_timeout
        self._server: asyncio.Server | None = None

    @property
    def port(self) -> int:
        """The bound port (useful when started with port 0)."""
        if self._server is None:
            raise RuntimeError("server not started")
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    async def start(self) -> None:
        """Bind and start serving."""
        self._server = await asyncio.start_server(self._serve, self._host, self._port)
        _log.info("health.listening", host=self._host, port=self.port)

    async def close(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            async with asyncio.timeout(10):
                request_line = (await reader.readline()).decode("latin-1").split()
                while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass
            status, content_type, body = await self._respond(request_line)
            head = (
                f"HTTP/1.1 {status} {_REASONS[status]}\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            )
            writer.write(head.encode("latin-1") + body)
            await writer.drain()
        except (TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()

    async def _respond(self, request_line: list[str]) -> tuple[int, str, bytes]:
        if len(request_line) != 3:
            return 400, "text/plain", b"bad request\n"
        method, target, _ = request_line
        path = target.split("?", 1)[0]
        if path not in ("/healthz", "/readyz", "/metrics"):
            return 404, "text/plain", b"not found\n"
        if method != "GET":
            return 405, "text/plain", b"only GET\n"
        if path == "/metrics":
            return 200, CONTENT_TYPE_LATEST, generate_latest(self._registry)
        if path == "/healthz":
            alive = self._alive()
            return (200 if alive else 503), "application/json", _json({"status": "ok" if alive else "dead"})
        results = await asyncio.gather(*(self._check(name, check) for name, check in self._checks.items()))
        checks = dict(results)
        ready = all(outcome == "ok" for outcome in checks.values())
        return (200 if ready else 503), "application/json", _json({"ready": ready, "checks": checks})

    async def _check(self, name: str, check: ReadinessCheck) -> tuple[str, str]:
        try:
            async with asyncio.timeout(self._timeout.total_seconds()):
                await check()
        except TimeoutError:
            return name, f"timed out after {self._timeout.total_seconds():g}s"
        except Exception as error:
            return name, f"{type(error).__name__}: {error}"
        return name, "ok"


def _json(document: object) -> bytes:
    return json.dumps(document).encode() + b"\n"
