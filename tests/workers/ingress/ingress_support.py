"""Helpers for the ingress tests: a recording publisher, settings with test secrets, a real uvicorn server."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Generator
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from pydantic import SecretStr
from starlette.types import ASGIApp

from workers.ingress import EventMessage, IngressSettings, PublishResult

SECRETS = {
    "manychat_webhook_secret": "manychat-shared-secret",
    "hubspot_client_secret": "hubspot-client-secret",
    "stripe_webhook_secret": "whsec_test_secret",
    "whatsapp_verify_token": "verify-me",
    "whatsapp_app_secret": "whatsapp-app-secret",
    "openrpa_callback_secret": "openrpa-callback-secret",
    "approvals_secret": "approvals-secret",
}


def ingress_settings(**overrides: Any) -> IngressSettings:
    """Settings with every secret set (overridable), built without reading the environment."""
    values: dict[str, Any] = {name: SecretStr(value) for name, value in SECRETS.items()}
    values.update(overrides)
    return IngressSettings.model_construct(**{**IngressSettings().model_dump(), **values})


@dataclass
class RecordingPublisher:
    """Keeps what would have been published; a repeated message id is a duplicate, as in Zeebe."""

    messages: list[EventMessage] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    failure: Exception | None = None
    ready: bool = True
    published: asyncio.Event = field(default_factory=asyncio.Event)

    async def publish(self, message: EventMessage) -> PublishResult:
        if self.failure is not None:
            raise self.failure
        if message.message_id in self.seen:
            return "duplicate"
        self.seen.add(message.message_id)
        self.messages.append(message)
        self.published.set()
        return "published"

    async def check_ready(self) -> None:
        if not self.ready:
            raise ConnectionError("gateway down")

    async def wait_for(self, count: int, seconds: float = 10) -> list[EventMessage]:
        """Wait until ``count`` messages were published (webhooks arrive in the background)."""
        async with asyncio.timeout(seconds):
            while len(self.messages) < count:
                self.published.clear()
                await self.published.wait()
        return self.messages


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


@contextlib.asynccontextmanager
async def serving(app: ASGIApp) -> AsyncIterator[str]:
    """Serve ``app`` over real HTTP on 127.0.0.1; yields the base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = _Server(uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False))
    task = asyncio.get_running_loop().create_task(server.serve(sockets=[sock]))
    try:
        for _ in range(2000):
            if server.started:
                break
            await asyncio.sleep(0.005)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()


def asgi_client(app: ASGIApp, base_url: str = "http://ingress.test") -> httpx.AsyncClient:
    """An httpx client calling the app in process (pure request/response checks)."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)


def is_problem(response: httpx.Response, status: int, reason: str) -> bool:
    """The answer is problem JSON with this status and reason slug."""
    body = response.json()
    return (
        response.status_code == status
        and response.headers["content-type"].startswith("application/problem+json")
        and body["status"] == status
        and body["type"].endswith(":" + reason)
        and bool(body["detail"])
    )
