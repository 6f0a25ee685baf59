"""The command processor contract."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import Intent, Record, ValueType

__all__ = ["CommandProcessor", "ProcessorTable"]

CommandProcessor = Callable[[Record[Any], ProcessingContext], None]
"""Processes one command: reads state, writes events (applied at once), follow-up commands and a response."""

ProcessorTable = dict[tuple[ValueType, Intent], CommandProcessor]
"""Command processors by (value type, command intent)."""
