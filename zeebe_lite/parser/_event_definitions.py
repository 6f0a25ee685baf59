"""Parse the event definition child of an event and resolve its reference to a root element."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from types import MappingProxyType

from zeebe_lite.model.bpmn import (
    CompensationEventDefinition,
    ErrorEventDefinition,
    EscalationEventDefinition,
    EventDefinition,
    LinkEventDefinition,
    MessageEventDefinition,
    SignalEventDefinition,
    TerminateEventDefinition,
    TimerEventDefinition,
    TimerType,
)
from zeebe_lite.parser._context import (
    BPMN_NS,
    ParseContext,
    bpmn_tag,
    local_name,
    namespace_of,
    text_expression,
)
from zeebe_lite.parser._tags import UNSUPPORTED_TAGS

__all__ = ["EVENT_DEFINITION_PARSERS", "parse_event_definition", "resolve_message"]


def resolve_message(ctx: ParseContext, owner: ET.Element, message_ref: str | None) -> MessageEventDefinition:
    """A message trigger resolved from ``messageRef`` (an unknown reference is reported)."""
    if not message_ref:
        return MessageEventDefinition()
    message = ctx.messages.get(message_ref)
    if message is None:
        ctx.report(owner, f"references an unknown message '{message_ref}'")
        return MessageEventDefinition(message_ref=message_ref)
    return MessageEventDefinition(
        message_ref=message_ref,
        message_name=message.name,
        correlation_key=message.correlation_key,
    )


def _message(ctx: ParseContext, owner: ET.Element, definition: ET.Element) -> EventDefinition:
    return resolve_message(ctx, owner, definition.get("messageRef"))


def _timer(ctx: ParseContext, owner: ET.Element, definition: ET.Element) -> EventDefinition | None:
    found = [
        (timer_type, definition.find(bpmn_tag(timer_type.value)))
        for timer_type in TimerType
        if definition.find(bpmn_tag(timer_type.value)) is not None
    ]
    if len(found) != 1:
        ctx.report(owner, "timer must have exactly one of timeDate, timeDuration or timeCycle")
        return None
    timer_type, child = found[0]
    value = text_expression(child)
    assert value is not None
    return TimerEventDefinition(timer_type=timer_type, value=value)


def _error(ctx: ParseContext, owner: ET.Element, definition: ET.Element) -> EventDefinition:
    ref = definition.get("errorRef") or None
    if ref is None:
        return ErrorEventDefinition()
    error = ctx.errors.get(ref)
    if error is None:
        ctx.report(owner, f"references an unknown error '{ref}'")
        return ErrorEventDefinition(error_ref=ref)
    return ErrorEventDefinition(error_ref=ref, error_code=error.error_code)


def _signal(ctx: ParseContext, owner: ET.Element, definition: ET.Element) -> EventDefinition:
    ref = definition.get("signalRef") or None
    if ref is None:
        return SignalEventDefinition()
    signal = ctx.signals.get(ref)
    if signal is None:
        ctx.report(owner, f"references an unknown signal '{ref}'")
        return SignalEventDefinition(signal_ref=ref)
    return SignalEventDefinition(signal_ref=ref, signal_name=signal.name)


def _escalation(ctx: ParseContext, owner: ET.Element, definition: ET.Element) -> EventDefinition:
    ref = definition.get("escalationRef") or None
    if ref is None:
        return EscalationEventDefinition()
    escalation = ctx.escalations.get(ref)
    if escalation is None:
        ctx.report(owner, f"references an unknown escalation '{ref}'")
        return EscalationEventDefinition(escalation_ref=ref)
    return EscalationEventDefinition(escalation_ref=ref, escalation_code=escalation.escalation_code)


def _terminate(_ctx: ParseContext, _owner: ET.Element, _definition: ET.Element) -> EventDefinition:
    return TerminateEventDefinition()


def _link(_ctx: ParseContext, _owner: ET.Element, definition: ET.Element) -> EventDefinition:
    return LinkEventDefinition(name=definition.get("name") or "")


def _compensation(_ctx: ParseContext, _owner: ET.Element, definition: ET.Element) -> EventDefinition:
    raw_wait = definition.get("waitForCompletion")
    return CompensationEventDefinition(
        activity_ref=definition.get("activityRef") or None,
        wait_for_completion=raw_wait is None or raw_wait.lower() == "true",
    )


EventDefinitionParser = Callable[[ParseContext, ET.Element, ET.Element], EventDefinition | None]

EVENT_DEFINITION_PARSERS: Mapping[str, EventDefinitionParser] = MappingProxyType(
    {
        "messageEventDefinition": _message,
        "timerEventDefinition": _timer,
        "errorEventDefinition": _error,
        "signalEventDefinition": _signal,
        "escalationEventDefinition": _escalation,
        "terminateEventDefinition": _terminate,
        "linkEventDefinition": _link,
        "compensateEventDefinition": _compensation,
    }
)
"""Tag of a supported event definition -> its parser."""


def parse_event_definition(ctx: ParseContext, event: ET.Element) -> EventDefinition | None:
    """The single event definition of ``event`` (None for a none event).

    More than one definition (BPMN "multiple" events), an unsupported kind (conditional, cancel) or an
    ``eventDefinitionRef`` are reported as problems.
    """
    definitions = [
        child
        for child in event
        if namespace_of(child) == BPMN_NS and local_name(child).endswith("EventDefinition")
    ]
    if event.find(bpmn_tag("eventDefinitionRef")) is not None:
        ctx.report(event, "eventDefinitionRef is not supported; define the event definition inline")
    if len(definitions) > 1:
        kinds = ", ".join(local_name(child) for child in definitions)
        ctx.report(event, f"multiple event definitions ({kinds}) are not supported by Camunda 8.8")
        return None
    if not definitions:
        return None
    definition = definitions[0]
    kind = local_name(definition)
    parser = EVENT_DEFINITION_PARSERS.get(kind)
    if parser is None:
        ctx.report(event, UNSUPPORTED_TAGS.get(kind, f"event definition '{kind}' is not supported"))
        return None
    return parser(ctx, event, definition)
