"""The shape every API emulator has: its routes, state, error shapes, rate-limit rules and credentials."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from sandbox._common._clock import SandboxClock
from sandbox._common._ratelimit import RateLimiter, RateLimitHit, RateLimitRule
from sandbox._common._webhooks import WebhookSender

__all__ = ["Emulator", "EmulatorContext"]


@dataclass(frozen=True)
class EmulatorContext:
    """What an emulator gets from the sandbox.

    Attributes:
        clock: the shared, advanceable clock.
        origin: ``http://127.0.0.1:<port>`` where this emulator listens.
        webhooks: sends (signed) webhooks and callbacks, with retries, and records every attempt.
    """

    clock: SandboxClock
    origin: str
    webhooks: WebhookSender


class Emulator(ABC):
    """One emulated SaaS API: served on its own port, reached by the real client through its base URL."""

    name: ClassVar[str]
    """Short id used in ``run_sandbox(apis=[...])`` and in the table (``hubspot``)."""
    title: ClassVar[str]
    """What is emulated, for humans (``HubSpot CRM v3``)."""
    state_format: ClassVar[int] = 1
    """Version of the :meth:`export_state` snapshot; a stored snapshot of another version is not loaded."""

    def __init__(self, context: EmulatorContext) -> None:
        self.context = context
        self._limiter: RateLimiter | None = None

    @property
    def limiter(self) -> RateLimiter:
        """The emulator's rate limiter (rules from ``rate_limit_rules``), also for limits checked in routes."""
        if self._limiter is None:
            rules = {rule.name: rule for rule in self.rate_limit_rules()}
            self._limiter = RateLimiter(self.clock, rules)
        return self._limiter

    @property
    def clock(self) -> SandboxClock:
        """The sandbox clock."""
        return self.context.clock

    @property
    def base_url(self) -> str:
        """The base URL a client uses in place of the real one."""
        return self.context.origin

    @abstractmethod
    def routes(self) -> list[BaseRoute]:
        """The emulated API's routes."""

    def admin_routes(self) -> list[BaseRoute]:
        """Extra ``/__sandbox/...`` routes for seeding and driving this API (mounted under ``/__sandbox``)."""
        return []

    @abstractmethod
    def state_view(self) -> dict[str, Any]:
        """A JSON view of the emulated state."""

    @abstractmethod
    def reset_state(self) -> None:
        """Forget everything done through the API and return to the seeded state."""

    def export_state(self) -> dict[str, Any] | None:
        """The state worth keeping across restarts, as JSON (None: nothing to keep).

        The emulated objects only: not credentials (made at each start), fault settings or rate-limit counters.
        """
        return None

    def import_state(self, snapshot: Mapping[str, Any]) -> None:
        """Replace the state with one :meth:`export_state` returned (before the emulator serves requests)."""
        return None

    @abstractmethod
    def credentials(self) -> dict[str, str]:
        """The credentials a client needs (token, key, user/password ...)."""

    @abstractmethod
    def environment(self) -> dict[str, str]:
        """The environment variables that point a client at this emulator."""

    @abstractmethod
    def error_response(self, status: int, message: str) -> Response:
        """An error in this API's own shape (used for injected faults and unknown routes)."""

    def rate_limit_rules(self) -> list[RateLimitRule]:
        """The rate-limit rules, with the real API's default numbers."""
        return []

    def rate_limit_keys(self, request: Request) -> list[tuple[str, str]]:
        """The (rule name, key) pairs a request counts against."""
        return []

    def rate_limited_response(self, hit: RateLimitHit) -> Response:
        """The API's 429 (or its equivalent) for a request over a limit."""
        return JSONResponse({"error": "rate limited"}, status_code=429)

    def rate_limit_headers(self, hits: list[RateLimitHit]) -> dict[str, str]:
        """Headers the real API puts on every answer to tell its limits (none by default)."""
        return {}

    async def start(self) -> None:
        """Start background work (robots, delivery loops). Called once the server listens."""
        return None

    async def aclose(self) -> None:
        """Stop background work."""
        return None
