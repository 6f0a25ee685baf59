"""Multi-instance activities: the body that creates one inner instance per input collection item."""

from __future__ import annotations

import re
from typing import Any

from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.behaviors.incidents import create_incident
from zeebe_lite.bpmn.behaviors.subscriptions import close_subscriptions, open_subscriptions
from zeebe_lite.bpmn.behaviors.transitions import (
    after_completed,
    child_value,
    to_activated,
    to_completed,
    to_completing,
)
from zeebe_lite.bpmn.behaviors.variables import merge_propagating, set_local
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.bpmn.elements._common import terminate_children_or_finish
from zeebe_lite.model.bpmn import Activity, MultiInstanceLoop
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import ErrorType, ProcessInstanceIntent, ValueType

__all__ = ["MultiInstanceBodyProcessor"]

_PI = ValueType.PROCESS_INSTANCE
_VARIABLE_PATH = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z_][A-Za-z0-9_]*)*$")
"""An output element that is a plain variable (or path) is created as a local of each inner instance."""


def _loop(ectx: ElementContext) -> tuple[Activity, MultiInstanceLoop]:
    element = ectx.element
    assert isinstance(element, Activity)
    assert element.multi_instance is not None
    return element, element.multi_instance


def _input_collection(pctx: ProcessingContext, ectx: ElementContext) -> list[Any] | Failure:
    _, loop = _loop(ectx)
    if loop.input_collection is None:
        return Failure(
            ErrorType.EXTRACT_VALUE_ERROR, "multi-instance activity has no input collection", ectx.key
        )
    value = pctx.expressions.evaluate_json(loop.input_collection, pctx.state.variables, ectx.key)
    if isinstance(value, Failure | list):
        return value
    kind = "NULL" if value is None else type(value).__name__.upper()
    return Failure(
        ErrorType.EXTRACT_VALUE_ERROR,
        f"Expected result of the expression '{loop.input_collection.raw.lstrip('= ')}' to be 'ARRAY', "
        f"but was '{kind}'.",
        ectx.key,
    )


class MultiInstanceBodyProcessor:
    """Creates inner instances (all at once, or one after another when sequential), collects their outputs,
    honours the completion condition and completes with the output collection."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Evaluate the collection, subscribe the boundary events, ELEMENT_ACTIVATED, start inner instances."""
        _, loop = _loop(ectx)
        collection = _input_collection(pctx, ectx)
        if isinstance(collection, Failure):
            create_incident(pctx, ectx, collection)
            return
        failure = open_subscriptions(pctx, ectx)
        if failure is not None:
            create_incident(pctx, ectx, failure)
            return
        to_activated(pctx, ectx)
        if loop.output_collection:
            set_local(pctx, ectx.key, {loop.output_collection: [None] * len(collection)}, ectx.value)
        if not collection:
            to_completing(pctx, ectx)
            self.on_complete(pctx, ectx)
            return
        items = collection[:1] if loop.is_sequential else collection
        for index, item in enumerate(items):
            self._activate_inner(pctx, ectx, index, item)

    def on_child_left(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """An inner instance completed or was terminated: start the next, stop early, or complete."""
        _, loop = _loop(ectx)
        body = pctx.state.element_instances.get(ectx.key)
        assert body is not None
        collection = _input_collection(pctx, ectx)
        total = len(collection) if isinstance(collection, list) else body.created_children
        if loop.completion_condition is not None and body.completed_children > 0:
            counters = {
                "numberOfInstances": total,
                "numberOfActiveInstances": body.active_children,
                "numberOfCompletedInstances": body.completed_children,
                "numberOfTerminatedInstances": body.terminated_children,
            }
            done = pctx.expressions.evaluate(
                loop.completion_condition, pctx.state.variables, ectx.key, counters, ErrorType.CONDITION_ERROR
            )
            if isinstance(done, Failure):
                create_incident(pctx, ectx, done)
                return
            if done is True:
                if body.active_children == 0:
                    self._complete(pctx, ectx)
                    return
                for child in pctx.state.element_instances.children(ectx.key):
                    pctx.writers.command(child.key, _PI, ProcessInstanceIntent.TERMINATE_ELEMENT, child.value)
                return
        if body.active_children > 0:
            return
        if loop.is_sequential and isinstance(collection, list) and body.created_children < len(collection):
            index = body.created_children
            self._activate_inner(pctx, ectx, index, collection[index])
            return
        self._complete(pctx, ectx)

    def on_complete(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Propagate the output collection, ELEMENT_COMPLETED, take the activity's outgoing flows."""
        _, loop = _loop(ectx)
        if loop.output_collection:
            entry = pctx.state.variables.local(ectx.key, loop.output_collection)
            value = [] if entry is None else entry.value
            merge_propagating(pctx, ectx.flow_scope_key, {loop.output_collection: value}, ectx.value)
        close_subscriptions(pctx, ectx.key)
        to_completed(pctx, ectx)
        after_completed(pctx, ectx)

    def on_terminate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Terminate the inner instances first."""
        terminate_children_or_finish(pctx, ectx)

    def _complete(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        to_completing(pctx, ectx)
        self.on_complete(pctx, ectx)

    @staticmethod
    def _activate_inner(pctx: ProcessingContext, ectx: ElementContext, index: int, item: Any) -> None:
        element, loop = _loop(ectx)
        key = pctx.writers.keys.next_key()
        value = child_value(ectx.value, element, ectx.key, inner=True)
        local: dict[str, Any] = {"loopCounter": index + 1}
        if loop.input_element:
            local[loop.input_element] = item
        if loop.output_element is not None and loop.output_element.is_feel:
            match = _VARIABLE_PATH.match(loop.output_element.feel.strip())
            if match is not None:
                local.setdefault(match.group(1), None)
        set_local(pctx, key, local, value)
        pctx.writers.command(key, _PI, ProcessInstanceIntent.ACTIVATE_ELEMENT, value)
