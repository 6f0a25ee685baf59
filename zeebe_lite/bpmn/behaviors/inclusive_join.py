"""Inclusive gateway joins: activate once no other token of the scope can still reach the gateway."""

from __future__ import annotations

from zeebe_lite.model.bpmn import Activity, Process
from zeebe_lite.processing.context import ProcessingContext

__all__ = ["ready_inclusive_joins"]


def _reaches(process: Process, start_id: str, target_id: str) -> bool:
    """True when ``target_id`` can be reached from ``start_id`` along sequence flows (and boundary events)."""
    pending = [start_id]
    seen = {start_id}
    while pending:
        current = pending.pop()
        node = process.find_element(current)
        if node is None:
            continue
        following = [flow.target_id for flow in process.outgoing_flows(current)]
        if isinstance(node, Activity):
            following.extend(node.boundary_event_ids)
        for next_id in following:
            if next_id == target_id:
                return True
            if next_id not in seen:
                seen.add(next_id)
                pending.append(next_id)
    return False


def ready_inclusive_joins(
    pctx: ProcessingContext, scope_key: int, process: Process, joins: tuple[str, ...]
) -> list[str]:
    """The inclusive joins of the scope that hold a token and can no longer receive another one."""
    instances = pctx.state.element_instances
    ready: list[str] = []
    for join_id in joins:
        incoming = process.incoming_flows(join_id)
        waiting = [flow for flow in incoming if instances.taken_flow_count(scope_key, flow.id) > 0]
        if not waiting:
            continue
        incoming_ids = {flow.id for flow in incoming}
        blockers = [child.value.element_id for child in instances.children(scope_key)]
        for flow_id in instances.pending_flow_ids(scope_key):
            if flow_id not in incoming_ids:
                blockers.append(process.flow(flow_id).target_id)
        if not any(blocker != join_id and _reaches(process, blocker, join_id) for blocker in blockers):
            ready.append(join_id)
    return ready
