"""Deploy-time checks of a process's structure: start events, scopes, sequence flows, gateways, links."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from zeebe_lite.model.bpmn import (
    AdHocSubProcess,
    BoundaryEvent,
    EndEvent,
    ErrorEventDefinition,
    EscalationEventDefinition,
    EventBasedGateway,
    EventDefinition,
    EventSubProcess,
    ExclusiveGateway,
    FlowNode,
    InclusiveGateway,
    IntermediateCatchEvent,
    IntermediateThrowEvent,
    LinkEventDefinition,
    MessageEventDefinition,
    Process,
    SignalEventDefinition,
    StartEvent,
    SubProcess,
    TimerEventDefinition,
    TimerType,
)
from zeebe_lite.parser._problems import flow_problem, node_problem, process_problem
from zeebe_lite.parser.errors import Problem

__all__ = ["check_interrupting", "check_structure", "duplicate_trigger_reasons"]

_EVENT_SUB_PROCESS_STARTS = (
    MessageEventDefinition,
    TimerEventDefinition,
    ErrorEventDefinition,
    SignalEventDefinition,
    EscalationEventDefinition,
)
_NON_INTERRUPTING_ALLOWED = (
    MessageEventDefinition,
    TimerEventDefinition,
    SignalEventDefinition,
    EscalationEventDefinition,
)


def _start_events(process: Process, scope_id: str) -> list[StartEvent]:
    return [node for node in process.children(scope_id) if isinstance(node, StartEvent)]


def _check_process_starts(process: Process) -> Iterator[Problem]:
    starts = _start_events(process, process.id)
    if not starts:
        yield process_problem(process, "must have at least one start event")
    elif sum(start.event_definition is None for start in starts) > 1:
        yield process_problem(process, "must not have more than one none start event")
    for start in starts:
        definition = start.event_definition
        if definition is not None and not isinstance(
            definition, MessageEventDefinition | TimerEventDefinition | SignalEventDefinition
        ):
            yield node_problem(
                start, "a process start event must be a none, message, timer or signal start event"
            )
        if isinstance(definition, TimerEventDefinition) and definition.timer_type is TimerType.DURATION:
            yield node_problem(start, "a timer start event must use timeDate or timeCycle, not timeDuration")
    names = [
        start.event_definition.message_name.raw
        for start in starts
        if isinstance(start.event_definition, MessageEventDefinition) and start.event_definition.message_name
    ]
    for name, count in Counter(names).items():
        if count > 1:
            yield process_problem(
                process, f"has {count} message start events with the same message name '{name}'"
            )
    refs = [
        start.event_definition.message_ref
        for start in starts
        if isinstance(start.event_definition, MessageEventDefinition) and start.event_definition.message_ref
    ]
    for ref, count in Counter(refs).items():
        if count > 1:
            yield process_problem(process, f"message '{ref}' is referenced by more than one start event")
    signals = [
        start.event_definition.signal_name.raw
        for start in starts
        if isinstance(start.event_definition, SignalEventDefinition) and start.event_definition.signal_name
    ]
    for name, count in Counter(signals).items():
        if count > 1:
            yield process_problem(
                process, f"has {count} signal start events with the same signal name '{name}'"
            )


def _check_sub_process(process: Process, node: SubProcess) -> Iterator[Problem]:
    starts = _start_events(process, node.id)
    if len(starts) != 1:
        yield node_problem(
            node, f"an embedded subprocess must have exactly one start event, found {len(starts)}"
        )
    for start in starts:
        if start.event_definition is not None:
            yield node_problem(start, "start events in embedded subprocesses must be none start events")


def _check_ad_hoc_sub_process(process: Process, node: AdHocSubProcess) -> Iterator[Problem]:
    children = process.children(node.id)
    if not children:
        yield node_problem(node, "an ad-hoc subprocess must contain at least one activity")
    if any(isinstance(child, StartEvent) for child in children):
        yield node_problem(node, "an ad-hoc subprocess must not contain a start event")
    if any(isinstance(child, EndEvent) for child in children):
        yield node_problem(node, "an ad-hoc subprocess must not contain an end event")
    if node.job is not None:
        if not node.ad_hoc.cancel_remaining_instances:
            yield node_problem(node, "with zeebe:taskDefinition, cancelRemainingInstances must not be false")
        if node.ad_hoc.completion_condition is not None:
            yield node_problem(node, "with zeebe:taskDefinition, completionCondition must not be set")
        if node.ad_hoc.active_elements_collection is not None:
            yield node_problem(node, "with zeebe:taskDefinition, activeElementsCollection must not be set")


def _check_event_sub_process(process: Process, node: EventSubProcess) -> Iterator[Problem]:
    starts = _start_events(process, node.id)
    if len(starts) != 1:
        yield node_problem(
            node, f"an event subprocess must have exactly one start event, found {len(starts)}"
        )
    if node.incoming or node.outgoing:
        yield node_problem(node, "an event subprocess must not have incoming or outgoing sequence flows")
    for start in starts:
        definition = start.event_definition
        if not isinstance(definition, _EVENT_SUB_PROCESS_STARTS):
            yield node_problem(
                start,
                "start events of event subprocesses must be message, timer, error, signal or escalation events",
            )
            continue
        yield from check_interrupting(start, definition, start.interrupting)


def check_interrupting(node: FlowNode, definition: EventDefinition, interrupting: bool) -> Iterator[Problem]:
    if not interrupting and not isinstance(definition, _NON_INTERRUPTING_ALLOWED):
        kind = type(definition).__name__.removesuffix("EventDefinition").lower()
        yield node_problem(node, f"{kind} events cannot be non-interrupting")
    if (
        interrupting
        and isinstance(definition, TimerEventDefinition)
        and definition.timer_type is TimerType.CYCLE
    ):
        yield node_problem(
            node, "an interrupting timer event cannot use timeCycle (make it non-interrupting)"
        )


def duplicate_trigger_reasons(definitions: list[EventDefinition]) -> Iterator[str]:
    """Why a set of catch triggers of one scope (boundary events or event-subprocess starts) is ambiguous."""
    messages = [
        d.message_name.raw for d in definitions if isinstance(d, MessageEventDefinition) and d.message_name
    ]
    signals = [
        d.signal_name.raw for d in definitions if isinstance(d, SignalEventDefinition) and d.signal_name
    ]
    errors = [
        d.error_code.raw if d.error_code else None for d in definitions if isinstance(d, ErrorEventDefinition)
    ]
    escalations = [
        d.escalation_code.raw if d.escalation_code else None
        for d in definitions
        if isinstance(d, EscalationEventDefinition)
    ]
    for kind, values in (("message name", messages), ("signal name", signals)):
        for value, count in Counter(values).items():
            if count > 1:
                yield f"has {count} catch events with the same {kind} '{value}'"
    for kind, codes in (("error", errors), ("escalation", escalations)):
        for code, count in Counter(codes).items():
            if count > 1 and code is None:
                yield f"has more than one {kind} catch event without {kind} code (each catches all {kind}s)"
            elif count > 1:
                yield f"has {count} {kind} catch events with the same {kind} code '{code}'"


def _check_scope_triggers(process: Process, scope_id: str) -> Iterator[Problem]:
    definitions: list[EventDefinition] = []
    for event_sub_process in process.event_sub_processes(scope_id):
        for start in _start_events(process, event_sub_process.id):
            if start.event_definition is not None:
                definitions.append(start.event_definition)
    for reason in duplicate_trigger_reasons(definitions):
        if scope_id == process.id:
            yield process_problem(process, f"event subprocesses: {reason}")
        else:
            yield node_problem(process.element(scope_id), f"event subprocesses: {reason}")


def _check_flows(process: Process) -> Iterator[Problem]:
    for flow in process.sequence_flows:
        source = process.find_element(flow.source_id) if flow.source_id else None
        target = process.find_element(flow.target_id) if flow.target_id else None
        if flow.source_id and source is None:
            yield flow_problem(
                flow, f"sourceRef '{flow.source_id}' does not reference a flow node of the process"
            )
        if flow.target_id and target is None:
            yield flow_problem(
                flow, f"targetRef '{flow.target_id}' does not reference a flow node of the process"
            )
        for end, node in (("source", source), ("target", target)):
            if node is not None and node.parent_id != flow.parent_id:
                yield flow_problem(
                    flow, f"its {end} '{node.id}' is in a different scope than the sequence flow"
                )
        if isinstance(target, StartEvent | BoundaryEvent):
            yield flow_problem(
                flow, f"must not target '{target.id}': start and boundary events have no incoming flows"
            )
        if isinstance(source, EndEvent):
            yield flow_problem(
                flow, f"must not start at end event '{source.id}': end events have no outgoing flows"
            )
        if (
            flow.condition is not None
            and source is not None
            and not isinstance(source, ExclusiveGateway | InclusiveGateway)
        ):
            yield flow_problem(
                flow,
                f"has a condition but leaves '{source.id}': conditions are only supported after exclusive or inclusive gateways",
            )


def _check_conditional_gateway(
    process: Process, gateway: ExclusiveGateway | InclusiveGateway
) -> Iterator[Problem]:
    default = gateway.default_flow_id
    if default is not None and default not in gateway.outgoing:
        yield node_problem(
            gateway, f"default flow '{default}' is not an outgoing sequence flow of the gateway"
        )
    if len(gateway.outgoing) > 1:
        for flow in process.outgoing_flows(gateway.id):
            if flow.id != default and flow.condition is None:
                yield flow_problem(
                    flow,
                    f"leaves gateway '{gateway.id}' with several outgoing flows, so it needs a condition or must be the default flow",
                )


def _check_event_based_gateway(process: Process, gateway: EventBasedGateway) -> Iterator[Problem]:
    if len(gateway.outgoing) < 2:
        yield node_problem(gateway, "an event-based gateway must have at least 2 outgoing sequence flows")
    definitions: list[EventDefinition] = []
    for flow in process.outgoing_flows(gateway.id):
        target = process.find_element(flow.target_id)
        if target is None:
            continue
        definition = target.event_definition if isinstance(target, IntermediateCatchEvent) else None
        if not isinstance(definition, MessageEventDefinition | TimerEventDefinition | SignalEventDefinition):
            yield node_problem(
                gateway,
                f"may only be followed by message, timer or signal intermediate catch events, not '{target.id}'",
            )
            continue
        definitions.append(definition)
        if len(target.incoming) > 1:
            yield node_problem(
                gateway, f"its target '{target.id}' must have no incoming flows except the gateway's"
            )
    for reason in duplicate_trigger_reasons(definitions):
        yield node_problem(gateway, reason)


def _check_links(process: Process, scope_id: str) -> Iterator[Problem]:
    catches: list[str] = []
    throws: list[tuple[IntermediateThrowEvent, str]] = []
    for node in process.children(scope_id):
        definition = getattr(node, "event_definition", None)
        if not isinstance(definition, LinkEventDefinition):
            continue
        if not definition.name:
            yield node_problem(node, "a link event must have a name")
        elif isinstance(node, IntermediateCatchEvent):
            catches.append(definition.name)
        elif isinstance(node, IntermediateThrowEvent):
            throws.append((node, definition.name))
    for name, count in Counter(catches).items():
        if count > 1:
            yield _scope_problem(process, scope_id, f"has {count} link catch events named '{name}'")
    for throw, name in throws:
        if name not in catches:
            yield node_problem(throw, f"no link catch event named '{name}' exists in the same scope")


def _scope_problem(process: Process, scope_id: str, message: str) -> Problem:
    return (
        process_problem(process, message)
        if scope_id == process.id
        else node_problem(process.element(scope_id), message)
    )


def check_structure(process: Process) -> Iterator[Problem]:
    """Structural problems of one process."""
    yield from _check_process_starts(process)
    yield from _check_flows(process)
    scope_ids = [process.id]
    for node in process.flow_nodes:
        if isinstance(node, EventSubProcess):
            yield from _check_event_sub_process(process, node)
            scope_ids.append(node.id)
        elif isinstance(node, AdHocSubProcess):
            yield from _check_ad_hoc_sub_process(process, node)
            scope_ids.append(node.id)
        elif isinstance(node, SubProcess):
            yield from _check_sub_process(process, node)
            scope_ids.append(node.id)
        elif isinstance(node, ExclusiveGateway | InclusiveGateway):
            yield from _check_conditional_gateway(process, node)
        elif isinstance(node, EventBasedGateway):
            yield from _check_event_based_gateway(process, node)
    for scope_id in scope_ids:
        yield from _check_scope_triggers(process, scope_id)
        yield from _check_links(process, scope_id)
