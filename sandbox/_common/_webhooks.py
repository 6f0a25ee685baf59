"""Outgoing HTTP from the emulators (webhooks, RPA callbacks): delivered in the background, retried, recorded."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx

from sandbox._common._clock import SandboxClock

__all__ = ["Delivery", "DeliveryAttempt", "Prepare", "WebhookSender"]

Prepare = Callable[[int], tuple[bytes, dict[str, str]]]
"""Builds the body and headers of attempt n (0 = first), for providers that re-sign or count attempts."""


@dataclass
class DeliveryAttempt:
    """One POST of a delivery: the answer's status or the transport error."""

    at: datetime
    status: int | None
    error: str | None

    def to_json(self) -> dict[str, Any]:
        """JSON view."""
        return {"at": self.at.isoformat(), "status": self.status, "error": self.error}


@dataclass
class Delivery:
    """A webhook to deliver: where, what, and every attempt made so far."""

    id: int
    source: str
    url: str
    body: bytes
    headers: dict[str, str]
    attempts: list[DeliveryAttempt] = field(default_factory=list)
    prepare: Prepare | None = field(default=None, repr=False)
    delivered: bool = False
    finished: bool = False

    def to_json(self) -> dict[str, Any]:
        """JSON view (the body as text)."""
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "body": self.body.decode("utf-8", "replace"),
            "headers": self.headers,
            "delivered": self.delivered,
            "finished": self.finished,
            "attempts": [attempt.to_json() for attempt in self.attempts],
        }


class WebhookSender:
    """POSTs bodies to URLs in background tasks; a 2xx ends a delivery, anything else is retried.

    Retries follow ``retry_delays`` (real providers spread theirs over hours or days; the sandbox uses short
    delays so that redeliveries are visible in dev and tests).
    """

    def __init__(
        self,
        clock: SandboxClock,
        retry_delays: Sequence[timedelta] = (timedelta(milliseconds=200), timedelta(seconds=1)),
        timeout: timedelta = timedelta(seconds=10),
    ) -> None:
        self._clock = clock
        self.retry_delays = tuple(retry_delays)
        self._timeout = timeout
        self._client: httpx.AsyncClient | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.deliveries: list[Delivery] = []
        self._last_id = 0

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout.total_seconds())
        return self._client

    def send(
        self,
        source: str,
        url: str,
        body: bytes,
        headers: Mapping[str, str],
        *,
        prepare: Prepare | None = None,
    ) -> Delivery:
        """Start delivering ``body`` to ``url``; returns at once with the delivery record.

        With ``prepare``, each attempt's body and headers come from it (``body``/``headers`` are the first's).
        """
        self._last_id += 1
        delivery = Delivery(self._last_id, source, url, body, dict(headers), prepare=prepare)
        self.deliveries.append(delivery)
        task = asyncio.get_running_loop().create_task(self._deliver(delivery))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return delivery

    async def _deliver(self, delivery: Delivery) -> None:
        delays = (timedelta(0), *self.retry_delays)
        for attempt, delay in enumerate(delays):
            if delay:
                await asyncio.sleep(delay.total_seconds())
            if delivery.prepare is not None and attempt > 0:
                delivery.body, delivery.headers = delivery.prepare(attempt)
            try:
                response = await self._http().post(
                    delivery.url, content=delivery.body, headers=delivery.headers
                )
            except httpx.HTTPError as error:
                delivery.attempts.append(
                    DeliveryAttempt(self._clock.now(), None, f"{type(error).__name__}: {error}")
                )
                continue
            delivery.attempts.append(DeliveryAttempt(self._clock.now(), response.status_code, None))
            if response.is_success:
                delivery.delivered = True
                break
        delivery.finished = True

    def for_source(self, source: str) -> list[Delivery]:
        """The deliveries one emulator started."""
        return [delivery for delivery in self.deliveries if delivery.source == source]

    def forget(self, source: str) -> None:
        """Drop the records of one emulator's deliveries (running ones go on)."""
        self.deliveries = [delivery for delivery in self.deliveries if delivery.source != source]

    async def wait_idle(self, limit: timedelta = timedelta(seconds=10)) -> None:
        """Wait (at most ``limit``) until no delivery is in flight (for tests)."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=limit.total_seconds())

    async def aclose(self) -> None:
        """Cancel deliveries in flight and close the HTTP client."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(set(self._tasks))
        if self._client is not None:
            await self._client.aclose()
            self._client = None
