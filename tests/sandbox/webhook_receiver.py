"""A local HTTP endpoint that records the webhooks and callbacks the emulators send (used by conftest's fixture)."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

import uvicorn


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


class QuietServer(uvicorn.Server):
    """uvicorn without its own signal handling (the test loop owns signals)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Any:
        yield
