"""Gateway settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["COMPATIBLE_ZEEBE_VERSION", "GatewaySettings"]

COMPATIBLE_ZEEBE_VERSION = "8.6.6"
"""The Zeebe version whose gateway protocol is served (the level of the stubs pyzeebe ships)."""


@dataclass(frozen=True, slots=True)
class GatewaySettings:
    """How the gateway listens and behaves.

    ``long_poll_timeout`` is used for ActivateJobs with ``requestTimeout = 0``; it must stay well below the
    20 s gRPC deadline pyzeebe sets for such requests. ``request_timeout`` is used for
    CreateProcessInstanceWithResult with ``requestTimeout = 0``. ``max_pending_commands`` bounds the
    commands in flight; beyond it requests get RESOURCE_EXHAUSTED.
    """

    host: str = "127.0.0.1"
    port: int = 26500
    long_poll_timeout: dt.timedelta = dt.timedelta(seconds=10)
    request_timeout: dt.timedelta = dt.timedelta(seconds=15)
    max_pending_commands: int = 1000
    stream_batch_size: int = 16
    shutdown_grace: dt.timedelta = dt.timedelta(seconds=2)
    gateway_version: str = COMPATIBLE_ZEEBE_VERSION
