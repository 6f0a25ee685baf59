"""Rolling-window rate limits: each rule allows ``limit`` requests per ``window`` and key."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import timedelta

from sandbox._common._clock import SandboxClock

__all__ = ["RateLimitHit", "RateLimitRule", "RateLimiter"]


@dataclass(frozen=True)
class RateLimitRule:
    """``limit`` requests per rolling ``window``, counted separately for each key."""

    name: str
    limit: int
    window: timedelta
    enabled: bool = True
    """Off by default when false (switched on through the admin endpoint)."""

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise ValueError("a rate limit allows at least one request")
        if self.window <= timedelta(0):
            raise ValueError("a rate-limit window is positive")

    def to_json(self) -> dict[str, int]:
        """The rule as the admin endpoint shows it."""
        return {"limit": self.limit, "window_ms": int(self.window.total_seconds() * 1000)}


@dataclass(frozen=True)
class RateLimitHit:
    """The outcome of counting one request against one rule."""

    rule: RateLimitRule
    key: str
    allowed: bool
    remaining: int
    retry_after: timedelta
    """Until the oldest counted request leaves the window (zero when allowed)."""


class RateLimiter:
    """Counts requests per (rule, key) in a rolling window; rules can be replaced or disabled at run time."""

    def __init__(self, clock: SandboxClock, defaults: dict[str, RateLimitRule]) -> None:
        self._clock = clock
        self._defaults = dict(defaults)
        self._hits: dict[tuple[str, str], deque[float]] = {}
        self._rules: dict[str, RateLimitRule | None] = {}
        self.reset()

    @property
    def rules(self) -> dict[str, RateLimitRule | None]:
        """The rules in force by name (``None`` = disabled)."""
        return dict(self._rules)

    def configure(self, name: str, limit: int | None, window: timedelta | None = None) -> None:
        """Replace a rule's numbers, or disable it with ``limit=None``."""
        if name not in self._defaults:
            raise KeyError(name)
        if limit is None:
            self._rules[name] = None
        else:
            current = self._rules[name] or self._defaults[name]
            self._rules[name] = RateLimitRule(name, limit, window or current.window)
        self._hits = {key: value for key, value in self._hits.items() if key[0] != name}

    def reset(self) -> None:
        """Back to the default rules with empty counters."""
        self._rules = {name: (rule if rule.enabled else None) for name, rule in self._defaults.items()}
        self._hits.clear()

    def clear_counters(self) -> None:
        """Forget counted requests, keep the rules."""
        self._hits.clear()

    def count(self, name: str, key: str) -> RateLimitHit | None:
        """Count a request against rule ``name`` for ``key``; ``None`` when the rule is disabled."""
        rule = self._rules.get(name)
        if rule is None:
            return None
        now = self._clock.monotonic()
        window = rule.window.total_seconds()
        hits = self._hits.setdefault((name, key), deque())
        while hits and hits[0] <= now - window:
            hits.popleft()
        if len(hits) >= rule.limit:
            wait = max(hits[0] + window - now, 0.0)
            return RateLimitHit(rule, key, False, 0, timedelta(seconds=wait))
        hits.append(now)
        return RateLimitHit(rule, key, True, rule.limit - len(hits), timedelta(0))

    def peek(self, name: str, key: str) -> RateLimitHit | None:
        """What ``count`` would say about the next request, without counting it."""
        rule = self._rules.get(name)
        if rule is None:
            return None
        now = self._clock.monotonic()
        hits = [hit for hit in self._hits.get((name, key), ()) if hit > now - rule.window.total_seconds()]
        return RateLimitHit(rule, key, len(hits) < rule.limit, max(rule.limit - len(hits), 0), timedelta(0))
