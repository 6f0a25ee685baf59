"""Catch events that wait (intermediate catch events, receive tasks) and boundary events."""

from __future__ import annotations

from zeebe_lite.bpmn.behaviors.incidents import create_incident
from zeebe_lite.bpmn.behaviors.subscriptions import open_subscriptions
from zeebe_lite.bpmn.behaviors.transitions import to_activated, to_completing
from zeebe_lite.bpmn.behaviors.variables import apply_input_mappings
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.bpmn.elements._common import complete_with_outputs, result_variables, terminate_leaf
from zeebe_lite.model.bpmn import Process
from zeebe_lite.processing.context import ProcessingContext

__all__ = ["BoundaryEventProcessor", "CatchEventProcessor"]


class CatchEventProcessor:
    """Waits for its timer, message or signal; completes with the trigger's variables."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Input mappings, subscription, ELEMENT_ACTIVATED."""
        element = ectx.element
        assert not isinstance(element, Process)
        failure = apply_input_mappings(pctx, element.io_mapping.inputs, ectx.key, ectx.value)
        handed_over = any(
            trigger.element_id == ectx.element_id
            for trigger in pctx.state.element_instances.triggers(ectx.flow_scope_key)
        )
        if failure is None and not handed_over:
            failure = open_subscriptions(pctx, ectx)
        if failure is not None:
            create_incident(pctx, ectx, failure)
            return
        to_activated(pctx, ectx)
        if handed_over:
            to_completing(pctx, ectx)
            self.on_complete(pctx, ectx)

    def on_complete(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Merge the trigger's variables (through output mappings when present) and continue."""
        complete_with_outputs(pctx, ectx, result_variables(pctx, ectx))

    def on_terminate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Close the subscription and leave."""
        terminate_leaf(pctx, ectx)


class BoundaryEventProcessor:
    """Activated after its trigger; completes at once with the trigger's variables."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """ELEMENT_ACTIVATED, ELEMENT_COMPLETING, then completion."""
        to_activated(pctx, ectx)
        to_completing(pctx, ectx)
        self.on_complete(pctx, ectx)

    def on_complete(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Merge the trigger's variables and continue."""
        complete_with_outputs(pctx, ectx, result_variables(pctx, ectx))

    def on_terminate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Leave."""
        terminate_leaf(pctx, ectx)
