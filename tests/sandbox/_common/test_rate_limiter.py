from datetime import timedelta

from sandbox._common import RateLimiter, RateLimitRule, SandboxClock


def test_rolling_window_counts_per_key_and_frees_up_with_time() -> None:
    clock = SandboxClock()
    limiter = RateLimiter(clock, {"burst": RateLimitRule("burst", 2, timedelta(seconds=10))})
    first, second, third = (limiter.count("burst", "a") for _ in range(3))
    assert first is not None and first.remaining == 1
    assert second is not None and second.allowed
    assert third is not None and not third.allowed
    assert timedelta(seconds=9) < third.retry_after <= timedelta(seconds=10)
    other = limiter.count("burst", "b")
    assert other is not None and other.allowed
    clock.advance(timedelta(seconds=10))
    again = limiter.count("burst", "a")
    assert again is not None and again.allowed


def test_rules_disabled_by_default_until_configured() -> None:
    limiter = RateLimiter(
        SandboxClock(), {"pair": RateLimitRule("pair", 1, timedelta(seconds=6), enabled=False)}
    )
    assert limiter.count("pair", "x") is None
    limiter.configure("pair", 1)
    assert limiter.count("pair", "x") is not None
    blocked = limiter.count("pair", "x")
    assert blocked is not None and not blocked.allowed
    limiter.reset()
    assert limiter.rules["pair"] is None
