"""What every endpoint needs: settings, the publisher, the clock; and how an accepted event is answered."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import grpc
import structlog
from pydantic import SecretStr
from pyzeebe.errors import PyZeebeError
from starlette.requests import Request
from starlette.responses import JSONResponse

from workers.ingress._body import read_limited_body
from workers.ingress._problems import Rejection
from workers.ingress._publisher import EventMessage, MessagePublisher
from workers.ingress._settings import IngressSettings

__all__ = ["IngressContext", "ignored", "publish_all"]

_log = structlog.get_logger("workers.ingress")


@dataclass(frozen=True, slots=True)
class IngressContext:
    """Shared by the routes of one app."""

    settings: IngressSettings
    publisher: MessagePublisher
    now: Callable[[], float] = field(default=time.time)

    def secret(self, value: SecretStr | None, variable: str) -> str:
        """The configured secret; 503 (the endpoint is switched off) when ``variable`` is unset."""
        if value is None or not value.get_secret_value():
            raise Rejection(503, "not-configured", f"this endpoint needs {variable} to be set")
        return value.get_secret_value()

    async def body(self, request: Request) -> bytes:
        """The raw body, within ``FLEET_INGRESS_MAX_BODY_BYTES``."""
        return await read_limited_body(request, self.settings.max_body_bytes)


def ignored(reason: str) -> JSONResponse:
    """200 for a verified event the product does not handle: nothing is started."""
    _log.info("ingress.ignored", reason=reason)
    return JSONResponse({"status": "ignored", "reason": reason, "messages": []})


async def publish_all(
    context: IngressContext, messages: Sequence[EventMessage], *, status_code: int = 200
) -> JSONResponse:
    """Publish every message in order; 503 (the provider retries, duplicates are dropped) when the engine
    cannot be reached."""
    results = []
    timeout = context.settings.publish_timeout.total_seconds()
    for message in messages:
        try:
            async with asyncio.timeout(timeout):
                result = await context.publisher.publish(message)
        except (PyZeebeError, grpc.aio.AioRpcError, OSError, TimeoutError) as error:
            _log.warning(
                "ingress.publish_failed",
                message=message.name,
                message_id=message.message_id,
                error=type(error).__name__,
            )
            raise Rejection(
                503, "engine-unavailable", "the workflow engine did not take the event; retry later"
            ) from None
        results.append({"name": message.name, "messageId": message.message_id, "result": result})
    return JSONResponse({"status": "accepted", "messages": results}, status_code=status_code)
