"""What every route needs: the engine, the history projection and the server's settings."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from zeebe_lite.engine import AsyncEngine
from zeebe_lite.model.bpmn import Process
from zeebe_lite.rest.history import History, RecordSource

__all__ = ["COMPATIBLE_CAMUNDA_VERSION", "RestContext", "RestSettings", "ServerStoppingError"]

T = TypeVar("T")

COMPATIBLE_CAMUNDA_VERSION = "8.8.0"
"""The Camunda version whose REST API v2 is served (in part)."""


@dataclass(frozen=True, slots=True)
class RestSettings:
    """Server options.

    The search endpoints read the engine's committed records: from ``record_source`` when given, else through
    a read-only connection of its own to ``log_file`` (the engine's SQLite log; pass it for a durable engine,
    so that reads never share the engine's writing connection), else from the engine's log object (right
    for an in-memory engine). ``broker_host``/``broker_port`` are what the topology reports (the gRPC
    gateway's address when known). ``request_timeout`` bounds ``awaitCompletion`` and job long polls when the
    request gives none. ``shutdown_grace`` is how long :meth:`RestServer.stop` lets requests in flight (long
    polls, awaited instances) finish, rounded up to whole seconds.
    """

    gateway_version: str = COMPATIBLE_CAMUNDA_VERSION
    broker_host: str | None = None
    broker_port: int | None = None
    request_timeout: dt.timedelta = dt.timedelta(seconds=10)
    shutdown_grace: dt.timedelta = dt.timedelta(seconds=5)
    record_source: RecordSource | None = field(default=None, compare=False)
    log_file: Path | None = None


class ServerStoppingError(Exception):
    """A waiting request was ended because the server is stopping."""


@dataclass(slots=True)
class RestContext:
    """The engine, its history projection and the settings, shared by all routes of one app."""

    engine: AsyncEngine
    history: History
    settings: RestSettings
    stopping: asyncio.Event = field(default_factory=asyncio.Event)

    async def unless_stopping(self, work: Awaitable[T]) -> T:
        """Await ``work`` (a long wait); raise :class:`ServerStoppingError` if the server begins to stop first."""
        task = asyncio.ensure_future(work)
        stop = asyncio.ensure_future(self.stopping.wait())
        try:
            await asyncio.wait((task, stop), return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
        if task.done():
            return task.result()
        task.cancel()
        raise ServerStoppingError("the server is stopping")

    def history_now(self) -> History:
        """The history, caught up with everything the engine has committed."""
        self.history.catch_up()
        return self.history

    def process(self, process_definition_key: int) -> Process | None:
        """The deployed process model of a definition."""
        deployed = self.engine.state.deployments.process(process_definition_key)
        return None if deployed is None else deployed.process

    def process_name(self, process_definition_key: int) -> str | None:
        """The ``name`` of a deployed process."""
        process = self.process(process_definition_key)
        return None if process is None else process.name

    def element_name(self, process_definition_key: int, element_id: str) -> str | None:
        """The ``name`` of an element of a deployed process."""
        process = self.process(process_definition_key)
        if process is None:
            return None
        element = process.find_element(element_id)
        name = None if element is None else getattr(element, "name", None)
        return name if isinstance(name, str) else None
