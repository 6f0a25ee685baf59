"""The decision requirements graph: dependency order, missing requirements and cycles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from zeebe_lite.dmn.errors import DecisionNotFoundError, DmnProblem
from zeebe_lite.dmn.model import Decision

__all__ = ["drg_problems", "evaluation_order", "find_cycle"]


def evaluation_order(decisions: Mapping[str, Decision], decision_id: str) -> tuple[Decision, ...]:
    """``decision_id`` and its transitive requirements, each once, every decision after the ones it requires.

    Raises :class:`DecisionNotFoundError` for an unknown id (also for a missing requirement).
    """
    if decision_id not in decisions:
        raise DecisionNotFoundError(f"no decision found with id '{decision_id}'", decision_id)
    ordered: dict[str, Decision] = {}
    in_progress: set[str] = set()
    # Iterative post-order DFS: (decision id, index of the next requirement to visit).
    stack: list[tuple[str, int]] = [(decision_id, 0)]
    in_progress.add(decision_id)
    while stack:
        current_id, next_index = stack.pop()
        current = decisions[current_id]
        requirements = current.required_decision_ids
        if next_index < len(requirements):
            stack.append((current_id, next_index + 1))
            required_id = requirements[next_index]
            if required_id in ordered:
                continue
            if required_id not in decisions:
                raise DecisionNotFoundError(
                    f"decision '{current_id}' requires decision '{required_id}', which does not exist",
                    required_id,
                )
            if required_id in in_progress:
                raise DecisionNotFoundError(
                    f"decision '{current_id}' requires decision '{required_id}' in a cycle", required_id
                )
            in_progress.add(required_id)
            stack.append((required_id, 0))
        else:
            in_progress.discard(current_id)
            ordered[current_id] = current
    return tuple(ordered.values())


def find_cycle(dependencies: Mapping[str, Sequence[str]]) -> tuple[str, ...] | None:
    """A cycle in a dependency graph (id -> ids it requires) as ids with the first repeated at the end, or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in dependencies:
        if state.get(start):
            continue
        path: list[str] = []
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            current_id, next_index = stack.pop()
            if next_index == 0:
                state[current_id] = 1
                path.append(current_id)
            requirements = [r for r in dependencies[current_id] if r in dependencies]
            if next_index < len(requirements):
                stack.append((current_id, next_index + 1))
                required_id = requirements[next_index]
                if state.get(required_id) == 1:
                    return (*path[path.index(required_id) :], required_id)
                if not state.get(required_id):
                    stack.append((required_id, 0))
            else:
                state[current_id] = 2
                path.pop()
    return None


def drg_problems(decisions: Mapping[str, Decision]) -> list[DmnProblem]:
    """Requirements on decisions that do not exist, and a dependency cycle if there is one."""
    problems = [
        DmnProblem(decision.id, f"requires decision '{required_id}', which does not exist")
        for decision in decisions.values()
        for required_id in decision.required_decision_ids
        if required_id not in decisions
    ]
    cycle = find_cycle({decision.id: decision.required_decision_ids for decision in decisions.values()})
    if cycle is not None:
        problems.append(DmnProblem(cycle[0], "cyclic dependency between decisions: " + " -> ".join(cycle)))
    return problems
