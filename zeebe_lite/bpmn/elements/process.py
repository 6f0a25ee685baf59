"""The process itself: the root flow scope of an instance."""

from __future__ import annotations

from zeebe_lite.bpmn.behaviors.transitions import activate_child, to_activated, to_completed
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.bpmn.elements._common import terminate_children_or_finish
from zeebe_lite.model.bpmn import FlowNode, StartEvent
from zeebe_lite.processing.context import ProcessingContext

__all__ = ["ProcessProcessor"]


class ProcessProcessor:
    """Activates the none start event; completes when no element is left; terminates all children."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """ELEMENT_ACTIVATED, then activate the triggered start event (message, timer ...) or the none one."""
        to_activated(pctx, ectx)
        process = ectx.process
        start: FlowNode | None = None
        for trigger in pctx.state.element_instances.triggers(ectx.key):
            candidate = process.find_element(trigger.element_id)
            if isinstance(candidate, StartEvent) and candidate.parent_id == process.id:
                start = candidate
                break
        if start is None:
            start = process.none_start_event()
        if start is not None:
            activate_child(pctx, ectx.value, start, ectx.key)

    def on_complete(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """ELEMENT_COMPLETED."""
        to_completed(pctx, ectx)

    def on_terminate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Terminate every child, then the process."""
        terminate_children_or_finish(pctx, ectx)
