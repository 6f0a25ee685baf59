"""PROCESS_INSTANCE_MODIFICATION MODIFY: activate elements and terminate element instances of a live instance.

All instructions are validated before anything is written (all or nothing). Activations come first: missing
flow scopes are created in place and each element gets an ACTIVATE_ELEMENT command; then the terminations.
A flow scope left without active element instances by the terminations (and not entered by an activation)
is terminated too, up to the process instance, which then ends as TERMINATED (Zeebe's behaviour).
"""

from __future__ import annotations

from typing import Any

from zeebe_lite.bpmn.behaviors.activation import activate_below, live_instances_of, scope_chain
from zeebe_lite.bpmn.behaviors.variables import set_local
from zeebe_lite.model.bpmn import BoundaryEvent, EventBasedGateway, Process, StartEvent
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import (
    NO_KEY,
    ModificationActivateInstruction,
    ProcessInstanceIntent,
    ProcessInstanceModificationIntent,
    ProcessInstanceModificationRecord,
    Record,
    RejectionType,
    ValueType,
)
from zeebe_lite.state.element_instance import ElementState

__all__ = ["modify_process_instance"]

_PI = ValueType.PROCESS_INSTANCE


def modify_process_instance(command: Record[Any], pctx: ProcessingContext) -> None:
    """Validate every instruction, then activate, terminate and report MODIFIED."""
    value: ProcessInstanceModificationRecord = command.value
    writers = pctx.writers
    instances = pctx.state.element_instances
    root = instances.get(command.key)
    if root is None or root.value.flow_scope_key != NO_KEY or root.state is not ElementState.ACTIVATED:
        writers.reject(
            command,
            RejectionType.NOT_FOUND,
            f"Expected to modify process instance but no process instance found with key '{command.key}'",
        )
        return
    deployed = pctx.state.deployments.process(root.value.process_definition_key)
    assert deployed is not None
    process = deployed.process
    problem = _invalid_activations(pctx, process, command.key, value) or _invalid_terminations(
        pctx, command.key, value
    )
    if problem is not None:
        writers.reject(
            command,
            RejectionType.INVALID_ARGUMENT,
            f"Expected to modify instance of process '{root.value.bpmn_process_id}' but it contains one or more "
            + problem,
        )
        return
    entered: set[int] = set()
    activated: list[int] = []
    for instruction in value.activate_instructions:
        ancestor = instruction.ancestor_scope_key
        element = process.element(instruction.element_id)
        variables = _variables_by_scope(instruction)
        ancestor_key = command.key if ancestor in (NO_KEY, 0) else ancestor
        for scope_id in ("", process.id):
            if scope_id in variables:
                _set_local_on(pctx, command.key, variables.pop(scope_id))
        ancestor_instance = pctx.state.element_instances.get(ancestor_key)
        assert ancestor_instance is not None
        if ancestor_instance.value.element_id in variables:
            _set_local_on(pctx, ancestor_key, variables.pop(ancestor_instance.value.element_id))
        key = activate_below(
            pctx, process, element, ancestor_key, reuse_scopes=ancestor in (NO_KEY, 0), variables=variables
        )
        activated.append(key)
        entered.update(_entered_scopes(pctx))
    event = writers.event(
        command.key,
        ValueType.PROCESS_INSTANCE_MODIFICATION,
        ProcessInstanceModificationIntent.MODIFIED,
        _with_activated(value, activated, root.value.tenant_id),
    )
    for key in _termination_roots(
        pctx, [t.element_instance_key for t in value.terminate_instructions], entered
    ):
        instance = instances.get(key)
        if instance is not None and instance.state is not ElementState.TERMINATING:
            writers.command(key, _PI, ProcessInstanceIntent.TERMINATE_ELEMENT, instance.value)
    writers.respond(event)


def _with_activated(
    value: ProcessInstanceModificationRecord, activated: list[int], tenant_id: str
) -> ProcessInstanceModificationRecord:
    return ProcessInstanceModificationRecord(
        process_instance_key=value.process_instance_key,
        activate_instructions=value.activate_instructions,
        terminate_instructions=value.terminate_instructions,
        activated_element_instance_keys=tuple(activated),
        tenant_id=tenant_id,
    )


def _variables_by_scope(instruction: ModificationActivateInstruction) -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for variable_instruction in instruction.variable_instructions:
        merged.setdefault(variable_instruction.element_id, {}).update(variable_instruction.variables)
    return merged


def _set_local_on(pctx: ProcessingContext, scope_key: int, variables: dict[str, Any]) -> None:
    scope = pctx.state.element_instances.get(scope_key)
    assert scope is not None
    set_local(pctx, scope_key, variables, scope.value)


def _entered_scopes(pctx: ProcessingContext) -> set[int]:
    """The live flow scope instances the activation just queued sits in (they must not be terminated)."""
    keys: set[int] = set()
    scope_key = pctx.writers.pending_commands[-1].value.flow_scope_key
    instances = pctx.state.element_instances
    while scope_key != NO_KEY:
        keys.add(scope_key)
        scope = instances.get(scope_key)
        if scope is None:
            break
        scope_key = scope.value.flow_scope_key
    return keys


def _invalid_activations(
    pctx: ProcessingContext,
    process: Process,
    process_instance_key: int,
    value: ProcessInstanceModificationRecord,
) -> str | None:
    instances = pctx.state.element_instances
    for instruction in value.activate_instructions:
        element_id = instruction.element_id
        element = process.find_element(element_id)
        if element is None:
            return f"activate instructions with an element that could not be found: '{element_id}'"
        if isinstance(element, StartEvent | BoundaryEvent):
            return (
                f"activate instructions for elements that are unsupported: '{element_id}'. The activation of "
                f"elements with type '{element.element_type}' is not supported."
            )
        if any(
            isinstance(process.find_element(flow.source_id), EventBasedGateway)
            for flow in process.incoming_flows(element_id)
        ):
            return (
                f"activate instructions for elements that are unsupported: '{element_id}'. The activation of "
                "events belonging to an event-based gateway is not supported."
            )
        ancestor_key = instruction.ancestor_scope_key
        if ancestor_key in (NO_KEY, 0):
            ancestor_element_id = process.id
            chain = scope_chain(process, element, process.id)
            assert chain is not None
            scope_key: int | None = process_instance_key
            for scope in chain:
                if scope_key is None:
                    break
                live = live_instances_of(pctx, scope_key, scope.id)
                if len(live) > 1:
                    return (
                        "activate instructions for an element that has a flow scope with more than one active "
                        f"instance: '{scope.id}'. Can't decide in which instance of the flow scope the "
                        "element should be activated. Please specify an ancestor element instance key."
                    )
                scope_key = live[0] if live else None
        else:
            ancestor = instances.get(ancestor_key)
            if (
                ancestor is None
                or ancestor.value.process_instance_key != process_instance_key
                or ancestor.state is not ElementState.ACTIVATED
            ):
                return (
                    "activate instructions with an ancestor scope key that does not exist, or is not in an "
                    f"active state: '{ancestor_key}'"
                )
            ancestor_element_id = ancestor.value.element_id
            chain = scope_chain(process, element, ancestor_element_id)
            if chain is None:
                return (
                    "activate instructions with an ancestor scope key that is not an ancestor of the element "
                    f"to activate: '{ancestor_key}'"
                )
        if any(getattr(scope, "multi_instance", None) is not None for scope in chain):
            return (
                f"activate instructions for elements that are unsupported: '{element_id}'. The activation of "
                "elements inside a multi-instance body is not supported; select an inner instance as ancestor."
            )
        allowed = {"", process.id, element_id, ancestor_element_id, *(scope.id for scope in chain)}
        for variable_instruction in instruction.variable_instructions:
            scope_id = variable_instruction.element_id
            if process.find_element(scope_id) is None and scope_id not in ("", process.id):
                return f"variable instructions with a scope element id that could not be found: '{scope_id}'"
            if scope_id not in allowed:
                return (
                    "variable instructions with a scope element that is not a flow scope of the element to "
                    f"activate: '{scope_id}'"
                )
    return None


def _invalid_terminations(
    pctx: ProcessingContext, process_instance_key: int, value: ProcessInstanceModificationRecord
) -> str | None:
    instances = pctx.state.element_instances
    for instruction in value.terminate_instructions:
        key = instruction.element_instance_key
        instance = instances.get(key)
        if (
            instance is None
            or instance.value.process_instance_key != process_instance_key
            or instance.value.flow_scope_key == NO_KEY
        ):
            return f"terminate instructions with an element instance that could not be found: '{key}'"
    return None


def _termination_roots(pctx: ProcessingContext, keys: list[int], entered: set[int]) -> list[int]:
    """The element instances to terminate: the instructed ones, lifted to every flow scope they would leave
    empty (unless an activation enters it), keeping only the outermost of nested ones."""
    instances = pctx.state.element_instances
    doomed = set(keys)
    changed = True
    while changed:
        changed = False
        for key in list(doomed):
            instance = instances.get(key)
            if instance is None:
                continue
            scope_key = instance.value.flow_scope_key
            if scope_key == NO_KEY or scope_key in doomed or scope_key in entered:
                continue
            if instances.pending_flows(scope_key) == 0 and all(
                child.key in doomed for child in instances.children(scope_key)
            ):
                doomed.add(scope_key)
                changed = True
    roots: list[int] = []
    for key in dict.fromkeys([*keys, *sorted(doomed)]):
        instance = instances.get(key)
        if instance is None or _has_doomed_ancestor(pctx, instance.value.flow_scope_key, doomed):
            continue
        roots.append(key)
    return roots


def _has_doomed_ancestor(pctx: ProcessingContext, scope_key: int, doomed: set[int]) -> bool:
    instances = pctx.state.element_instances
    while scope_key != NO_KEY:
        if scope_key in doomed:
            return True
        scope = instances.get(scope_key)
        if scope is None:
            return False
        scope_key = scope.value.flow_scope_key
    return False
