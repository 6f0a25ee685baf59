"""Fixtures for the emulator tests: a local HTTP receiver for webhooks and callbacks."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route


@dataclass
class Received:
    method: str
    url: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """Records every request; answers ``statuses`` in turn (then 200), echoes ``hub.challenge`` on GET."""

    url: str = ""
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def wait_for(self, count: int, seconds: float = 5.0) -> list[Received]:
        async with asyncio.timeout(seconds):
            while len(self.requests) < count:
                self.arrived.clear()
                await self.arrived.wait()
        return self.requests

    def posts(self) -> list[Received]:
        return [request for request in self.requests if request.method == "POST"]


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Any:
        yield


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    state = Receiver()

    async def record(request: Request) -> Response:
        state.requests.append(
            Received(request.method, str(request.url), dict(request.headers), await request.body())
        )
        state.arrived.set()
        if request.method == "GET":
            return PlainTextResponse(request.query_params.get("hub.challenge", ""))
        status = state.statuses.pop(0) if state.statuses else 200
        return PlainTextResponse("ok", status_code=status)

    app = Starlette(routes=[Route("/{path:path}", record, methods=["GET", "POST"])])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = _Server(uvicorn.Config(app, lifespan="off", log_level="warning", http="h11"))
    task = asyncio.get_running_loop().create_task(server.serve(sockets=[sock]))
    for _ in range(2000):
        if server.started:
            break
        await asyncio.sleep(0.005)
    state.url = f"http://127.0.0.1:{port}/hook"
    try:
        yield state
    finally:
        server.should_exit = True
        await task
        sock.close()
