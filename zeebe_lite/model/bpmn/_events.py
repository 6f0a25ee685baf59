"""Event definitions (what triggers or is thrown by an event) and the root elements they reference."""

from __future__ import annotations

from dataclasses import dataclass

from zeebe_lite.model.bpmn._types import BpmnEventType, Expression, TimerType

__all__ = [
    "CompensationEventDefinition",
    "ErrorDefinition",
    "ErrorEventDefinition",
    "EscalationDefinition",
    "EscalationEventDefinition",
    "EventDefinition",
    "LinkEventDefinition",
    "MessageDefinition",
    "MessageEventDefinition",
    "SignalDefinition",
    "SignalEventDefinition",
    "TerminateEventDefinition",
    "TimerEventDefinition",
    "event_type_of",
]


@dataclass(frozen=True)
class MessageDefinition:
    """A root ``bpmn:message``: name (static or FEEL) and the ``zeebe:subscription`` correlation key."""

    id: str
    name: Expression | None = None
    correlation_key: Expression | None = None
    source_line: int | None = None


@dataclass(frozen=True)
class ErrorDefinition:
    """A root ``bpmn:error`` with its ``errorCode`` (static or, on throw events, FEEL)."""

    id: str
    name: str | None = None
    error_code: Expression | None = None
    source_line: int | None = None


@dataclass(frozen=True)
class SignalDefinition:
    """A root ``bpmn:signal`` with its name (static or FEEL)."""

    id: str
    name: Expression | None = None
    source_line: int | None = None


@dataclass(frozen=True)
class EscalationDefinition:
    """A root ``bpmn:escalation`` with its ``escalationCode``."""

    id: str
    name: str | None = None
    escalation_code: Expression | None = None
    source_line: int | None = None


@dataclass(frozen=True)
class MessageEventDefinition:
    """A message trigger, resolved from its ``messageRef`` (also used for receive tasks).

    ``message_name`` and ``correlation_key`` are copied from the referenced root message so element processors
    need not look it up. Message start events have no correlation key.
    """

    message_ref: str | None = None
    message_name: Expression | None = None
    correlation_key: Expression | None = None


@dataclass(frozen=True)
class TimerEventDefinition:
    """A timer trigger: ``timer_type`` says which child was used; ``value`` is ISO 8601 / cron text or FEEL."""

    timer_type: TimerType
    value: Expression


@dataclass(frozen=True)
class ErrorEventDefinition:
    """An error trigger or throw, resolved from ``errorRef``.

    On catch events ``error_code`` None means "catch all errors"; on error end events it is required.
    """

    error_ref: str | None = None
    error_code: Expression | None = None


@dataclass(frozen=True)
class SignalEventDefinition:
    """A signal trigger or broadcast, resolved from ``signalRef``."""

    signal_ref: str | None = None
    signal_name: Expression | None = None


@dataclass(frozen=True)
class EscalationEventDefinition:
    """An escalation trigger or throw, resolved from ``escalationRef``; catch-side None code = catch all."""

    escalation_ref: str | None = None
    escalation_code: Expression | None = None


@dataclass(frozen=True)
class TerminateEventDefinition:
    """A terminate end event: terminates every element of its flow scope."""


@dataclass(frozen=True)
class LinkEventDefinition:
    """A link: a throw link jumps to the catch link with the same ``name`` in the same scope."""

    name: str


@dataclass(frozen=True)
class CompensationEventDefinition:
    """A compensation trigger or throw; ``activity_ref`` limits a throw to one activity."""

    activity_ref: str | None = None
    wait_for_completion: bool = True


EventDefinition = (
    MessageEventDefinition
    | TimerEventDefinition
    | ErrorEventDefinition
    | SignalEventDefinition
    | EscalationEventDefinition
    | TerminateEventDefinition
    | LinkEventDefinition
    | CompensationEventDefinition
)
"""Every event definition an event may carry (None events carry none)."""

_EVENT_TYPES: tuple[tuple[type[EventDefinition], BpmnEventType], ...] = (
    (MessageEventDefinition, BpmnEventType.MESSAGE),
    (TimerEventDefinition, BpmnEventType.TIMER),
    (ErrorEventDefinition, BpmnEventType.ERROR),
    (SignalEventDefinition, BpmnEventType.SIGNAL),
    (EscalationEventDefinition, BpmnEventType.ESCALATION),
    (TerminateEventDefinition, BpmnEventType.TERMINATE),
    (LinkEventDefinition, BpmnEventType.LINK),
    (CompensationEventDefinition, BpmnEventType.COMPENSATION),
)


def event_type_of(definition: EventDefinition | None) -> BpmnEventType:
    """The Zeebe event type of a definition (``UNSPECIFIED`` for a none event)."""
    for cls, event_type in _EVENT_TYPES:
        if isinstance(definition, cls):
            return event_type
    return BpmnEventType.UNSPECIFIED
