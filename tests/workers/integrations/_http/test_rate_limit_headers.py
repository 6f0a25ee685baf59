from __future__ import annotations

from datetime import UTC, datetime, timedelta

from workers.integrations._http import parse_duration, parse_retry_after, server_delay


def test_retry_after_seconds_decimals_and_dates() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("7") == timedelta(seconds=7)
    assert parse_retry_after("1.5") == timedelta(seconds=1.5)
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now=now) == timedelta(seconds=30)
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now=now) == timedelta(0)
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_go_durations_of_openai_reset_headers() -> None:
    assert parse_duration("1s") == timedelta(seconds=1)
    assert parse_duration("12ms") == timedelta(milliseconds=12)
    assert parse_duration("6m0s") == timedelta(minutes=6)
    assert parse_duration("1h2m3.5s") == timedelta(hours=1, minutes=2, seconds=3.5)
    assert parse_duration("6 minutes") is None
    assert parse_duration("") is None


def test_server_delay_prefers_milliseconds_then_retry_after_then_longest_reset() -> None:
    resets = ("x-ratelimit-reset-requests", "x-ratelimit-reset-tokens")
    assert server_delay({"retry-after-ms": "250", "Retry-After": "9"}) == timedelta(milliseconds=250)
    assert server_delay(
        {"Retry-After": "9", "x-ratelimit-reset-tokens": "1m"}, reset_headers=resets
    ) == timedelta(seconds=9)
    headers = {"x-ratelimit-reset-requests": "2s", "x-ratelimit-reset-tokens": "6m0s"}
    assert server_delay(headers, reset_headers=resets) == timedelta(minutes=6)
    assert server_delay({"x-ratelimit-reset-tokens": "6m0s"}) is None
