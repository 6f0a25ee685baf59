"""Reject straight-through processing loops: cycles of elements that never wait (Zeebe rejects them).

A loop is rejected when every element on it completes without waiting (undefined and manual tasks,
gateways, none events, engine-evaluated scripts and decisions, subprocess entry/exit, calls into a process
of the same resource) and at least one of them is a task-like element, so a loop of gateways alone passes.
"""

from __future__ import annotations

from collections.abc import Iterator

from zeebe_lite.model.bpmn import (
    BpmnDefinitions,
    BusinessRuleTask,
    CallActivity,
    CalledDecision,
    EndEvent,
    ExclusiveGateway,
    FlowNode,
    InclusiveGateway,
    IntermediateThrowEvent,
    ManualTask,
    ParallelGateway,
    Process,
    ScriptDefinition,
    ScriptTask,
    StartEvent,
    SubProcess,
    UndefinedTask,
)
from zeebe_lite.parser._problems import process_problem
from zeebe_lite.parser.errors import Problem

__all__ = ["check_straight_through_loops"]

_Key = tuple[str, str]  # (process id, element id)

_LOOP_MAKERS = (ManualTask, UndefinedTask, CallActivity, IntermediateThrowEvent, ScriptTask, BusinessRuleTask)


def _is_straight_through(node: FlowNode) -> bool:
    if isinstance(node, ScriptTask):
        return isinstance(node.implementation, ScriptDefinition)
    if isinstance(node, BusinessRuleTask):
        return isinstance(node.implementation, CalledDecision)
    return isinstance(
        node,
        ManualTask
        | UndefinedTask
        | ExclusiveGateway
        | InclusiveGateway
        | ParallelGateway
        | StartEvent
        | EndEvent
        | SubProcess
        | CallActivity
        | IntermediateThrowEvent,
    )


def _flow_targets(process: Process, node: FlowNode) -> list[str]:
    return [process.flow(flow_id).target_id for flow_id in node.outgoing if process.find_flow(flow_id)]


def _successors(processes: dict[str, Process], key: _Key) -> list[_Key]:
    process = processes[key[0]]
    node = process.element(key[1])
    if isinstance(node, SubProcess):
        start = process.none_start_event(node.id)
        return [] if start is None else [(process.id, start.id)]
    if isinstance(node, CallActivity):
        called_id = node.called_element.process_id
        called = processes.get(called_id.raw) if called_id.is_static else None
        start = None if called is None else called.none_start_event()
        return [] if called is None or start is None else [(called.id, start.id)]
    targets = _flow_targets(process, node)
    if not node.outgoing:
        parent = process.find_element(node.parent_id)
        targets = [] if parent is None else _flow_targets(process, parent)
    return [(process.id, target) for target in targets if process.find_element(target) is not None]


def _strongly_connected(nodes: list[_Key], edges: dict[_Key, list[_Key]]) -> list[list[_Key]]:
    """Tarjan's algorithm, iterative so long chains cannot exhaust the Python stack."""
    index: dict[_Key, int] = {}
    low: dict[_Key, int] = {}
    on_stack: set[_Key] = set()
    stack: list[_Key] = []
    components: list[list[_Key]] = []
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[_Key, int]] = [(root, 0)]
        while work:
            current, position = work.pop()
            if position == 0:
                index[current] = low[current] = len(index)
                stack.append(current)
                on_stack.add(current)
            successors = edges.get(current, [])
            if position < len(successors):
                work.append((current, position + 1))
                following = successors[position]
                if following not in index:
                    work.append((following, 0))
                elif following in on_stack:
                    low[current] = min(low[current], index[following])
                continue
            if low[current] == index[current]:
                component: list[_Key] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == current:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[current])
    return components


def _cycle_through(start: _Key, members: set[_Key], edges: dict[_Key, list[_Key]]) -> list[_Key]:
    """A shortest cycle from ``start`` back to itself inside one component."""
    previous: dict[_Key, _Key] = {}
    frontier = [start]
    while frontier:
        following: list[_Key] = []
        for current in frontier:
            for successor in edges.get(current, []):
                if successor == start:
                    path = [current]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start] if current != start else [start, start]
                if successor in members and successor not in previous:
                    previous[successor] = current
                    following.append(successor)
        frontier = following
    return [start]


def check_straight_through_loops(definitions: BpmnDefinitions) -> Iterator[Problem]:
    """One problem per process whose straight-through elements form a loop."""
    processes = {process.id: process for process in definitions.executable_processes()}
    nodes = sorted(
        (process.id, node.id)
        for process in processes.values()
        for node in process.flow_nodes
        if _is_straight_through(node)
    )
    straight = set(nodes)
    edges = {key: [s for s in _successors(processes, key) if s in straight] for key in nodes}
    reported: set[str] = set()
    for component in _strongly_connected(nodes, edges):
        members = set(component)
        makers = sorted(
            key for key in component if isinstance(processes[key[0]].element(key[1]), _LOOP_MAKERS)
        )
        looping = len(component) > 1 or component[0] in edges.get(component[0], [])
        if not looping or not makers or makers[0][0] in reported:
            continue
        cycle = _cycle_through(makers[0], members, edges)
        process = processes[makers[0][0]]
        reported.add(process.id)
        chain = " > ".join(element for _, element in cycle)
        yield process_problem(
            process, f"processes must not contain a straight-through processing loop (nothing waits): {chain}"
        )
