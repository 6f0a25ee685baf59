"""Back-pressure: a bounded number of commands in flight; beyond it the gateway answers RESOURCE_EXHAUSTED."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import grpc

from zeebe_lite.gateway.errors import GatewayError

__all__ = ["CommandAdmission"]


class CommandAdmission:
    """Counts commands submitted to the engine and not yet answered; refuses new ones above ``limit``.

    Zeebe rejects requests with RESOURCE_EXHAUSTED when its partition is overloaded; clients (pyzeebe
    included) back off and retry. Used from the event loop thread only.
    """

    def __init__(self, limit: int) -> None:
        """Allow at most ``limit`` commands in flight (``limit`` >= 1)."""
        if limit < 1:
            raise ValueError("the command limit must be at least 1")
        self._limit = limit
        self._in_flight = 0

    @property
    def in_flight(self) -> int:
        """Commands submitted and not yet answered."""
        return self._in_flight

    @property
    def limit(self) -> int:
        """The most commands allowed in flight."""
        return self._limit

    def check(self) -> None:
        """Raise RESOURCE_EXHAUSTED when the queue is full (without taking a slot)."""
        if self._in_flight >= self._limit:
            raise GatewayError(
                grpc.StatusCode.RESOURCE_EXHAUSTED,
                f"Expected to handle the request, but the engine has {self._in_flight} commands pending "
                f"(limit {self._limit}); retry later",
            )

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one slot while a command is in flight; RESOURCE_EXHAUSTED when none is free."""
        self.check()
        self._in_flight += 1
        try:
            yield
        finally:
            self._in_flight -= 1
