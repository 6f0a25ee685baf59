"""Built-in functions: range."""

from __future__ import annotations

from ._base import Builtin

__all__ = ["FUNCTIONS"]

FUNCTIONS: tuple[Builtin, ...] = ()
