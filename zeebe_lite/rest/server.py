"""Serving the REST API with uvicorn inside an already running asyncio loop (beside the gRPC gateway).

::

    rest = await start_rest_server(engine, "127.0.0.1", 8080)    # port 0 picks a free port
    rest.port, rest.base_url                                     # -> 8080, "http://127.0.0.1:8080/v2"
    await rest.stop()

uvicorn's own signal handling is switched off: the caller (``zeebe_lite serve``) owns SIGINT/SIGTERM and
stops the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import Callable, Generator

import uvicorn

from zeebe_lite.engine import AsyncEngine
from zeebe_lite.log.readonly import ReadOnlyLog
from zeebe_lite.rest.app import create_app
from zeebe_lite.rest.context import RestContext, RestSettings
from zeebe_lite.rest.history import History, RecordSource

__all__ = ["RestServer", "start_rest_server"]


class _EmbeddedServer(uvicorn.Server):
    """A uvicorn server that leaves the process's signal handlers alone."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


class RestServer:
    """A running REST API; create it with :func:`start_rest_server`."""

    def __init__(
        self,
        server: uvicorn.Server,
        task: asyncio.Task[None],
        host: str,
        context: RestContext,
        on_stop: Callable[[], None] | None = None,
    ) -> None:
        """Wrap a started uvicorn server and the task serving it; ``on_stop`` releases what it read from."""
        self._server = server
        self._task = task
        self._host = host
        self._context = context
        self._on_stop = on_stop

    @property
    def port(self) -> int:
        """The bound port."""
        for listener in self._server.servers:
            for sock in listener.sockets:
                port: int = sock.getsockname()[1]
                return port
        raise RuntimeError("the REST server is not listening")

    @property
    def base_url(self) -> str:
        """``http://host:port/v2`` (Camunda's ``CAMUNDA_REST_ADDRESS``)."""
        return f"http://{self._host}:{self.port}/v2"

    @property
    def context(self) -> RestContext:
        """The engine, history and settings the routes use."""
        return self._context

    async def stop(self) -> None:
        """Answer waiting requests (long polls get no jobs), let the others finish within the grace, return."""
        self._context.stopping.set()
        await asyncio.sleep(0)
        self._server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        if self._on_stop is not None:
            on_stop, self._on_stop = self._on_stop, None
            on_stop()


async def start_rest_server(
    engine: AsyncEngine, host: str, port: int, *, settings: RestSettings | None = None
) -> RestServer:
    """Serve the REST API for ``engine`` at ``host:port`` on the running loop; returns once it listens."""
    chosen = settings or RestSettings()
    source: RecordSource = engine.engine.records
    on_stop: Callable[[], None] | None = None
    if chosen.record_source is not None:
        source = chosen.record_source
    elif chosen.log_file is not None:
        reader = ReadOnlyLog(chosen.log_file)
        source, on_stop = reader.read, reader.close
    context = RestContext(engine, History(source), chosen)
    config = uvicorn.Config(
        create_app(context),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=math.ceil(chosen.shutdown_grace.total_seconds()),
    )
    server = _EmbeddedServer(config)
    task = asyncio.get_running_loop().create_task(server.serve())
    while not server.started:
        if task.done():
            if on_stop is not None:
                on_stop()
            task.result()
            raise OSError(f"the REST server could not listen on {host}:{port}")
        await asyncio.sleep(0.01)
    return RestServer(server, task, host, context, on_stop)
