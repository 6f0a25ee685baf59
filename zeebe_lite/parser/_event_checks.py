"""Deploy-time checks of events: allowed event kinds per position, references, boundary rules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from zeebe_lite.model.bpmn import (
    Activity,
    BoundaryEvent,
    BpmnDefinitions,
    CallActivity,
    CompensationEventDefinition,
    EndEvent,
    ErrorEventDefinition,
    EscalationEventDefinition,
    Event,
    EventDefinition,
    EventSubProcess,
    IntermediateCatchEvent,
    IntermediateThrowEvent,
    JobDefinition,
    LinkEventDefinition,
    MessageEventDefinition,
    Process,
    SignalEventDefinition,
    StartEvent,
    SubProcess,
    TerminateEventDefinition,
    TimerEventDefinition,
    TimerType,
)
from zeebe_lite.parser._problems import node_problem
from zeebe_lite.parser._structure_checks import check_interrupting, duplicate_trigger_reasons
from zeebe_lite.parser.errors import Problem

__all__ = ["KnownReferences", "check_event", "check_job_definition", "check_message_subscription"]


@dataclass(frozen=True)
class KnownReferences:
    """Ids of the root elements of the resource; references to other ids were already reported by the parser."""

    messages: frozenset[str] = frozenset()
    errors: frozenset[str] = frozenset()
    signals: frozenset[str] = frozenset()
    escalations: frozenset[str] = frozenset()

    @classmethod
    def of(cls, definitions: BpmnDefinitions) -> KnownReferences:
        """The root element ids of parsed definitions."""
        return cls(
            messages=frozenset(item.id for item in definitions.messages),
            errors=frozenset(item.id for item in definitions.errors),
            signals=frozenset(item.id for item in definitions.signals),
            escalations=frozenset(item.id for item in definitions.escalations),
        )


_CATCH_KINDS = (MessageEventDefinition, TimerEventDefinition, SignalEventDefinition, LinkEventDefinition)
_THROW_KINDS = (
    MessageEventDefinition,
    SignalEventDefinition,
    LinkEventDefinition,
    EscalationEventDefinition,
    CompensationEventDefinition,
)
_END_KINDS = (
    ErrorEventDefinition,
    MessageEventDefinition,
    TerminateEventDefinition,
    SignalEventDefinition,
    EscalationEventDefinition,
    CompensationEventDefinition,
)
_BOUNDARY_KINDS = (
    TimerEventDefinition,
    MessageEventDefinition,
    ErrorEventDefinition,
    SignalEventDefinition,
    EscalationEventDefinition,
    CompensationEventDefinition,
)


def check_job_definition(node: Event | Activity, job: JobDefinition, what: str) -> Iterator[Problem]:
    """A job needs a non-empty type and retries."""
    if not job.job_type.raw.strip():
        yield node_problem(node, f"{what} must have a zeebe:taskDefinition with a non-empty job type")
    if not job.retries.raw.strip():
        yield node_problem(node, "zeebe:taskDefinition retries must not be empty")


def check_message_subscription(
    node: Event | Activity, message: MessageEventDefinition, known: KnownReferences
) -> Iterator[Problem]:
    """A catching message needs a message with a name and a FEEL correlation key."""
    if message.message_ref is None:
        yield node_problem(node, "must reference a message (messageRef)")
        return
    if message.message_ref not in known.messages:
        return
    if message.message_name is None or not message.message_name.raw.strip():
        yield node_problem(node, f"message '{message.message_ref}' must have a non-empty name")
    if message.correlation_key is None or not message.correlation_key.raw.strip():
        yield node_problem(
            node,
            f"message '{message.message_ref}' must have a zeebe:subscription with a non-empty correlationKey",
        )


def _check_reference(node: Event, definition: EventDefinition, known: KnownReferences) -> Iterator[Problem]:
    if isinstance(definition, SignalEventDefinition):
        if definition.signal_ref is None:
            yield node_problem(node, "must reference a signal (signalRef)")
        elif definition.signal_ref in known.signals and (
            definition.signal_name is None or not definition.signal_name.raw.strip()
        ):
            yield node_problem(node, f"signal '{definition.signal_ref}' must have a non-empty name")
    if isinstance(definition, TimerEventDefinition) and not definition.value.raw:
        yield node_problem(node, f"timer {definition.timer_type.value} must not be empty")
    if isinstance(definition, CompensationEventDefinition) and not definition.wait_for_completion:
        yield node_problem(node, "compensation waitForCompletion must be true or absent")


def _check_error_catch(node: Event, definition: EventDefinition) -> Iterator[Problem]:
    if (
        isinstance(definition, ErrorEventDefinition)
        and definition.error_code
        and definition.error_code.is_feel
    ):
        yield node_problem(node, "the errorCode of an error catch event must not be an expression")
    if (
        isinstance(definition, EscalationEventDefinition)
        and definition.escalation_code
        and definition.escalation_code.is_feel
    ):
        yield node_problem(node, "the escalationCode of an escalation catch event must not be an expression")


def _check_start(process: Process, node: StartEvent, known: KnownReferences) -> Iterator[Problem]:
    definition = node.event_definition
    if isinstance(definition, MessageEventDefinition):
        parent = process.find_element(node.parent_id)
        if isinstance(parent, EventSubProcess):
            yield from check_message_subscription(node, definition, known)
        elif definition.message_ref is None:
            yield node_problem(node, "must reference a message (messageRef)")
        elif definition.message_ref not in known.messages:
            pass
        elif definition.message_name is None or not definition.message_name.raw.strip():
            yield node_problem(node, f"message '{definition.message_ref}' must have a non-empty name")
    yield from _check_error_catch(node, definition) if definition is not None else iter(())
    if any(listener.event_type.value == "start" for listener in node.execution_listeners):
        yield node_problem(node, "execution listeners of type 'start' are not supported on start events")


def _check_intermediate_catch(node: IntermediateCatchEvent, known: KnownReferences) -> Iterator[Problem]:
    definition = node.event_definition
    if not isinstance(definition, _CATCH_KINDS):
        yield node_problem(node, "an intermediate catch event must be a message, timer, signal or link event")
        return
    if isinstance(definition, MessageEventDefinition):
        yield from check_message_subscription(node, definition, known)
    if isinstance(definition, TimerEventDefinition) and definition.timer_type is TimerType.CYCLE:
        yield node_problem(
            node, "an intermediate timer catch event must use timeDuration or timeDate, not timeCycle"
        )


def _check_intermediate_throw(node: IntermediateThrowEvent, known: KnownReferences) -> Iterator[Problem]:
    definition = node.event_definition
    if definition is not None and not isinstance(definition, _THROW_KINDS):
        yield node_problem(
            node,
            "an intermediate throw event must be none, message, signal, link, escalation or compensation",
        )
    if node.job is not None:
        yield from check_job_definition(node, node.job, "a message throw event")
    if isinstance(definition, EscalationEventDefinition):
        yield from _check_escalation_throw(node, definition, known)


def _check_escalation_throw(
    node: Event, definition: EscalationEventDefinition, known: KnownReferences
) -> Iterator[Problem]:
    if definition.escalation_ref is None:
        yield node_problem(node, "an escalation throw event must reference an escalation (escalationRef)")
    elif definition.escalation_ref not in known.escalations:
        return
    elif definition.escalation_code is None or not definition.escalation_code.raw.strip():
        yield node_problem(
            node, f"escalation '{definition.escalation_ref}' must have a non-empty escalationCode"
        )


def _check_end(node: EndEvent, known: KnownReferences) -> Iterator[Problem]:
    definition = node.event_definition
    if definition is not None and not isinstance(definition, _END_KINDS):
        yield node_problem(
            node, "an end event must be none, error, message, terminate, signal, escalation or compensation"
        )
    if isinstance(definition, ErrorEventDefinition):
        if definition.error_ref is None:
            yield node_problem(node, "an error end event must reference an error (errorRef)")
        elif definition.error_ref not in known.errors:
            pass
        elif definition.error_code is None or not definition.error_code.raw.strip():
            yield node_problem(node, f"error '{definition.error_ref}' must have a non-empty errorCode")
    if isinstance(definition, EscalationEventDefinition):
        yield from _check_escalation_throw(node, definition, known)
    if node.job is not None:
        yield from check_job_definition(node, node.job, "a message end event")
    if isinstance(definition, ErrorEventDefinition | EscalationEventDefinition) and any(
        listener.event_type.value == "end" for listener in node.execution_listeners
    ):
        yield node_problem(
            node, "execution listeners of type 'end' are not supported on error or escalation end events"
        )


def _check_boundary(process: Process, node: BoundaryEvent, known: KnownReferences) -> Iterator[Problem]:
    attached = process.find_element(node.attached_to_id) if node.attached_to_id else None
    if not isinstance(attached, Activity):
        target = f"'{node.attached_to_id}'" if node.attached_to_id else "nothing"
        yield node_problem(
            node, f"must be attached to an activity of the process (attachedToRef is {target})"
        )
    elif attached.parent_id != node.parent_id:
        yield node_problem(
            node, f"must be in the same scope as the activity '{attached.id}' it is attached to"
        )
    definition = node.event_definition
    if not isinstance(definition, _BOUNDARY_KINDS):
        yield node_problem(
            node, "a boundary event must be a timer, message, error, signal, escalation or compensation event"
        )
        return
    yield from check_interrupting(node, definition, node.cancel_activity)
    yield from _check_error_catch(node, definition)
    if isinstance(definition, MessageEventDefinition):
        yield from check_message_subscription(node, definition, known)
    if isinstance(definition, EscalationEventDefinition) and not isinstance(
        attached, SubProcess | CallActivity
    ):
        yield node_problem(
            node, "an escalation boundary event can only be attached to a subprocess or call activity"
        )
    if isinstance(definition, CompensationEventDefinition) and (
        node.outgoing or node.compensation_handler_id is None
    ):
        yield node_problem(
            node,
            "a compensation boundary event needs an association to its handler and no outgoing sequence flows",
        )
    if any(listener.event_type.value == "start" for listener in node.execution_listeners):
        yield node_problem(node, "execution listeners of type 'start' are not supported on boundary events")


def _check_boundaries_of(process: Process, activity: Activity) -> Iterator[Problem]:
    definitions = [
        boundary.event_definition
        for boundary in process.boundary_events(activity.id)
        if boundary.event_definition is not None
    ]
    for reason in duplicate_trigger_reasons(definitions):
        yield node_problem(activity, f"boundary events: {reason}")


def check_event(process: Process, node: Event | Activity, known: KnownReferences) -> Iterator[Problem]:
    """Problems of one event (or of the boundary events attached to an activity)."""
    if isinstance(node, Activity):
        yield from _check_boundaries_of(process, node)
        return
    if node.event_definition is not None:
        yield from _check_reference(node, node.event_definition, known)
    if isinstance(node, StartEvent):
        yield from _check_start(process, node, known)
    elif isinstance(node, IntermediateCatchEvent):
        yield from _check_intermediate_catch(node, known)
    elif isinstance(node, IntermediateThrowEvent):
        yield from _check_intermediate_throw(node, known)
    elif isinstance(node, EndEvent):
        yield from _check_end(node, known)
    elif isinstance(node, BoundaryEvent):
        yield from _check_boundary(process, node, known)
