"""Embedded subprocesses."""

from __future__ import annotations

from zeebe_lite.bpmn.behaviors.incidents import create_incident
from zeebe_lite.bpmn.behaviors.subscriptions import open_subscriptions
from zeebe_lite.bpmn.behaviors.transitions import activate_child, to_activated
from zeebe_lite.bpmn.behaviors.variables import apply_input_mappings
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.bpmn.elements._common import complete_with_outputs, terminate_children_or_finish
from zeebe_lite.model.bpmn import EventSubProcess, SubProcess
from zeebe_lite.processing.context import ProcessingContext

__all__ = ["EventSubProcessProcessor", "SubProcessProcessor"]


class SubProcessProcessor:
    """An embedded subprocess: a flow scope with its own none start event and variables."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Input mappings, boundary subscriptions, ELEMENT_ACTIVATED, then the inner start event."""
        element = ectx.element
        assert isinstance(element, SubProcess)
        failure = apply_input_mappings(
            pctx, element.io_mapping.inputs, ectx.key, ectx.value
        ) or open_subscriptions(pctx, ectx)
        if failure is not None:
            create_incident(pctx, ectx, failure)
            return
        to_activated(pctx, ectx)
        start = ectx.process.none_start_event(element.id)
        if start is not None:
            activate_child(pctx, ectx.value, start, ectx.key)

    def on_complete(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Output mappings (locals are dropped otherwise), then continue."""
        complete_with_outputs(pctx, ectx, {})

    def on_terminate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Terminate the children first."""
        terminate_children_or_finish(pctx, ectx)


class EventSubProcessProcessor:
    """An event subprocess, activated by its triggered start event inside the enclosing scope."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Input mappings, ELEMENT_ACTIVATED, then its start event (which merges the trigger's variables)."""
        element = ectx.element
        assert isinstance(element, EventSubProcess)
        failure = apply_input_mappings(pctx, element.io_mapping.inputs, ectx.key, ectx.value)
        if failure is not None:
            create_incident(pctx, ectx, failure)
            return
        to_activated(pctx, ectx)
        start = ectx.process.find_element(element.start_event_id)
        if start is not None:
            activate_child(pctx, ectx.value, start, ectx.key)

    def on_complete(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Output mappings, then the enclosing scope may complete."""
        complete_with_outputs(pctx, ectx, {})

    def on_terminate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Terminate the children first."""
        terminate_children_or_finish(pctx, ectx)
