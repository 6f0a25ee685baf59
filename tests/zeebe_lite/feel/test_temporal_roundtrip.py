"""Property tests: what ``string()`` renders parses back to the same value, and arithmetic round-trips."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from zeebe_lite.feel.temporal import add, compare, equals, format_value, parse_temporal_literal, subtract
from zeebe_lite.feel.values import YearMonthDuration

ZONES = st.sampled_from(
    [None, dt.UTC, dt.timezone(dt.timedelta(hours=-5, minutes=-30)), ZoneInfo("Europe/Paris")]
)
DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))
LOCAL_DATE_TIMES = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 12, 31))
WHOLE_SECOND_DURATIONS = st.integers(min_value=-(10**10), max_value=10**10).map(
    lambda s: dt.timedelta(seconds=s)
)


@settings(max_examples=200, deadline=None)
@given(LOCAL_DATE_TIMES, ZONES)
def test_date_and_time_round_trips_through_its_text(local: dt.datetime, zone: dt.tzinfo | None) -> None:
    value = local if zone is None else local.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone)
    parsed = parse_temporal_literal(format_value(value))
    assert equals(parsed, value) is True


@settings(max_examples=200, deadline=None)
@given(DATES)
def test_date_round_trips(value: dt.date) -> None:
    assert parse_temporal_literal(format_value(value)) == value


@settings(max_examples=200, deadline=None)
@given(st.times(), st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=2))]))
def test_time_round_trips(clock: dt.time, zone: dt.tzinfo | None) -> None:
    value = clock.replace(tzinfo=zone)
    assert equals(parse_temporal_literal(format_value(value)), value) is True


@settings(max_examples=200, deadline=None)
@given(WHOLE_SECOND_DURATIONS)
def test_whole_second_durations_round_trip(value: dt.timedelta) -> None:
    assert parse_temporal_literal(format_value(value)) == value


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_years_and_months_round_trip(months: int) -> None:
    value = YearMonthDuration(months)
    assert parse_temporal_literal(format_value(value)) == value


@settings(max_examples=200, deadline=None)
@given(LOCAL_DATE_TIMES, ZONES, WHOLE_SECOND_DURATIONS.filter(lambda d: abs(d) < dt.timedelta(days=10_000)))
def test_adding_then_subtracting_a_duration_is_the_identity(
    local: dt.datetime, zone: dt.tzinfo | None, amount: dt.timedelta
) -> None:
    value = local if zone is None else local.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone)
    later = add(value, amount)
    assert later is not None
    assert subtract(later, value) == amount
    assert compare(subtract(later, amount), value) == 0
