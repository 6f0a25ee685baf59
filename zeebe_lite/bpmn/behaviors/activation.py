"""Element activation behaviour: activate any element of a process below a live ancestor scope instance.

Used by start instructions (CreateProcessInstance) and ModifyProcessInstance. Flow scopes between the
ancestor and the element that have no live instance are created in place (ELEMENT_ACTIVATING and
ELEMENT_ACTIVATED, their event subscriptions opened, their start events not activated), as Zeebe does; the
element itself is activated through an ACTIVATE_ELEMENT command.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zeebe_lite.bpmn.behaviors.incidents import create_incident
from zeebe_lite.bpmn.behaviors.subscriptions import open_subscriptions
from zeebe_lite.bpmn.behaviors.transitions import child_value
from zeebe_lite.bpmn.behaviors.variables import set_local
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.model.bpmn import FlowNode, Process
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import ProcessInstanceIntent, ProcessInstanceRecord, ValueType
from zeebe_lite.state.element_instance import ElementState

__all__ = ["activate_below", "live_instances_of", "scope_chain"]

_PI = ValueType.PROCESS_INSTANCE


def scope_chain(process: Process, element: FlowNode, ancestor_element_id: str) -> list[FlowNode] | None:
    """The flow scope elements strictly between ``ancestor_element_id`` and ``element``, outermost first.

    None when ``ancestor_element_id`` is not a flow scope of the element (the process id always is).
    """
    chain: list[FlowNode] = []
    for scope_id in process.ancestor_scope_ids(element.id):
        if scope_id == ancestor_element_id:
            chain.reverse()
            return chain
        if scope_id == process.id:
            return None
        chain.append(process.element(scope_id))
    return None


def live_instances_of(pctx: ProcessingContext, scope_key: int, element_id: str) -> list[int]:
    """Keys of the active instances of ``element_id`` directly inside the element instance ``scope_key``."""
    return [
        child.key
        for child in pctx.state.element_instances.children(scope_key)
        if child.value.element_id == element_id and child.state is ElementState.ACTIVATED
    ]


def activate_below(
    pctx: ProcessingContext,
    process: Process,
    element: FlowNode,
    ancestor_key: int,
    *,
    reuse_scopes: bool,
    variables: Mapping[str, dict[str, Any]] | None = None,
) -> int:
    """Activate ``element`` below the live element instance ``ancestor_key``; returns the new instance's key.

    With ``reuse_scopes`` a flow scope that has exactly one active instance is entered instead of creating
    another one. ``variables`` maps a scope element id (one of the created or entered flow scopes, or the
    element itself) to variables set locally on that scope's instance.
    """
    instances = pctx.state.element_instances
    ancestor = instances.get(ancestor_key)
    assert ancestor is not None, "the caller validates the ancestor"
    wanted = variables or {}
    chain = scope_chain(process, element, ancestor.value.element_id)
    assert chain is not None, "the caller validates the ancestor"
    template: ProcessInstanceRecord = ancestor.value
    scope_key = ancestor_key
    for scope in chain:
        existing = live_instances_of(pctx, scope_key, scope.id) if reuse_scopes else []
        if len(existing) == 1:
            scope_key = existing[0]
        else:
            scope_key = _create_scope(pctx, process, template, scope, scope_key)
        if scope.id in wanted:
            scope_instance = instances.get(scope_key)
            assert scope_instance is not None
            set_local(pctx, scope_key, wanted[scope.id], scope_instance.value)
    key = pctx.writers.keys.next_key()
    value = child_value(template, element, scope_key)
    if element.id in wanted:
        set_local(pctx, key, wanted[element.id], value)
    pctx.writers.command(key, _PI, ProcessInstanceIntent.ACTIVATE_ELEMENT, value)
    return key


def _create_scope(
    pctx: ProcessingContext,
    process: Process,
    template: ProcessInstanceRecord,
    scope: FlowNode,
    parent_key: int,
) -> int:
    """A new active instance of a flow scope, without activating its start event."""
    writers = pctx.writers
    key = writers.keys.next_key()
    value = child_value(template, scope, parent_key)
    writers.event(key, _PI, ProcessInstanceIntent.ELEMENT_ACTIVATING, value)
    ectx = ElementContext(key, value, scope, process)
    failure = open_subscriptions(pctx, ectx)
    if failure is not None:
        create_incident(pctx, ectx, failure)
        return key
    writers.event(key, _PI, ProcessInstanceIntent.ELEMENT_ACTIVATED, value)
    return key
