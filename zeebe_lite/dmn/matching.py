"""Column-wise rule matching: each distinct input entry runs at most once per table evaluation.

Input entries with the same text share one compiled test (FEEL compiles each text once), so a table whose rules
repeat cells (``"manychat"``, ``[0..10)``, ...) tests each distinct cell once per column, and a cell no remaining
rule needs is not tested at all. The outcome equals the rule-by-rule loop's; where a cell fails or yields
something other than true/false/null, :meth:`MatchPlan.match` gives up (returns None) and the caller runs the
exact rule-by-rule loop, which reports the failure exactly as Camunda does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zeebe_lite.dmn.model import Rule, UnaryTestsCell

__all__ = ["MatchPlan"]


@dataclass(frozen=True, slots=True)
class MatchPlan:
    """Per input column: the distinct cells, the rule positions using each, and the rules matching anything."""

    columns: tuple[tuple[UnaryTestsCell, ...], ...]
    rules_by_cell: tuple[tuple[frozenset[int], ...], ...]
    matching_anything: tuple[frozenset[int], ...]
    rule_count: int

    @classmethod
    def build(cls, rules: Sequence[Rule], column_count: int) -> MatchPlan:
        """Group the rules' input entries by column and compiled test."""
        columns: list[tuple[UnaryTestsCell, ...]] = []
        rules_by_cell: list[tuple[frozenset[int], ...]] = []
        matching_anything: list[frozenset[int]] = []
        for column in range(column_count):
            cells: dict[int, UnaryTestsCell] = {}
            users: dict[int, set[int]] = {}
            anything: set[int] = set()
            for position, rule in enumerate(rules):
                entry = rule.input_entries[column] if column < len(rule.input_entries) else None
                if entry is None or entry.matches_all:
                    anything.add(position)
                    continue
                key = id(entry.compiled) if entry.compiled is not None else id(entry)
                cells.setdefault(key, entry)
                users.setdefault(key, set()).add(position)
            columns.append(tuple(cells.values()))
            rules_by_cell.append(tuple(frozenset(users[key]) for key in cells))
            matching_anything.append(frozenset(anything))
        return cls(tuple(columns), tuple(rules_by_cell), tuple(matching_anything), len(rules))

    def match(self, input_values: Sequence[Any], context: Mapping[str, Any]) -> list[int] | None:
        """Positions of the matched rules in rule order; None when a cell misbehaved (use the exact loop)."""
        candidates: frozenset[int] | None = None
        for cells, users, anything, value in zip(
            self.columns, self.rules_by_cell, self.matching_anything, input_values, strict=False
        ):
            matched = set(anything)
            for cell, rules in zip(cells, users, strict=True):
                if candidates is not None and candidates.isdisjoint(rules):
                    continue
                compiled = cell.compiled
                if compiled is None:
                    return None
                try:
                    outcome = compiled.evaluate(value, context)
                except Exception:
                    return None
                if outcome is True:
                    matched |= rules
                elif outcome is not False and outcome is not None:
                    return None
            candidates = frozenset(matched) if candidates is None else candidates & matched
            if not candidates:
                return []
        if candidates is None:
            return list(range(self.rule_count))
        return sorted(candidates)
