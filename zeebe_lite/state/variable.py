"""Variables per scope (element instance), with parent links for lookup and propagation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from zeebe_lite.records import NO_KEY

__all__ = ["VariableEntry", "VariableState"]


@dataclass(frozen=True, slots=True)
class VariableEntry:
    """A variable found in some scope."""

    key: int
    scope_key: int
    name: str
    value: Any


class VariableState:
    """Mutable store of variables; written only by event appliers.

    Values are JSON values as Python objects. A scope's parent is the flow scope of its element instance.
    """

    def __init__(self) -> None:
        """Create an empty store."""
        self._scopes: dict[int, dict[str, tuple[int, Any]]] = {}
        self._parents: dict[int, int] = {}

    # ------------------------------------------------------------------------------------------ reads

    def local(self, scope_key: int, name: str) -> VariableEntry | None:
        """The variable ``name`` defined in exactly this scope."""
        found = self._scopes.get(scope_key, {}).get(name)
        return None if found is None else VariableEntry(found[0], scope_key, name, found[1])

    def find(self, scope_key: int, name: str) -> VariableEntry | None:
        """The variable ``name`` visible from the scope (the innermost definition wins)."""
        scopes = self._scopes
        parents = self._parents
        current = scope_key
        while current != NO_KEY:
            variables = scopes.get(current)
            if variables is not None:
                found = variables.get(name)
                if found is not None:
                    return VariableEntry(found[0], current, name, found[1])
            current = parents.get(current, NO_KEY)
        return None

    def parent(self, scope_key: int) -> int:
        """The parent scope, NO_KEY for a root scope."""
        return self._parents.get(scope_key, NO_KEY)

    def local_variables(self, scope_key: int) -> dict[str, Any]:
        """The variables defined in exactly this scope."""
        return {name: entry[1] for name, entry in self._scopes.get(scope_key, {}).items()}

    def visible_variables(self, scope_key: int, names: Iterable[str] | None = None) -> dict[str, Any]:
        """The variables visible from the scope (inner definitions hide outer ones).

        With ``names``, only those names are looked up (missing names are left out).
        """
        if names is not None:
            result: dict[str, Any] = {}
            for name in names:
                entry = self.find(scope_key, name)
                if entry is not None:
                    result[name] = entry.value
            return result
        chain: list[int] = []
        current = scope_key
        while current != NO_KEY:
            chain.append(current)
            current = self._parents.get(current, NO_KEY)
        collected: dict[str, Any] = {}
        for scope in reversed(chain):
            for name, stored in self._scopes.get(scope, {}).items():
                collected[name] = stored[1]
        return collected

    def scope_count(self) -> int:
        """How many scopes hold variables (for tests and metrics)."""
        return len(self._scopes)

    def snapshot(self) -> dict[str, Any]:
        """Everything stored, as plain comparable data (for replay checks)."""
        return {
            "scopes": {key: dict(names) for key, names in self._scopes.items()},
            "parents": dict(self._parents),
        }

    # ------------------------------------------------------------------------------------------ writes

    def set_parent(self, scope_key: int, parent_key: int) -> None:
        """Link a scope to its parent scope."""
        if parent_key != NO_KEY:
            self._parents[scope_key] = parent_key

    def put(self, scope_key: int, name: str, key: int, value: Any) -> None:
        """Create or update a variable."""
        self._scopes.setdefault(scope_key, {})[name] = (key, value)

    def remove_scope(self, scope_key: int) -> None:
        """Drop the scope's variables and its parent link."""
        self._scopes.pop(scope_key, None)
        self._parents.pop(scope_key, None)
