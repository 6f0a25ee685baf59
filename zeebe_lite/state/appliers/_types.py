"""The applier contract."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zeebe_lite.records import Intent, Record, ValueType
from zeebe_lite.state.memory import EngineState

__all__ = ["Applier", "ApplierTable"]

Applier = Callable[[EngineState, Record[Any]], None]
"""Applies one event to the state; the only code allowed to mutate state."""

ApplierTable = dict[tuple[ValueType, Intent], Applier]
"""Appliers by (value type, event intent)."""
