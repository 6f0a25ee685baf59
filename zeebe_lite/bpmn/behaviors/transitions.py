"""State transition behaviour: lifecycle events, sequence flows and what happens when an element is left."""

from __future__ import annotations

from zeebe_lite.bpmn.behaviors.drain import remove_drained_definition
from zeebe_lite.bpmn.behaviors.inclusive_join import ready_inclusive_joins
from zeebe_lite.bpmn.behaviors.message_start import start_next_buffered
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.model.bpmn import (
    AdHocSubProcess,
    BoundaryEvent,
    BpmnElementType,
    EventSubProcess,
    FlowNode,
    InclusiveGateway,
    ParallelGateway,
    Process,
    SequenceFlow,
    StartEvent,
)
from zeebe_lite.processing.context import InstanceResult, ProcessingContext
from zeebe_lite.records import NO_KEY, ProcessInstanceIntent, ProcessInstanceRecord, ValueType
from zeebe_lite.state.element_instance import ElementState

__all__ = [
    "activate_child",
    "after_completed",
    "after_terminated",
    "child_value",
    "complete_ad_hoc_if_condition_met",
    "complete_scope_if_done",
    "element_context",
    "finish_termination",
    "interrupting_event_sub_process",
    "take_flows",
    "to_activated",
    "to_completed",
    "to_completing",
    "to_terminated",
    "to_terminating",
]

_PI = ValueType.PROCESS_INSTANCE


def element_context(pctx: ProcessingContext, key: int) -> ElementContext | None:
    """The context of a live element instance."""
    instance = pctx.state.element_instances.get(key)
    if instance is None:
        return None
    deployed = pctx.state.deployments.process(instance.value.process_definition_key)
    if deployed is None:
        return None
    process = deployed.process
    element_id = instance.value.element_id
    element: FlowNode | Process = (
        process if instance.value.flow_scope_key == NO_KEY else process.element(element_id)
    )
    return ElementContext(key, instance.value, element, process)


def child_value(
    template: ProcessInstanceRecord, element: FlowNode, flow_scope_key: int, *, inner: bool = False
) -> ProcessInstanceRecord:
    """The record value of a new child element instance.

    A multi-instance activity is first entered as its MULTI_INSTANCE_BODY; ``inner`` builds the instances
    the body creates.
    """
    element_type = element.element_type
    if not inner and getattr(element, "multi_instance", None) is not None:
        element_type = BpmnElementType.MULTI_INSTANCE_BODY
    return ProcessInstanceRecord(
        bpmn_process_id=template.bpmn_process_id,
        version=template.version,
        process_definition_key=template.process_definition_key,
        process_instance_key=template.process_instance_key,
        element_id=element.id,
        flow_scope_key=flow_scope_key,
        bpmn_element_type=element_type,
        bpmn_event_type=element.event_type,
        parent_process_instance_key=template.parent_process_instance_key,
        parent_element_instance_key=template.parent_element_instance_key,
        tenant_id=template.tenant_id,
    )


def to_activated(pctx: ProcessingContext, ectx: ElementContext) -> None:
    """ELEMENT_ACTIVATED."""
    pctx.writers.event(ectx.key, _PI, ProcessInstanceIntent.ELEMENT_ACTIVATED, ectx.value)


def to_completing(pctx: ProcessingContext, ectx: ElementContext) -> None:
    """ELEMENT_COMPLETING."""
    pctx.writers.event(ectx.key, _PI, ProcessInstanceIntent.ELEMENT_COMPLETING, ectx.value)


def to_completed(pctx: ProcessingContext, ectx: ElementContext) -> None:
    """ELEMENT_COMPLETED (the root also reports its result to a waiting client)."""
    if ectx.flow_scope_key == NO_KEY and ectx.key in pctx.awaited_results:
        variables = pctx.state.variables.local_variables(ectx.key)
        pctx.instance_results.append(InstanceResult(ectx.key, variables, completed=True))
    lock = pctx.state.messages.correlation_of(ectx.key) if ectx.flow_scope_key == NO_KEY else None
    pctx.writers.event(ectx.key, _PI, ProcessInstanceIntent.ELEMENT_COMPLETED, ectx.value)
    if lock is not None:
        start_next_buffered(pctx, *lock)
    if ectx.flow_scope_key == NO_KEY:
        remove_drained_definition(pctx, ectx.value.process_definition_key)


def to_terminating(pctx: ProcessingContext, ectx: ElementContext) -> None:
    """ELEMENT_TERMINATING."""
    pctx.writers.event(ectx.key, _PI, ProcessInstanceIntent.ELEMENT_TERMINATING, ectx.value)


def to_terminated(pctx: ProcessingContext, ectx: ElementContext) -> None:
    """ELEMENT_TERMINATED (the root also tells a waiting client)."""
    if ectx.flow_scope_key == NO_KEY and ectx.key in pctx.awaited_results:
        pctx.instance_results.append(InstanceResult(ectx.key, {}, completed=False))
    lock = pctx.state.messages.correlation_of(ectx.key) if ectx.flow_scope_key == NO_KEY else None
    pctx.writers.event(ectx.key, _PI, ProcessInstanceIntent.ELEMENT_TERMINATED, ectx.value)
    if lock is not None:
        start_next_buffered(pctx, *lock)
    if ectx.flow_scope_key == NO_KEY:
        remove_drained_definition(pctx, ectx.value.process_definition_key)


def activate_child(
    pctx: ProcessingContext, template: ProcessInstanceRecord, element: FlowNode, scope_key: int
) -> int:
    """Queue ACTIVATE_ELEMENT for a new instance of ``element`` in the scope; returns its key."""
    key = pctx.writers.keys.next_key()
    pctx.writers.command(
        key, _PI, ProcessInstanceIntent.ACTIVATE_ELEMENT, child_value(template, element, scope_key)
    )
    return key


def take_flows(pctx: ProcessingContext, ectx: ElementContext, flows: tuple[SequenceFlow, ...]) -> None:
    """Take each flow (SEQUENCE_FLOW_TAKEN) and activate its target (a parallel join waits for all inputs)."""
    process = ectx.process
    writers = pctx.writers
    scope_key = ectx.flow_scope_key
    instances = pctx.state.element_instances
    for flow in flows:
        flow_value = ProcessInstanceRecord(
            bpmn_process_id=ectx.value.bpmn_process_id,
            version=ectx.value.version,
            process_definition_key=ectx.value.process_definition_key,
            process_instance_key=ectx.value.process_instance_key,
            element_id=flow.id,
            flow_scope_key=scope_key,
            bpmn_element_type=flow.element_type,
            parent_process_instance_key=ectx.value.parent_process_instance_key,
            parent_element_instance_key=ectx.value.parent_element_instance_key,
            tenant_id=ectx.value.tenant_id,
        )
        writers.event(writers.keys.next_key(), _PI, ProcessInstanceIntent.SEQUENCE_FLOW_TAKEN, flow_value)
        target = process.element(flow.target_id)
        if (
            isinstance(target, ParallelGateway)
            and len(target.incoming) > 1
            and any(instances.taken_flow_count(scope_key, incoming) == 0 for incoming in target.incoming)
        ):
            continue
        if isinstance(target, InclusiveGateway) and len(target.incoming) > 1:
            continue
        activate_child(pctx, ectx.value, target, scope_key)
    activate_ready_joins(pctx, ectx.value, scope_key)


def activate_ready_joins(pctx: ProcessingContext, template: ProcessInstanceRecord, scope_key: int) -> None:
    """Activate the scope's inclusive joins that can no longer receive another token."""
    deployed = pctx.state.deployments.process(template.process_definition_key)
    if deployed is None or not deployed.inclusive_joins:
        return
    process = deployed.process
    for join_id in ready_inclusive_joins(pctx, scope_key, process, deployed.inclusive_joins):
        activate_child(pctx, template, process.element(join_id), scope_key)


def after_completed(pctx: ProcessingContext, ectx: ElementContext) -> None:
    """Continue after a flow node completed: take all outgoing flows, or complete the scope when done."""
    element = ectx.element
    if isinstance(element, Process):
        return
    scope = pctx.state.element_instances.get(ectx.flow_scope_key)
    if scope is not None and scope.value.bpmn_element_type is BpmnElementType.MULTI_INSTANCE_BODY:
        pctx.writers.command(scope.key, _PI, ProcessInstanceIntent.COMPLETE_ELEMENT, scope.value)
        return
    if element.outgoing:
        take_flows(pctx, ectx, ectx.process.outgoing_flows(element.id))
        if scope is not None and scope.value.bpmn_element_type is BpmnElementType.AD_HOC_SUB_PROCESS:
            complete_ad_hoc_if_condition_met(pctx, scope.key)
    else:
        activate_ready_joins(pctx, ectx.value, ectx.flow_scope_key)
        complete_scope_if_done(pctx, ectx.flow_scope_key)


def complete_scope_if_done(pctx: ProcessingContext, scope_key: int) -> None:
    """Queue COMPLETE_ELEMENT for an active scope with no active children and no tokens on its flows.

    A scope interrupted by an event subprocess activates that event subprocess instead.
    """
    instances = pctx.state.element_instances
    scope = instances.get(scope_key)
    if scope is None or scope.state is not ElementState.ACTIVATED:
        return
    if (
        scope.value.bpmn_element_type is BpmnElementType.AD_HOC_SUB_PROCESS
        and complete_ad_hoc_if_condition_met(pctx, scope_key)
    ):
        return
    if scope.active_children == 0 and instances.pending_flows(scope_key) == 0:
        sub_process = interrupting_event_sub_process(pctx, scope_key)
        if sub_process is not None:
            activate_child(pctx, scope.value, sub_process, scope_key)
            return
        pctx.writers.command(scope_key, _PI, ProcessInstanceIntent.COMPLETE_ELEMENT, scope.value)


def complete_ad_hoc_if_condition_met(pctx: ProcessingContext, scope_key: int) -> bool:
    """Evaluate an ad-hoc subprocess's completion condition after one of its elements completed.

    When it holds, the remaining elements are terminated (``cancelRemainingInstances``) and the subprocess
    completes once none is left; returns True when the caller must not complete the scope itself.
    """
    instances = pctx.state.element_instances
    scope = instances.get(scope_key)
    deployed = None if scope is None else pctx.state.deployments.process(scope.value.process_definition_key)
    if scope is None or deployed is None:
        return False
    element = deployed.process.find_element(scope.value.element_id)
    if not isinstance(element, AdHocSubProcess) or element.ad_hoc.completion_condition is None:
        return False
    met = pctx.expressions.evaluate_bool(element.ad_hoc.completion_condition, pctx.state.variables, scope_key)
    if met is not True:
        return False
    children = instances.children(scope_key)
    if not children:
        pctx.writers.command(scope_key, _PI, ProcessInstanceIntent.COMPLETE_ELEMENT, scope.value)
        return True
    if element.ad_hoc.cancel_remaining_instances:
        for child in children:
            if child.state is not ElementState.TERMINATING:
                pctx.writers.command(child.key, _PI, ProcessInstanceIntent.TERMINATE_ELEMENT, child.value)
    return True


def interrupting_event_sub_process(pctx: ProcessingContext, scope_key: int) -> EventSubProcess | None:
    """The interrupting event subprocess a scope was triggered for and that has not started yet."""
    instances = pctx.state.element_instances
    scope = instances.get(scope_key)
    deployed = None if scope is None else pctx.state.deployments.process(scope.value.process_definition_key)
    if deployed is None:
        return None
    for trigger in instances.triggers(scope_key):
        start = deployed.process.find_element(trigger.element_id)
        if isinstance(start, StartEvent):
            sub_process = deployed.process.find_element(start.parent_id)
            if isinstance(sub_process, EventSubProcess) and sub_process.interrupting:
                return sub_process
    return None


def finish_termination(pctx: ProcessingContext, ectx: ElementContext) -> None:
    """ELEMENT_TERMINATED, then notify the flow scope."""
    to_terminated(pctx, ectx)
    after_terminated(pctx, ectx)


def after_terminated(pctx: ProcessingContext, ectx: ElementContext) -> None:
    """Continue after an element terminated.

    An interrupting boundary event that caused the termination is activated now; a terminating scope
    whose last child this was terminates too.
    """
    scope_key = ectx.flow_scope_key
    instances = pctx.state.element_instances
    if scope_key == NO_KEY:
        caller = instances.get(ectx.value.parent_element_instance_key)
        if caller is not None and caller.state is ElementState.TERMINATING:
            caller_context = element_context(pctx, caller.key)
            if caller_context is not None:
                finish_termination(pctx, caller_context)
        return
    scope = instances.get(scope_key)
    if scope is None:
        return
    element = ectx.element
    if scope.state is ElementState.ACTIVATED and isinstance(element, FlowNode):
        boundary_ids = getattr(element, "boundary_event_ids", ())
        for trigger in instances.triggers(scope_key):
            if trigger.element_id in boundary_ids:
                boundary = ectx.process.element(trigger.element_id)
                if isinstance(boundary, BoundaryEvent) and boundary.cancel_activity:
                    activate_child(pctx, ectx.value, boundary, scope_key)
                    return
    if scope.state is ElementState.TERMINATING and scope.active_children == 0:
        scope_context = element_context(pctx, scope_key)
        if scope_context is not None:
            finish_termination(pctx, scope_context)
    elif scope.state is ElementState.ACTIVATED:
        activate_ready_joins(pctx, ectx.value, scope_key)
        complete_scope_if_done(pctx, scope_key)
