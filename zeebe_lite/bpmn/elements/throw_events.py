"""Throw events: error end events, terminate end events, signal throw/end events and link events."""

from __future__ import annotations

from zeebe_lite.bpmn.behaviors.compensation import compensate
from zeebe_lite.bpmn.behaviors.errors import throw_bpmn_error
from zeebe_lite.bpmn.behaviors.escalations import throw_escalation
from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.behaviors.incidents import create_incident
from zeebe_lite.bpmn.behaviors.signals import broadcast
from zeebe_lite.bpmn.behaviors.transitions import (
    activate_child,
    complete_scope_if_done,
    to_activated,
    to_completed,
    to_completing,
)
from zeebe_lite.bpmn.behaviors.variables import apply_input_mappings
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.bpmn.elements._common import complete_with_outputs, terminate_leaf
from zeebe_lite.model.bpmn import (
    CompensationEventDefinition,
    ErrorEventDefinition,
    EscalationEventDefinition,
    Event,
    LinkEventDefinition,
    SignalEventDefinition,
)
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import ErrorType, ProcessInstanceIntent, SignalRecord, ValueType

__all__ = [
    "CompensationThrowProcessor",
    "ErrorEndEventProcessor",
    "EscalationThrowProcessor",
    "LinkThrowProcessor",
    "SignalThrowProcessor",
    "TerminateEndEventProcessor",
]


class _Leaf:
    def on_complete(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Merge nothing but output mappings, then continue."""
        complete_with_outputs(pctx, ectx, {})

    def on_terminate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Leave."""
        terminate_leaf(pctx, ectx)


class ErrorEndEventProcessor(_Leaf):
    """Throws a BPMN error: the nearest matching catch event interrupts its scope, else an incident."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Input mappings, evaluate the code, ELEMENT_ACTIVATED, then throw."""
        element = ectx.element
        assert isinstance(element, Event)
        definition = element.event_definition
        assert isinstance(definition, ErrorEventDefinition)
        failure = apply_input_mappings(pctx, element.io_mapping.inputs, ectx.key, ectx.value)
        code: str | Failure = ""
        if failure is None and definition.error_code is not None:
            code = pctx.expressions.evaluate_string(definition.error_code, pctx.state.variables, ectx.key)
        if failure is not None or isinstance(code, Failure):
            create_incident(pctx, ectx, failure or code)  # type: ignore[arg-type]
            return
        to_activated(pctx, ectx)
        variables = pctx.state.variables.local_variables(ectx.key)
        if not throw_bpmn_error(pctx, ectx.flow_scope_key, str(code), variables):
            message = (
                f"Expected to throw an error event with the code '{code}', but it was not caught. "
                "No error events are available in the scope."
            )
            create_incident(pctx, ectx, Failure(ErrorType.UNHANDLED_ERROR_EVENT, message, ectx.key))


class TerminateEndEventProcessor(_Leaf):
    """Completes, then terminates every other element of its flow scope, which then completes."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """ELEMENT_ACTIVATED/COMPLETING/COMPLETED, then terminate the siblings."""
        to_activated(pctx, ectx)
        to_completing(pctx, ectx)
        to_completed(pctx, ectx)
        siblings = pctx.state.element_instances.children(ectx.flow_scope_key)
        for sibling in siblings:
            pctx.writers.command(
                sibling.key,
                ValueType.PROCESS_INSTANCE,
                ProcessInstanceIntent.TERMINATE_ELEMENT,
                sibling.value,
            )
        if not siblings:
            complete_scope_if_done(pctx, ectx.flow_scope_key)


class SignalThrowProcessor(_Leaf):
    """Broadcasts its signal (with the event's local variables) and completes."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Input mappings, evaluate the name, ELEMENT_ACTIVATED, broadcast, complete."""
        element = ectx.element
        assert isinstance(element, Event)
        definition = element.event_definition
        assert isinstance(definition, SignalEventDefinition)
        failure = apply_input_mappings(pctx, element.io_mapping.inputs, ectx.key, ectx.value)
        name: str | Failure = ""
        if failure is None and definition.signal_name is not None:
            name = pctx.expressions.evaluate_string(definition.signal_name, pctx.state.variables, ectx.key)
        if failure is not None or isinstance(name, Failure):
            create_incident(pctx, ectx, failure or name)  # type: ignore[arg-type]
            return
        to_activated(pctx, ectx)
        variables = pctx.state.variables.local_variables(ectx.key)
        broadcast(pctx, SignalRecord(str(name), variables, ectx.value.tenant_id))
        to_completing(pctx, ectx)
        self.on_complete(pctx, ectx)


class LinkThrowProcessor(_Leaf):
    """Completes and activates the catch link event with the same name in the same scope."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Pass through, then jump."""
        element = ectx.element
        assert isinstance(element, Event)
        definition = element.event_definition
        assert isinstance(definition, LinkEventDefinition)
        target = ectx.process.link_catch_event(element.parent_id, definition.name)
        to_activated(pctx, ectx)
        to_completing(pctx, ectx)
        to_completed(pctx, ectx)
        if target is not None:
            activate_child(pctx, ectx.value, target, ectx.flow_scope_key)
        else:
            complete_scope_if_done(pctx, ectx.flow_scope_key)


class EscalationThrowProcessor(_Leaf):
    """Throws an escalation; an interrupting catch ends the thrower with its scope, otherwise it continues."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Input mappings, evaluate the code, ELEMENT_ACTIVATED, throw, then complete unless interrupted."""
        element = ectx.element
        assert isinstance(element, Event)
        definition = element.event_definition
        assert isinstance(definition, EscalationEventDefinition)
        failure = apply_input_mappings(pctx, element.io_mapping.inputs, ectx.key, ectx.value)
        code: str | Failure = ""
        if failure is None and definition.escalation_code is not None:
            code = pctx.expressions.evaluate_string(
                definition.escalation_code, pctx.state.variables, ectx.key
            )
        if failure is not None or isinstance(code, Failure):
            create_incident(pctx, ectx, failure or code)  # type: ignore[arg-type]
            return
        to_activated(pctx, ectx)
        variables = pctx.state.variables.local_variables(ectx.key)
        if throw_escalation(pctx, ectx.flow_scope_key, str(code), variables):
            return
        to_completing(pctx, ectx)
        self.on_complete(pctx, ectx)


class CompensationThrowProcessor(_Leaf):
    """Compensates the completed activities of its scope and waits until their handlers completed."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Input mappings, ELEMENT_ACTIVATED, trigger the handlers (or complete at once when there are none)."""
        element = ectx.element
        assert isinstance(element, Event)
        definition = element.event_definition
        assert isinstance(definition, CompensationEventDefinition)
        failure = apply_input_mappings(pctx, element.io_mapping.inputs, ectx.key, ectx.value)
        if failure is not None:
            create_incident(pctx, ectx, failure)
            return
        to_activated(pctx, ectx)
        if compensate(pctx, ectx, definition.activity_ref):
            return
        to_completing(pctx, ectx)
        self.on_complete(pctx, ectx)
