"""Starting emulators: one uvicorn server per API, each on its own 127.0.0.1 port, all in the running loop."""

from __future__ import annotations

import asyncio
import contextlib
import shlex
import socket
from collections.abc import AsyncIterator, Generator, Iterable, Mapping, Sequence
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import uvicorn

from sandbox._common import (
    Emulator,
    EmulatorContext,
    EmulatorHost,
    SandboxClock,
    StateFile,
    StateKeeper,
    WebhookSender,
)
from sandbox._registry import api_specs, resolve_apis

__all__ = ["Sandbox", "run_sandbox"]

E = TypeVar("E", bound=Emulator)


class _QuietServer(uvicorn.Server):
    """A uvicorn server that leaves signal handling to its owner and exposes its open connections."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield

    def open_connections(self) -> Iterable[Any]:
        return list(self.server_state.connections)


class Sandbox:
    """Running emulators: where they listen, their credentials, state and the environment for clients."""

    def __init__(
        self,
        hosts: Mapping[str, EmulatorHost],
        clock: SandboxClock,
        webhooks: WebhookSender,
        state_keeper: StateKeeper | None = None,
    ) -> None:
        self._hosts = dict(hosts)
        self.clock = clock
        self.webhooks = webhooks
        self._state_keeper = state_keeper

    @property
    def state_path(self) -> Path | None:
        """The state file (``state=`` of :func:`run_sandbox`), or None when the state lives in memory only."""
        return None if self._state_keeper is None else self._state_keeper.state_file.path

    def save_state(self) -> None:
        """Save every emulator whose state changed (done after each write request, every second and at exit;
        call it after changing state from Python to have it saved at once)."""
        if self._state_keeper is not None:
            self._state_keeper.save()

    @property
    def apis(self) -> list[str]:
        """Names of the running emulators."""
        return list(self._hosts)

    @property
    def base_urls(self) -> dict[str, str]:
        """Base URL of each emulator, as its client takes it."""
        return {name: host.emulator.base_url for name, host in self._hosts.items()}

    @property
    def origins(self) -> dict[str, str]:
        """``http://127.0.0.1:<port>`` of each emulator, where its ``/__sandbox`` admin endpoints are."""
        return {name: host.emulator.context.origin for name, host in self._hosts.items()}

    @property
    def credentials(self) -> dict[str, dict[str, str]]:
        """The credentials of each emulator."""
        return {name: host.emulator.credentials() for name, host in self._hosts.items()}

    def host(self, api: str) -> EmulatorHost:
        """The host of one emulator (faults, rate limiter, request log)."""
        return self._hosts[api]

    def emulator(self, api: str, kind: type[E]) -> E:
        """The emulator object of ``api``, typed (``sandbox.emulator("hubspot", HubSpotEmulator)``)."""
        emulator = self._hosts[api].emulator
        if not isinstance(emulator, kind):
            raise TypeError(f"{api} is a {type(emulator).__name__}, not a {kind.__name__}")
        return emulator

    def state(self, api: str) -> dict[str, Any]:
        """The JSON state view of one emulator (the same as ``GET /__sandbox/state``)."""
        return self._hosts[api].state()

    def reset(self, api: str | None = None) -> None:
        """Reset one emulator, or all of them."""
        for name, host in self._hosts.items():
            if api is None or api == name:
                host.reset()
        self.save_state()

    def environment(self) -> dict[str, str]:
        """Environment variables pointing every client at its emulator (base URLs and credentials)."""
        environment: dict[str, str] = {}
        for host in self._hosts.values():
            environment.update(host.emulator.environment())
        return environment

    def dotenv(self) -> str:
        """The environment as ``KEY=value`` lines (values shell-quoted), for an env file."""
        return "".join(f"{name}={shlex.quote(value)}\n" for name, value in self.environment().items())

    def table(self) -> str:
        """A plain-text table of what runs where."""
        rows = [("API", "emulates", "base URL")]
        rows += [(name, host.emulator.title, host.emulator.base_url) for name, host in self._hosts.items()]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        lines = [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows
        ]
        lines.insert(1, "  ".join("-" * width for width in widths))
        return "\n".join(line.rstrip() for line in lines)


def _bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


@contextlib.asynccontextmanager
async def run_sandbox(
    apis: Sequence[str] | None = None,
    *,
    host: str = "127.0.0.1",
    ports: Mapping[str, int] | None = None,
    webhook_retry_delays: Sequence[timedelta] = (timedelta(milliseconds=200), timedelta(seconds=1)),
    state: Path | None = None,
    save_interval: timedelta = timedelta(seconds=1),
) -> AsyncIterator[Sandbox]:
    """Run the chosen emulators (all by default, plus what they require) until the block ends.

    Ports are free ones unless ``ports`` names them (``{"hubspot": 8101}``).

    ``state`` names an SQLite file for the emulators' state (created when missing): what it holds is loaded
    before the emulators serve, each emulator is saved before answering a request that changed it, every
    ``save_interval`` (changes made in the background or from Python) and when the block ends. Without it the
    state lives in memory only.
    """
    specs = api_specs()
    names = resolve_apis(apis, specs)
    clock = SandboxClock()
    webhooks = WebhookSender(clock, webhook_retry_delays)
    sockets: dict[str, socket.socket] = {}
    hosts: dict[str, EmulatorHost] = {}
    servers: list[tuple[_QuietServer, asyncio.Task[None]]] = []
    started: list[Emulator] = []
    state_file: StateFile | None = None
    keeper: StateKeeper | None = None
    saving: asyncio.Task[None] | None = None
    try:
        for name in names:
            sockets[name] = _bind(host, (ports or {}).get(name, 0))
        emulators: dict[str, Emulator] = {}
        for name in names:
            port = sockets[name].getsockname()[1]
            context = EmulatorContext(clock=clock, origin=f"http://{host}:{port}", webhooks=webhooks)
            emulators[name] = specs[name].factory(context, emulators)
        if state is not None:
            state_file = StateFile(state)
            keeper = StateKeeper(state_file, emulators)
            keeper.restore()
        for name in names:
            hosts[name] = EmulatorHost(
                emulators[name], save_state=None if keeper is None else partial(keeper.save, name)
            )
        for name in names:
            config = uvicorn.Config(
                hosts[name], lifespan="off", log_level="warning", access_log=False, http="h11", ws="none"
            )
            server = _QuietServer(config)
            hosts[name].dropper.server = server
            task = asyncio.get_running_loop().create_task(server.serve(sockets=[sockets[name]]))
            servers.append((server, task))
            while not server.started:
                if task.done():
                    task.result()
                    raise RuntimeError(f"the {name} emulator stopped while starting")
                await asyncio.sleep(0.005)
        for emulator in emulators.values():
            await emulator.start()
            started.append(emulator)
        if keeper is not None:
            saving = asyncio.get_running_loop().create_task(keeper.save_periodically(save_interval))
        yield Sandbox(hosts, clock, webhooks, keeper)
    finally:
        if saving is not None:
            saving.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await saving
        for emulator in reversed(started):
            await emulator.aclose()
        await webhooks.aclose()
        for server, _ in servers:
            server.should_exit = True
        for _, task in servers:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for sock in sockets.values():
            sock.close()
        if keeper is not None:
            keeper.save()
        if state_file is not None:
            state_file.close()
