"""Values of DMN TCK test files (``testCases.xsd`` ``valueType``) as FEEL values.

* ``<value xsi:type="xsd:T">``: decimal/integer/double -> ``Decimal``, string -> ``str``, boolean -> ``bool``,
  date/time/dateTime -> ``datetime`` objects (an offset becomes a fixed ``timezone``, ``@Zone`` a ``ZoneInfo``),
  duration -> ``YearMonthDuration`` when it has years or months, else ``timedelta``;
* ``<value>`` without ``xsi:type``: ``true``/``false``, then an integer, then a number, else the text (as the
  Camunda TCK runner guesses);
* ``xsi:nil="true"`` (or no value at all) -> ``None``; ``<component name>`` elements -> a context;
  ``<list><item>`` -> a list.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from zeebe_lite.feel.values import YearMonthDuration

__all__ = ["TCK_NAMESPACE", "TckValueError", "parse_duration", "parse_temporal", "value_of"]

TCK_NAMESPACE = "http://www.omg.org/spec/DMN/20160719/testcase"
_XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
_T = "{" + TCK_NAMESPACE + "}"

_DURATION = re.compile(
    r"^(?P<sign>-)?P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)
_DATE = re.compile(r"^(?P<year>-?\d{4,9})-(?P<month>\d\d)-(?P<day>\d\d)")
_TIME = re.compile(r"^(?P<hour>\d\d):(?P<minute>\d\d):(?P<second>\d\d)(?:\.(?P<fraction>\d+))?")
_OFFSET = re.compile(r"^(?:Z|(?P<sign>[+-])(?P<hours>\d\d):(?P<minutes>\d\d))$")


class TckValueError(ValueError):
    """A test-file value that cannot be read."""


def value_of(element: ET.Element) -> Any:
    """The FEEL value of a ``valueType`` element (``value``, ``expected``, ``inputNode``, ``item``, ``component``)."""
    if element.get(_XSI + "nil") == "true":
        return None
    components = element.findall(_T + "component")
    if components:
        return {component.get("name", ""): value_of(component) for component in components}
    listed = element.find(_T + "list")
    if listed is not None:
        return [value_of(item) for item in listed.findall(_T + "item")]
    value = element.find(_T + "value")
    if value is None:
        return None
    return _simple_value(value)


def _simple_value(value: ET.Element) -> Any:
    if value.get(_XSI + "nil") == "true":
        return None
    text = value.text or ""
    xsi_type = value.get(_XSI + "type")
    if xsi_type is None:
        return _guess(text)
    kind = xsi_type.rpartition(":")[2]
    if kind == "string":
        return text
    stripped = text.strip()
    if kind in ("decimal", "integer", "int", "long", "double", "float", "short"):
        return _number(stripped, kind)
    if kind == "boolean":
        if stripped not in ("true", "false", "1", "0"):
            raise TckValueError(f"not a boolean: '{stripped}'")
        return stripped in ("true", "1")
    if kind in ("date", "time", "dateTime"):
        return parse_temporal(kind, stripped)
    if kind in ("duration", "dayTimeDuration", "yearMonthDuration"):
        return parse_duration(stripped)
    raise TckValueError(f"unsupported xsi:type '{xsi_type}'")


def _number(text: str, kind: str) -> Any:
    if kind in ("double", "float") and text in ("NaN", "INF", "-INF", "+INF"):
        return float(text.replace("INF", "inf"))
    try:
        return Decimal(text)
    except InvalidOperation:
        raise TckValueError(f"not a {kind}: '{text}'") from None


def _guess(text: str) -> Any:
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    try:
        return Decimal(int(text))
    except ValueError:
        pass
    try:
        float(text)
        return Decimal(text.strip())
    except (ValueError, InvalidOperation):
        return text


def parse_duration(text: str) -> YearMonthDuration | dt.timedelta:
    """An XML Schema duration: years/months -> ``YearMonthDuration`` (days dropped), else ``timedelta``.

    Fractions of seconds beyond microseconds are cut off, as the FEEL value model does.
    """
    match = _DURATION.match(text)
    if match is None or text in ("P", "-P") or text.endswith("T"):
        raise TckValueError(f"not a duration: '{text}'")
    sign = -1 if match["sign"] else 1
    if match["years"] or match["months"]:
        return YearMonthDuration(sign * (int(match["years"] or 0) * 12 + int(match["months"] or 0)))
    whole_seconds, _, fraction = (match["seconds"] or "0").partition(".")
    delta = dt.timedelta(
        days=int(match["days"] or 0),
        hours=int(match["hours"] or 0),
        minutes=int(match["minutes"] or 0),
        seconds=int(whole_seconds),
        microseconds=int(fraction.ljust(6, "0")[:6]),  # truncated, as FEEL keeps microseconds
    )
    return -delta if sign < 0 else delta


def parse_temporal(kind: str, text: str) -> dt.date | dt.time | dt.datetime:
    """An XML Schema ``date``, ``time`` or ``dateTime`` (with optional offset or ``@zone``)."""
    rest = text
    date_value: dt.date | None = None
    if kind in ("date", "dateTime"):
        date_match = _DATE.match(rest)
        if date_match is None:
            raise TckValueError(f"not a {kind}: '{text}'")
        date_value = dt.date(int(date_match["year"]), int(date_match["month"]), int(date_match["day"]))
        rest = rest[date_match.end() :]
        if kind == "date":
            return date_value
        if not rest.startswith("T"):
            raise TckValueError(f"not a dateTime: '{text}'")
        rest = rest[1:]
    time_match = _TIME.match(rest)
    if time_match is None:
        raise TckValueError(f"not a {kind}: '{text}'")
    fraction = (time_match["fraction"] or "").ljust(6, "0")[:6]
    hour = int(time_match["hour"])
    time_value = dt.time(hour % 24, int(time_match["minute"]), int(time_match["second"]), int(fraction or 0))
    zone = _zone(rest[time_match.end() :], text)
    if date_value is None:
        return time_value.replace(tzinfo=zone)
    result = dt.datetime.combine(date_value, time_value, tzinfo=zone)
    return result + dt.timedelta(days=1) if hour == 24 else result


def _zone(suffix: str, text: str) -> dt.tzinfo | None:
    if not suffix:
        return None
    if suffix.startswith("@"):
        try:
            return ZoneInfo(suffix[1:])
        except (ZoneInfoNotFoundError, ValueError):
            raise TckValueError(f"unknown zone in '{text}'") from None
    match = _OFFSET.match(suffix)
    if match is None:
        raise TckValueError(f"bad offset in '{text}'")
    if not match["sign"]:
        return dt.UTC
    minutes = int(match["hours"]) * 60 + int(match["minutes"])
    return dt.timezone(dt.timedelta(minutes=-minutes if match["sign"] == "-" else minutes))
