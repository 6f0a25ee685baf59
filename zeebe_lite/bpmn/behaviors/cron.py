"""Spring-style cron expressions (6 fields: second minute hour day-of-month month day-of-week), as Zeebe's
timer cycles accept them (``0 0 9-17 * * MON-FRI``). Times are evaluated in UTC."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["CronExpression", "parse_cron"]

_MONTHS = {
    name: index
    for index, name in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1
    )
}
_DAYS = {name: index for index, name in enumerate(("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"))}
_LIMIT_YEARS = 5


@dataclass(frozen=True, slots=True)
class CronExpression:
    """The allowed values of each field; ``next_after`` finds the next matching instant."""

    seconds: frozenset[int]
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]
    any_day: bool
    any_weekday: bool

    def next_after(self, instant: dt.datetime) -> dt.datetime | None:
        """The first matching second strictly after ``instant`` (aware, UTC), or None within five years."""
        current = instant.astimezone(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=1)
        end = current + dt.timedelta(days=366 * _LIMIT_YEARS)
        while current < end:
            if current.month not in self.months:
                current = _first_of_next_month(current)
                continue
            if not self._day_matches(current):
                current = (current + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0)
                continue
            if current.hour not in self.hours:
                current = (current + dt.timedelta(hours=1)).replace(minute=0, second=0)
                continue
            if current.minute not in self.minutes:
                current = (current + dt.timedelta(minutes=1)).replace(second=0)
                continue
            if current.second not in self.seconds:
                current += dt.timedelta(seconds=1)
                continue
            return current
        return None

    def _day_matches(self, day: dt.datetime) -> bool:
        weekday = (day.weekday() + 1) % 7
        in_month = day.day in self.days
        in_week = weekday in self.weekdays
        if self.any_day and self.any_weekday:
            return True
        if self.any_day:
            return in_week
        if self.any_weekday:
            return in_month
        return in_month or in_week


def _first_of_next_month(value: dt.datetime) -> dt.datetime:
    year, month = (value.year + 1, 1) if value.month == 12 else (value.year, value.month + 1)
    return value.replace(year=year, month=month, day=1, hour=0, minute=0, second=0)


def _value(text: str, names: dict[str, int]) -> int:
    upper = text.upper()
    return names[upper] if upper in names else int(text)


def _field(
    text: str, low: int, high: int, names: dict[str, int] | None = None
) -> tuple[frozenset[int], bool]:
    names = names or {}
    if text in ("*", "?"):
        return frozenset(range(low, high + 1)), True
    values: set[int] = set()
    for part in text.split(","):
        step = 1
        if "/" in part:
            part, step_text = part.split("/", 1)
            step = int(step_text)
            if step < 1:
                raise ValueError(f"invalid step in '{text}'")
        if part in ("*", "?"):
            start, stop = low, high
        elif "-" in part:
            first, last = part.split("-", 1)
            start, stop = _value(first, names), _value(last, names)
        else:
            start = _value(part, names)
            stop = high if step > 1 else start
        if not low <= start <= high or not low <= stop <= high or start > stop:
            raise ValueError(f"value out of range in '{text}'")
        values.update(range(start, stop + 1, step))
    return frozenset(values), False


def parse_cron(text: str) -> CronExpression:
    """Parse a 6-field cron expression; raises ValueError when it is not one."""
    fields = text.split()
    if len(fields) != 6:
        raise ValueError(f"a cron expression needs 6 fields, got {len(fields)}: '{text}'")
    seconds, _ = _field(fields[0], 0, 59)
    minutes, _ = _field(fields[1], 0, 59)
    hours, _ = _field(fields[2], 0, 23)
    days, any_day = _field(fields[3], 1, 31)
    months, _ = _field(fields[4], 1, 12, _MONTHS)
    weekday_text = fields[5].replace("7", "0") if fields[5] == "7" else fields[5]
    weekdays, any_weekday = _field(weekday_text, 0, 7, _DAYS)
    weekdays = frozenset(0 if day == 7 else day for day in weekdays)
    return CronExpression(seconds, minutes, hours, days, months, weekdays, any_day, any_weekday)
