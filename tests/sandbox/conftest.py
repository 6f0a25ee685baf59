"""Fixtures for the emulator tests: a local HTTP receiver for webhooks and callbacks."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from webhook_receiver import QuietServer, Received, Receiver


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
    server = QuietServer(uvicorn.Config(app, lifespan="off", log_level="warning", http="h11"))
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
