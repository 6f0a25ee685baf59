"""Embedded subprocesses."""

from __future__ import annotations

from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.behaviors.incidents import create_incident
from zeebe_lite.bpmn.behaviors.subscriptions import open_subscriptions
from zeebe_lite.bpmn.behaviors.transitions import activate_child, to_activated, to_completing
from zeebe_lite.bpmn.behaviors.variables import apply_input_mappings
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.bpmn.elements._common import complete_with_outputs, terminate_children_or_finish
from zeebe_lite.model.bpmn import AdHocSubProcess, EventSubProcess, FlowNode, SubProcess
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import ErrorType

__all__ = ["AdHocSubProcessProcessor", "EventSubProcessProcessor", "SubProcessProcessor"]


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


class AdHocSubProcessProcessor:
    """An ad-hoc subprocess: activates the elements named by ``activeElementsCollection``; completes when they
    are all done, or early when its completion condition holds (terminating the rest when configured)."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Input mappings, boundary subscriptions, evaluate the collection, ELEMENT_ACTIVATED, activate."""
        element = ectx.element
        assert isinstance(element, AdHocSubProcess)
        failure = apply_input_mappings(
            pctx, element.io_mapping.inputs, ectx.key, ectx.value
        ) or open_subscriptions(pctx, ectx)
        selected = failure or self._selected(pctx, ectx, element)
        if isinstance(selected, Failure):
            create_incident(pctx, ectx, selected)
            return
        to_activated(pctx, ectx)
        if not selected:
            to_completing(pctx, ectx)
            self.on_complete(pctx, ectx)
            return
        for node in selected:
            activate_child(pctx, ectx.value, node, ectx.key)

    def on_complete(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Output mappings, then continue."""
        complete_with_outputs(pctx, ectx, {})

    def on_terminate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Terminate the children first."""
        terminate_children_or_finish(pctx, ectx)

    @staticmethod
    def _selected(
        pctx: ProcessingContext, ectx: ElementContext, element: AdHocSubProcess
    ) -> list[FlowNode] | Failure:
        expression = element.ad_hoc.active_elements_collection
        if expression is None:
            return []
        ids = pctx.expressions.evaluate_json(expression, pctx.state.variables, ectx.key)
        if isinstance(ids, Failure):
            return ids
        if ids is None:
            return []
        if not isinstance(ids, list) or not all(isinstance(item, str) for item in ids):
            return Failure(
                ErrorType.EXTRACT_VALUE_ERROR,
                f"Expected the active elements collection of '{element.id}' to be a list of element ids, "
                f"but was '{ids}'",
                ectx.key,
            )
        nodes: list[FlowNode] = []
        for element_id in ids:
            node = ectx.process.find_element(element_id)
            if node is None or node.parent_id != element.id or node.incoming:
                return Failure(
                    ErrorType.EXTRACT_VALUE_ERROR,
                    f"Expected to activate activities '{element_id}' in ad-hoc sub-process '{element.id}', but "
                    "no activatable element (without incoming sequence flows) with that id exists",
                    ectx.key,
                )
            nodes.append(node)
        return nodes
