"""Fault injection: latency, server errors and dropped connections, switchable while the sandbox runs."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any, Literal

__all__ = ["FaultDecision", "FaultInjector", "FaultSettings"]

FaultAction = Literal["none", "error", "reset"]


@dataclass(frozen=True)
class FaultSettings:
    """What goes wrong, and how often.

    Attributes:
        error_rate: share of requests (0..1) answered with ``error_status`` in the API's own error shape.
        error_status: the HTTP status of injected errors (500, 502, 503, 504 ...).
        reset_rate: share of requests whose connection is dropped without an answer.
        latency: added to every request before it is handled.
        latency_jitter: up to this much more, uniformly at random.
        fail_next: the next N requests fail for sure, as ``fail_next_action`` says (deterministic tests).
        fail_next_action: ``error`` or ``reset``.
        seed: seed of the random generator (``None``: not reproducible).
        path_prefix: only requests whose path starts with this are faulted (``None``: all).
        method: only requests with this HTTP method are faulted (``None``: all).
        retry_after: injected errors carry ``Retry-After`` with this many whole seconds (``None``: no header).
    """

    error_rate: float = 0.0
    error_status: int = 500
    reset_rate: float = 0.0
    latency: timedelta = timedelta(0)
    latency_jitter: timedelta = timedelta(0)
    fail_next: int = 0
    fail_next_action: Literal["error", "reset"] = "error"
    seed: int | None = None
    path_prefix: str | None = None
    method: str | None = None
    retry_after: timedelta | None = None

    def __post_init__(self) -> None:
        for name in ("error_rate", "reset_rate"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        if self.error_rate + self.reset_rate > 1.0:
            raise ValueError("error_rate + reset_rate must not exceed 1")
        if not 400 <= self.error_status <= 599:
            raise ValueError("error_status must be an HTTP error status")
        if self.latency < timedelta(0) or self.latency_jitter < timedelta(0):
            raise ValueError("latency must not be negative")
        if self.fail_next < 0:
            raise ValueError("fail_next must not be negative")
        if self.fail_next_action not in ("error", "reset"):
            raise ValueError("fail_next_action is error or reset")

    def to_json(self) -> dict[str, Any]:
        """The settings as the admin endpoint shows and accepts them."""
        return {
            "error_rate": self.error_rate,
            "error_status": self.error_status,
            "reset_rate": self.reset_rate,
            "latency_ms": self.latency.total_seconds() * 1000,
            "latency_jitter_ms": self.latency_jitter.total_seconds() * 1000,
            "fail_next": self.fail_next,
            "fail_next_action": self.fail_next_action,
            "seed": self.seed,
            "path_prefix": self.path_prefix,
            "method": self.method,
            "retry_after_s": self.retry_after.total_seconds() if self.retry_after is not None else None,
        }

    def updated(self, changes: dict[str, Any]) -> FaultSettings:
        """A copy with the admin endpoint's JSON ``changes`` applied (unknown keys raise ``ValueError``)."""
        known = {
            "error_rate": float,
            "error_status": int,
            "reset_rate": float,
            "fail_next": int,
            "fail_next_action": str,
        }
        values: dict[str, Any] = {}
        for key, value in changes.items():
            if key in known:
                if isinstance(value, bool) or not isinstance(value, int | float | str):
                    raise ValueError(f"{key} has the wrong type")
                values[key] = known[key](value)
            elif key in ("latency_ms", "latency_jitter_ms"):
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise ValueError(f"{key} must be a number")
                values[key.removesuffix("_ms")] = timedelta(milliseconds=value)
            elif key == "retry_after_s":
                if value is not None and (
                    isinstance(value, bool) or not isinstance(value, int | float) or value < 0
                ):
                    raise ValueError("retry_after_s must be a non-negative number or null")
                values["retry_after"] = None if value is None else timedelta(seconds=value)
            elif key in ("path_prefix", "method"):
                if value is not None and not isinstance(value, str):
                    raise ValueError(f"{key} must be a string or null")
                values[key] = value.upper() if key == "method" and value else value
            elif key == "seed":
                if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                    raise ValueError("seed must be an integer or null")
                values["seed"] = value
            else:
                raise ValueError(f"unknown fault setting {key!r}")
        return replace(self, **values)


@dataclass(frozen=True)
class FaultDecision:
    """What happens to one request."""

    delay: timedelta
    action: FaultAction
    status: int


@dataclass
class FaultInjector:
    """Decides, request by request, which fault (if any) to inject."""

    settings: FaultSettings = field(default_factory=FaultSettings)
    _random: random.Random = field(default_factory=random.Random, repr=False)
    injected: dict[str, int] = field(default_factory=lambda: {"error": 0, "reset": 0})

    def configure(self, settings: FaultSettings) -> None:
        """Switch to new settings (re-seeding when a seed is given)."""
        self.settings = settings
        if settings.seed is not None:
            self._random.seed(settings.seed)

    def reset(self) -> None:
        """No faults any more, counters cleared."""
        self.configure(FaultSettings())
        self.injected = {"error": 0, "reset": 0}

    def decide(self, method: str = "GET", path: str = "/") -> FaultDecision:
        """Roll the dice for one request (requests outside ``path_prefix`` / ``method`` are left alone)."""
        settings = self.settings
        if (settings.path_prefix is not None and not path.startswith(settings.path_prefix)) or (
            settings.method is not None and settings.method != method.upper()
        ):
            return FaultDecision(timedelta(0), "none", settings.error_status)
        jitter = settings.latency_jitter.total_seconds() * self._random.random()
        delay = settings.latency + timedelta(seconds=jitter)
        action: FaultAction = "none"
        if settings.fail_next > 0:
            action = settings.fail_next_action
            self.settings = replace(settings, fail_next=settings.fail_next - 1)
        else:
            roll = self._random.random()
            if roll < settings.error_rate:
                action = "error"
            elif roll < settings.error_rate + settings.reset_rate:
                action = "reset"
        if action != "none":
            self.injected[action] += 1
        return FaultDecision(delay, action, settings.error_status)
