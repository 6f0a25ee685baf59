"""Reading TCK test values and comparing them with results the way Camunda's TCK runner does."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from zeebe_lite.dmn.tck.cases import read_test_file
from zeebe_lite.dmn.tck.compare import tck_equal
from zeebe_lite.dmn.tck.values import parse_duration, value_of
from zeebe_lite.feel.values import YearMonthDuration

NAMESPACES = (
    'xmlns="http://www.omg.org/spec/DMN/20160719/testcase" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"'
)


def _value(inner: str) -> Any:
    return value_of(ET.fromstring(f"<expected {NAMESPACES}>{inner}</expected>"))


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ('<value xsi:type="xsd:decimal">18.50</value>', Decimal("18.50")),
        ('<value xsi:type="xsd:double">1E3</value>', Decimal(1000)),
        ('<value xsi:type="xsd:string"> spaced </value>', " spaced "),
        ('<value xsi:type="xsd:string"></value>', ""),
        ('<value xsi:type="xsd:boolean">false</value>', False),
        ('<value xsi:type="xsd:date">2017-01-02</value>', dt.date(2017, 1, 2)),
        ('<value xsi:type="xsd:time">10:20:30.5</value>', dt.time(10, 20, 30, 500000)),
        (
            '<value xsi:type="xsd:time">10:20:30-05:00</value>',
            dt.time(10, 20, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        ),
        (
            '<value xsi:type="xsd:dateTime">2017-01-02T03:04:05Z</value>',
            dt.datetime(2017, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        ),
        ('<value xsi:type="xsd:dateTime">2017-01-02T03:04:05</value>', dt.datetime(2017, 1, 2, 3, 4, 5)),
        ('<value xsi:type="xsd:duration">P1Y2M</value>', YearMonthDuration(14)),
        ('<value xsi:type="xsd:duration">-P2M</value>', YearMonthDuration(-2)),
        ('<value xsi:type="xsd:duration">P1DT2H30.5S</value>', dt.timedelta(days=1, hours=2, seconds=30.5)),
        ('<value xsi:type="xsd:duration">PT0.999999999S</value>', dt.timedelta(microseconds=999999)),
        ('<value xsi:nil="true"/>', None),
        ("<value>true</value>", True),
        ("<value>42</value>", Decimal(42)),
        ("<value>4.5</value>", Decimal("4.5")),
        ("<value>abc</value>", "abc"),
        (
            '<component name="a"><value xsi:type="xsd:decimal">1</value></component><component name="b"><value xsi:nil="true"/></component>',
            {"a": Decimal(1), "b": None},
        ),
        (
            '<list><item><value xsi:type="xsd:string">x</value></item><item><value xsi:nil="true"/></item></list>',
            ["x", None],
        ),
        ("<list/>", []),
        ('<list><item><component name="k"><list/></component></item></list>', [{"k": []}]),
        ("", None),
    ],
)
def test_values(inner: str, expected: Any) -> None:
    value = _value(inner)
    assert value == expected and type(value) is type(expected)


def test_zoned_date_time() -> None:
    value = _value('<value xsi:type="xsd:dateTime">2018-10-01T12:32:59.111@Europe/Paris</value>')
    assert value == dt.datetime(2018, 10, 1, 12, 32, 59, 111000, tzinfo=ZoneInfo("Europe/Paris"))


def test_bad_duration_is_rejected() -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration("P")


@pytest.mark.parametrize(
    ("expected", "actual", "equal"),
    [
        (Decimal("0.1"), Decimal("0.100000001"), True),
        (Decimal("0.1"), Decimal("0.10000002"), False),
        (Decimal(1), 1.0, True),
        (Decimal(1), True, False),
        (None, None, True),
        (None, "", False),
        ("a", "a", True),
        (True, True, True),
        ([Decimal(1), "a"], [Decimal("1.000000000001"), "a"], True),
        ([Decimal(1)], [Decimal(1), Decimal(2)], False),
        ({"a": Decimal(1)}, {"a": Decimal(1)}, True),
        ({"a": Decimal(1)}, {"a": Decimal(1), "b": None}, False),
        ({"a": None}, {"b": None}, False),
        (dt.date(2020, 1, 1), dt.datetime(2020, 1, 1), False),
        (YearMonthDuration(12), YearMonthDuration(12), True),
        (dt.timedelta(hours=1), dt.timedelta(minutes=60), True),
        (
            dt.datetime(2020, 1, 1, 10, tzinfo=dt.UTC),
            dt.datetime(2020, 1, 1, 11, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            False,
        ),
        (
            dt.datetime(2020, 1, 1, 10, tzinfo=dt.UTC),
            dt.datetime(2020, 1, 1, 10, tzinfo=dt.timezone(dt.timedelta(0))),
            True,
        ),
        (dt.datetime(2020, 1, 1, 10), dt.datetime(2020, 1, 1, 10, tzinfo=dt.UTC), False),
        (dt.time(10, tzinfo=dt.UTC), dt.time(10, tzinfo=dt.UTC), True),
        (dt.time(10), dt.time(10, tzinfo=dt.UTC), False),
    ],
)
def test_tck_equal(expected: Any, actual: Any, equal: bool) -> None:
    assert tck_equal(expected, actual) is equal


def test_read_test_file(tmp_path: Path) -> None:
    path = tmp_path / "0001-x-test-01.xml"
    path.write_text(
        f"""<testCases {NAMESPACES}><modelName>0001-x.dmn</modelName>
        <testCase id="001"><inputNode name="Monthly Income"><value xsi:type="xsd:decimal">10</value></inputNode>
        <resultNode name="Decision A" type="decision" errorResult="true"><expected><value xsi:nil="true"/></expected>
        </resultNode></testCase>
        <testCase><resultNode name="B"><expected><value xsi:type="xsd:date">bad</value></expected></resultNode></testCase>
        </testCases>"""
    )
    test_file = read_test_file(path)
    assert test_file.model_name == "0001-x.dmn" and test_file.stem == "0001-x-test-01"
    first, second = test_file.cases
    assert first.id == "001" and first.inputs == {"Monthly Income": Decimal(10)}
    assert first.results[0].name == "Decision A" and first.results[0].error_result
    assert second.id == "002" and second.results[0].load_error is not None
