"""A running zeebe_lite: the engine on its data directory plus the gRPC gateway (and the REST API if present)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from zeebe_lite.clock import Clock
from zeebe_lite.engine import AsyncEngine
from zeebe_lite.gateway.server import GatewayServer
from zeebe_lite.gateway.settings import GatewaySettings
from zeebe_lite.records import DeploymentRecord
from zeebe_lite.rest import RestServer, RestSettings, start_rest_server

__all__ = [
    "DEPLOYABLE_SUFFIXES",
    "ENGINE_FILE_NAME",
    "RestServer",
    "ZeebeLiteServer",
    "engine_file",
    "resource_files",
]

ENGINE_FILE_NAME = "engine.db"
"""The record log's file name inside a data directory."""

DEPLOYABLE_SUFFIXES = (".bpmn", ".dmn")
"""Resource files deployed from a directory."""


def engine_file(data_dir: Path) -> Path:
    """The record log of a data directory."""
    return data_dir / ENGINE_FILE_NAME


def resource_files(paths: Iterable[Path]) -> list[Path]:
    """Files to deploy: each file as given, each directory's ``*.bpmn``/``*.dmn`` files (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.suffix in DEPLOYABLE_SUFFIXES and p.is_file())
            )
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"no such resource file or directory: {path}")
    return found


@dataclass(slots=True)
class ZeebeLiteServer:
    """The engine, its gateway and (optionally) the REST API, started and stopped together."""

    engine: AsyncEngine
    gateway: GatewayServer
    rest: RestServer | None = None

    @classmethod
    async def start(
        cls,
        data_dir: Path | None,
        settings: GatewaySettings,
        *,
        clock: Clock | None = None,
        deploy: Sequence[Path] = (),
        rest_port: int | None = None,
    ) -> ZeebeLiteServer:
        """Open the engine (replaying ``data_dir``, or in memory when None), deploy ``deploy``, start serving."""
        path = None
        if data_dir is not None:
            await asyncio.to_thread(data_dir.mkdir, parents=True, exist_ok=True)
            path = engine_file(data_dir)
        engine = await AsyncEngine.open(path, clock=clock)
        gateway = GatewayServer(engine, settings)
        server = cls(engine, gateway)
        try:
            await server.deploy(deploy)
            await gateway.start()
            if rest_port is not None:
                rest_settings = RestSettings(
                    broker_host=settings.host, broker_port=gateway.port, log_file=path
                )
                server.rest = await start_rest_server(
                    engine, settings.host, rest_port, settings=rest_settings
                )
        except BaseException:
            await server.stop()
            raise
        return server

    async def deploy(self, paths: Sequence[Path]) -> DeploymentRecord | None:
        """Deploy resource files (one atomic deployment); None when there is nothing to deploy."""
        resources = await asyncio.to_thread(_read_resources, paths)
        if not resources:
            return None
        return await self.engine.deploy(resources)

    @property
    def address(self) -> str:
        """The gateway's ``host:port``."""
        return self.gateway.address

    async def stop(self) -> None:
        """Stop the REST API and the gateway (finishing in-flight calls), then close the engine."""
        if self.rest is not None:
            await self.rest.stop()
            self.rest = None
        await self.gateway.stop()
        await self.engine.close()

    async def __aenter__(self) -> ZeebeLiteServer:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()


def _read_resources(paths: Sequence[Path]) -> list[tuple[str, bytes | str]]:
    return [(file.name, file.read_bytes()) for file in resource_files(paths)]
