"""Share one client (and its connection pool) between all jobs running on the same event loop."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["PerEventLoop"]

C = TypeVar("C")


class PerEventLoop(Generic[C]):
    """Creates a value with ``factory`` on first use in each running event loop, then hands out the same one.

    Clients bound to a loop (``httpx.AsyncClient``) cannot be shared across loops; keeping one per loop gives
    pooled connections in the fleet (one loop) and a fresh client per test (one loop per test). Nothing is
    created at import time; the value dies with its loop.
    """

    def __init__(self, factory: Callable[[], C]) -> None:
        self._factory = factory
        self._values: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, C] = weakref.WeakKeyDictionary()

    def get(self) -> C:
        """The value of the running loop (created now if this loop has none)."""
        loop = asyncio.get_running_loop()
        value = self._values.get(loop)
        if value is None:
            value = self._factory()
            self._values[loop] = value
        return value

    def provide(self, value: C) -> None:
        """Use ``value`` in the running loop from now on (tests install a tuned client this way)."""
        self._values[asyncio.get_running_loop()] = value

    def forget(self) -> C | None:
        """Drop the running loop's value (e.g. after closing it) and return it."""
        return self._values.pop(asyncio.get_running_loop(), None)
