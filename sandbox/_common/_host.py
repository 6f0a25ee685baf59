"""Serving one emulator: fault injection, rate limits and the ``/__sandbox`` admin endpoints around its routes."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sandbox._common._connections import ConnectionDropper
from sandbox._common._emulator import Emulator
from sandbox._common._faults import FaultInjector
from sandbox._common._http import MalformedBody, read_json
from sandbox._common._ratelimit import RateLimiter, RateLimitHit

__all__ = ["ADMIN_PREFIX", "EmulatorHost", "RequestRecord"]

ADMIN_PREFIX = "/__sandbox"
_READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class RequestRecord:
    """One request an emulator received (admin requests excluded)."""

    at: datetime
    method: str
    path: str
    query: str
    status: int | None = None
    fault: str | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON view."""
        return {
            "at": self.at.isoformat(),
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "status": self.status,
            "fault": self.fault,
        }


class EmulatorHost:
    """Wraps an emulator into an ASGI app with faults, rate limits, a request log and admin endpoints.

    ``save_state`` (when the sandbox keeps state) runs after every request that may write (not GET/HEAD/OPTIONS)
    and before its answer starts: what a client saw acknowledged is already saved.
    """

    def __init__(
        self,
        emulator: Emulator,
        request_log_size: int = 2000,
        *,
        save_state: Callable[[], None] | None = None,
    ) -> None:
        self.emulator = emulator
        self._save_state = save_state
        self.faults = FaultInjector()
        self.limiter = emulator.limiter
        self.dropper = ConnectionDropper()
        self.requests: deque[RequestRecord] = deque(maxlen=request_log_size)
        self._api_app = self._build_api_app()
        self._admin_app = self._build_admin_app()

    # --- the API side -------------------------------------------------------------------------------------
    def _build_api_app(self) -> ASGIApp:
        emulator = self.emulator

        async def not_found(request: Request, exc: Exception) -> Response:
            status = exc.status_code if isinstance(exc, HTTPException) else 404
            message = f"Unknown route {request.method} {request.url.path}"
            return emulator.error_response(status, message)

        async def crashed(request: Request, exc: Exception) -> Response:
            return emulator.error_response(500, f"Sandbox emulator error: {exc!r}")

        return Starlette(
            routes=emulator.routes(),
            exception_handlers={404: not_found, 405: not_found, Exception: crashed},
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        if path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/"):
            await self._admin_app(scope, receive, self._saving_before_answer(scope, send))
            return
        record = RequestRecord(
            self.emulator.clock.now(), scope["method"], path, scope.get("query_string", b"").decode("latin-1")
        )
        self.requests.append(record)
        decision = self.faults.decide(scope["method"], path)
        if decision.delay > timedelta(0):
            await asyncio.sleep(decision.delay.total_seconds())
        if decision.action == "reset":
            record.fault = "reset"
            client = scope.get("client")
            if self.dropper.drop(tuple(client) if client else None):
                await _wait_for_disconnect(receive)
                return
            record.fault = "reset (connection not found: answered 502)"
            response = self.emulator.error_response(502, "Injected fault: connection reset")
            record.status = 502
            await response(scope, receive, send)
            return
        if decision.action == "error":
            record.fault = "error"
            record.status = decision.status
            response = self.emulator.error_response(decision.status, "Injected fault: internal error")
            if self.faults.settings.retry_after is not None:
                response.headers["Retry-After"] = str(int(self.faults.settings.retry_after.total_seconds()))
            await response(scope, receive, send)
            return
        request = Request(scope)
        hits: list[RateLimitHit] = []
        for rule_name, key in self.emulator.rate_limit_keys(request):
            hit = self.limiter.count(rule_name, key)
            if hit is None:
                continue
            if not hit.allowed:
                record.status = 429
                record.fault = f"rate limit {rule_name}"
                response = self.emulator.rate_limited_response(hit)
                await response(scope, receive, send)
                return
            hits.append(hit)
        extra_headers = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in self.emulator.rate_limit_headers(hits).items()
        ]

        saving_send = self._saving_before_answer(scope, send)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                record.status = message["status"]
                message = {**message, "headers": [*message.get("headers", []), *extra_headers]}
            await saving_send(message)

        await self._api_app(scope, receive, send_with_headers)

    def _saving_before_answer(self, scope: Scope, send: Send) -> Send:
        save_state = self._save_state
        if save_state is None or scope["method"] in _READ_ONLY_METHODS:
            return send

        async def send_after_saving(message: Message) -> None:
            if message["type"] == "http.response.start":
                save_state()
            await send(message)

        return send_after_saving

    # --- the admin side -----------------------------------------------------------------------------------
    def _build_admin_app(self) -> ASGIApp:
        routes = [
            Route("/state", self._state, methods=["GET"]),
            Route("/reset", self._reset, methods=["POST"]),
            Route("/faults", self._faults, methods=["GET", "PUT"]),
            Route("/rate-limits", self._rate_limits, methods=["GET", "PUT"]),
            Route("/requests", self._requests, methods=["GET"]),
            Route("/clock", self._clock, methods=["GET", "POST"]),
            Route("/webhooks", self._webhooks, methods=["GET"]),
            *self.emulator.admin_routes(),
        ]
        return Starlette(routes=[Mount(ADMIN_PREFIX, routes=routes)])

    def state(self) -> dict[str, Any]:
        """The JSON state view of ``GET /__sandbox/state``."""
        return {
            "api": self.emulator.name,
            "title": self.emulator.title,
            "base_url": self.emulator.base_url,
            "state": self.emulator.state_view(),
            "faults": {**self.faults.settings.to_json(), "injected": dict(self.faults.injected)},
            "rate_limits": _rules_json(self.limiter),
            "requests": len(self.requests),
        }

    def reset(self) -> None:
        """Back to the seeded state: no faults, default rate limits, empty logs."""
        self.emulator.reset_state()
        self.faults.reset()
        self.limiter.reset()
        self.requests.clear()
        self.emulator.context.webhooks.forget(self.emulator.name)

    async def _state(self, request: Request) -> Response:
        return JSONResponse(self.state())

    async def _reset(self, request: Request) -> Response:
        self.reset()
        return JSONResponse({"reset": True})

    async def _faults(self, request: Request) -> Response:
        if request.method == "PUT":
            body = await _admin_json(request)
            if isinstance(body, Response):
                return body
            try:
                self.faults.configure(self.faults.settings.updated(body))
            except (TypeError, ValueError) as error:
                return JSONResponse({"error": str(error)}, status_code=400)
        return JSONResponse(self.faults.settings.to_json())

    async def _rate_limits(self, request: Request) -> Response:
        if request.method == "PUT":
            body = await _admin_json(request)
            if isinstance(body, Response):
                return body
            for name, value in body.items():
                if name not in self.limiter.rules:
                    return JSONResponse({"error": f"unknown rate-limit rule {name!r}"}, status_code=400)
                try:
                    if value is None:
                        self.limiter.configure(name, None)
                    elif isinstance(value, dict) and isinstance(value.get("limit"), int):
                        window = value.get("window_ms")
                        self.limiter.configure(
                            name,
                            value["limit"],
                            timedelta(milliseconds=window) if isinstance(window, int | float) else None,
                        )
                    else:
                        raise ValueError("a rule is null or {limit: int, window_ms?: number}")
                except ValueError as error:
                    return JSONResponse({"error": str(error)}, status_code=400)
        return JSONResponse(_rules_json(self.limiter))

    async def _requests(self, request: Request) -> Response:
        return JSONResponse([record.to_json() for record in self.requests])

    async def _clock(self, request: Request) -> Response:
        clock = self.emulator.clock
        if request.method == "POST":
            body = await _admin_json(request)
            if isinstance(body, Response):
                return body
            advance = body.get("advance_ms")
            if isinstance(advance, bool) or not isinstance(advance, int | float) or advance < 0:
                return JSONResponse({"error": "advance_ms must be a non-negative number"}, status_code=400)
            clock.advance(timedelta(milliseconds=advance))
        return JSONResponse(
            {"now": clock.now().isoformat(), "offset_ms": clock.offset.total_seconds() * 1000}
        )

    async def _webhooks(self, request: Request) -> Response:
        deliveries = self.emulator.context.webhooks.for_source(self.emulator.name)
        return JSONResponse([delivery.to_json() for delivery in deliveries])


def _rules_json(limiter: RateLimiter) -> dict[str, Any]:
    return {name: (rule.to_json() if rule else None) for name, rule in limiter.rules.items()}


async def _admin_json(request: Request) -> dict[str, Any] | Response:
    try:
        body = await read_json(request)
    except MalformedBody as error:
        return JSONResponse({"error": str(error)}, status_code=400)
    if not isinstance(body, dict):
        return JSONResponse({"error": "the body must be a JSON object"}, status_code=400)
    return body


async def _wait_for_disconnect(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
