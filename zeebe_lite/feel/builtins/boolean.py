"""Built-in functions: boolean."""

from __future__ import annotations

from ._base import Builtin

__all__ = ["FUNCTIONS"]

FUNCTIONS: tuple[Builtin, ...] = ()
