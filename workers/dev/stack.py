"""``run_dev_stack``: emulators + embedded zeebe_lite (gRPC and REST) + the fleet's workers, in one event loop."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
from collections.abc import AsyncIterator, Callable, Mapping, MutableMapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import SecretStr

from sandbox import Sandbox, run_sandbox
from workers.dev.portal import prepare_sandbox
from workers.integrations import INTEGRATIONS
from workers.integrations.persistence import DatabaseProvider, create_fleet_db_integration
from workers.runtime import FleetSettings, Integration, WorkerApp
from zeebe_lite.clock import Clock, SystemClock
from zeebe_lite.gateway.runtime import ZeebeLiteServer
from zeebe_lite.gateway.settings import GatewaySettings

__all__ = [
    "DEFAULT_MODEL_DIRS",
    "SANDBOX_STATE_FILE_NAME",
    "DevStack",
    "default_integrations",
    "run_dev_stack",
]

_REPOSITORY = Path(__file__).resolve().parents[2]
DEFAULT_MODEL_DIRS: tuple[Path, ...] = (_REPOSITORY / "bpmn", _REPOSITORY / "dmn")
"""The models deployed by default: every ``.bpmn`` and ``.dmn`` file below ``bpmn/`` and ``dmn/``."""
SANDBOX_STATE_FILE_NAME = "sandbox.sqlite3"
"""The emulators' state in the data folder (contacts, subscribers, sheet rows, payments ...)."""


@dataclasses.dataclass(frozen=True)
class DevStack:
    """A running stack: where the engine listens, the emulators, the workers and the shared clock."""

    engine_address: str
    """The gRPC gateway's ``host:port`` (``ZEEBE_ADDRESS``)."""
    rest_address: str
    """The REST API's base URL ending in ``/v2`` (``CAMUNDA_REST_ADDRESS``)."""
    server: ZeebeLiteServer
    sandbox: Sandbox
    workers: WorkerApp
    clock: Clock
    data_dir: Path
    environment: Mapping[str, str]
    """The variables the stack set for the workers (emulator URLs and credentials, ``FLEET_*``)."""


def default_integrations(database: DatabaseProvider) -> list[Integration]:
    """Every integration of the fleet, with the ``fleet-db`` one opened through ``database`` (not the global one)."""
    chosen = [integration for integration in INTEGRATIONS if integration.name != "fleet-db"]
    chosen.append(create_fleet_db_integration(database))
    return chosen


def _engine_now(clock: Clock) -> Callable[[], datetime]:
    return lambda: datetime.fromtimestamp(clock.millis() / 1000, tz=UTC)


@contextlib.asynccontextmanager
async def run_dev_stack(
    *,
    data_dir: Path,
    clock: Clock | None = None,
    models: Sequence[Path] = DEFAULT_MODEL_DIRS,
    apis: Sequence[str] | None = None,
    integrations: Sequence[Integration] | None = None,
    environ: MutableMapping[str, str] | None = None,
    gateway_host: str = "127.0.0.1",
    gateway_port: int = 0,
    rest_port: int = 0,
    engine_dir: Path | None = None,
    sandbox_ports: Mapping[str, int] | None = None,
    health_port: int = 0,
    extra_environment: Mapping[str, str] | None = None,
) -> AsyncIterator[DevStack]:
    """Start everything, yield a :class:`DevStack`, stop everything (workers first) when the block ends.

    * ``data_dir`` holds the fleet database (``fleet.sqlite3``, also the idempotency store), the document
      store (``documents/``) and the emulators' state (``sandbox.sqlite3``: a stack started again on the same
      folder finds the contacts, rows, payments ... of the last one); the engine keeps its log in memory
      unless ``engine_dir`` names a folder for it (then a restarted stack replays it: running instances
      survive).
    * ``clock`` is the engine's clock (a :class:`~zeebe_lite.clock.ManualClock` for tests: timers fire when it
      is advanced; the workers compute job deadlines on it).
    * The emulators' environment (``sandbox.environment()``) plus ``FLEET_DATABASE_URL`` and
      ``FLEET_DOCUMENTS_DIR`` are written into ``environ`` (default ``os.environ``) for the integrations, which
      read their settings from the environment, and restored afterwards.
    * ``integrations`` defaults to every integration (:func:`default_integrations`).
    * ``sandbox_ports`` fixes emulator ports (``{"hubspot": 18100}``), ``health_port`` the workers' health
      server (default free ports); ``extra_environment`` is set for the workers too (e.g. a callback URL).
    """
    engine_clock = clock or SystemClock()
    target = os.environ if environ is None else environ
    database = DatabaseProvider()
    chosen = list(integrations) if integrations is not None else default_integrations(database)
    await asyncio.to_thread(data_dir.mkdir, parents=True, exist_ok=True)
    database_url = f"sqlite:///{data_dir / 'fleet.sqlite3'}"
    sandbox_state = data_dir / SANDBOX_STATE_FILE_NAME
    async with run_sandbox(apis, ports=sandbox_ports, state=sandbox_state) as sandbox:
        prepare_sandbox(sandbox)
        values = {
            **sandbox.environment(),
            "FLEET_DATABASE_URL": database_url,
            "FLEET_DOCUMENTS_DIR": str(data_dir / "documents"),
            **(extra_environment or {}),
        }
        saved = {name: target.get(name) for name in values}
        target.update(values)
        server: ZeebeLiteServer | None = None
        running: asyncio.Task[int] | None = None
        try:
            server = await ZeebeLiteServer.start(
                engine_dir,
                GatewaySettings(
                    host=gateway_host,
                    port=gateway_port,
                    long_poll_timeout=timedelta(seconds=2),
                    shutdown_grace=timedelta(seconds=0.5),
                ),
                clock=engine_clock,
                deploy=list(models),
                rest_port=rest_port,
            )
            settings = FleetSettings.model_validate(
                {
                    "zeebe_address": server.address,
                    "worker_name": "dev-stack",
                    "health_host": "127.0.0.1",
                    "health_port": health_port,
                    "database_url": SecretStr(database_url),
                    "request_timeout": timedelta(seconds=2),
                    "reconnect_backoff_initial": timedelta(milliseconds=50),
                    "reconnect_backoff_max": timedelta(seconds=1),
                    "shutdown_grace": timedelta(seconds=5),
                    "log_format": "console",
                }
            )
            workers = WorkerApp(settings, chosen, engine_clock=_engine_now(engine_clock))
            running = asyncio.create_task(workers.run())
            started = asyncio.create_task(workers.started())
            await asyncio.wait({running, started}, return_when=asyncio.FIRST_COMPLETED)
            if running.done():
                started.cancel()
                running.result()
                raise RuntimeError("the workers stopped while starting")
            rest = server.rest
            yield DevStack(
                engine_address=server.address,
                rest_address=rest.base_url if rest is not None else "",
                server=server,
                sandbox=sandbox,
                workers=workers,
                clock=engine_clock,
                data_dir=data_dir,
                environment=values,
            )
        finally:
            if running is not None:
                if not running.done():
                    await workers.shutdown()
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(running, 10)
            if server is not None:
                await server.stop()
            await database.close()
            for name, value in saved.items():
                if value is None:
                    target.pop(name, None)
                else:
                    target[name] = value
