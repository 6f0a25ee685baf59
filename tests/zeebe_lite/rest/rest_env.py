"""The REST test environment: an in-memory engine on a ManualClock, served over real HTTP on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import AsyncEngine
from zeebe_lite.rest import RestServer, start_rest_server

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "rest"


@dataclass
class RestEnv:
    """The engine, the running REST server and an HTTP client whose base URL is ``.../v2``."""

    engine: AsyncEngine
    clock: ManualClock
    server: RestServer
    http: httpx.AsyncClient

    async def deploy(self, *names: str) -> None:
        """Deploy fixture files through the engine API."""
        await self.engine.deploy({name: (FIXTURES / name).read_bytes() for name in names})


@asynccontextmanager
async def running_rest_env() -> AsyncIterator[RestEnv]:
    """A fresh engine and REST server, stopped on exit."""
    clock = ManualClock()
    engine = await AsyncEngine.open(None, clock=clock)
    server = await start_rest_server(engine, "127.0.0.1", 0)
    http = httpx.AsyncClient(base_url=server.base_url, timeout=10)
    try:
        yield RestEnv(engine, clock, server, http)
    finally:
        await http.aclose()
        await server.stop()
        await engine.close()
