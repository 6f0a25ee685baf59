"""Backtick-quoting of model names with spaces or dashes inside FEEL text, as dmn-scala's parser does.

Camunda's FEEL resolves a variable name with spaces (``Monthly Income``) or dashes only when it is quoted in
backticks. dmn-scala (with ``escapeNamesWithSpaces``/``escapeNamesWithDashes``, as Camunda's TCK runner and
Zeebe's engine use it) therefore quotes every such name of the model's variables and item definitions where it
stands on its own: after the start, whitespace, ``(``, ``,`` or ``.``, and before the end, whitespace, ``(``,
``)``, ``,`` or ``.``. Longer names are quoted first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["NameQuoter"]


@dataclass(frozen=True, slots=True)
class NameQuoter:
    """Quotes a fixed set of names in FEEL text."""

    names: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]

    @classmethod
    def for_names(cls, names: Iterable[str]) -> NameQuoter:
        """A quoter for the names that contain a space or a dash (longest first)."""
        selected = sorted(
            {name for name in names if name and (" " in name or "-" in name)}, key=len, reverse=True
        )
        patterns = tuple(
            re.compile(r"([(,.]|\s|^)(" + re.escape(name) + r")(?=[(),.]|\s|$)") for name in selected
        )
        return cls(tuple(selected), patterns)

    def quote(self, text: str) -> str:
        """``text`` with every standalone occurrence of a known name wrapped in backticks."""
        for name, pattern in zip(self.names, self.patterns, strict=True):
            if name in text:
                text = pattern.sub(r"\1`\2`", text)
        return text
