"""No argument of any type makes a non-temporal built-in raise anything but an evaluation failure."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from zeebe_lite.feel.builtins import boolean, context, conversion, list, misc, numeric, string
from zeebe_lite.feel.builtins._base import Builtin
from zeebe_lite.feel.errors import FeelEvaluationError
from zeebe_lite.feel.values import FeelFunction, Range, YearMonthDuration

SAMPLES: tuple[Any, ...] = (
    None,
    True,
    False,
    Decimal(0),
    Decimal("-2.5"),
    Decimal("1E+400"),
    Decimal("1E-400"),
    7,
    "",
    "a,b",
    "(",
    "$1",
    [],
    [Decimal(1), Decimal(2)],
    [None, "x"],
    [[Decimal(1)], [Decimal(2)]],
    [{"key": "a", "value": 1}],
    {},
    {"a": Decimal(1), "b": {"c": None}},
    dt.date(2020, 2, 29),
    dt.datetime(2020, 1, 1, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")),
    dt.time(12, 0),
    dt.timedelta(hours=-5),
    YearMonthDuration(-14),
    Range(Decimal(1), Decimal(5)),
    FeelFunction(params=("a", "b"), invoke=lambda args: True),
    FeelFunction(params=("a",), invoke=lambda args: Decimal(1)),
)

SIGNATURES: list[Builtin] = [
    builtin
    for module in (boolean, context, conversion, list, misc, numeric, string)
    for builtin in module.FUNCTIONS
]


def _arguments(builtin: Builtin, generator: random.Random) -> tuple[Any, ...]:
    count = len(builtin.params)
    args = tuple(generator.choice(SAMPLES) for _ in range(count))
    if builtin.variadic:
        tail = [generator.choice(SAMPLES) for _ in range(generator.randint(0, 3))]
        args = (*args[:-1], tail)
    return args


@pytest.mark.parametrize("builtin", SIGNATURES, ids=lambda b: f"{b.name}/{len(b.params)}")
def test_wrong_arguments_fail_only_as_evaluation_failures(builtin: Builtin) -> None:
    generator = random.Random(f"{builtin.name}/{builtin.params}")
    for _ in range(150):
        args = _arguments(builtin, generator)
        try:
            builtin.impl(*args)
        except FeelEvaluationError:
            pass
        except Exception as error:  # pragma: no cover - reported as the failure
            pytest.fail(f"{builtin.name}{args!r} raised {type(error).__name__}: {error}")
