"""Multi-instance behaviour shared with inner instances: collecting each inner instance's output element."""

from __future__ import annotations

from typing import Any

from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.behaviors.variables import set_local
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.model.bpmn import Activity, BpmnElementType
from zeebe_lite.processing.context import ProcessingContext

__all__ = ["is_inner_instance", "update_output_collection"]


def is_inner_instance(ectx: ElementContext) -> bool:
    """True for an instance created by a multi-instance body (not the body itself)."""
    element = ectx.element
    return (
        isinstance(element, Activity)
        and element.multi_instance is not None
        and ectx.value.bpmn_element_type is not BpmnElementType.MULTI_INSTANCE_BODY
    )


def update_output_collection(pctx: ProcessingContext, inner: ElementContext) -> Failure | None:
    """Store an inner instance's output element in its body's output collection (before the inner completes)."""
    element = inner.element
    if not is_inner_instance(inner) or not isinstance(element, Activity) or element.multi_instance is None:
        return None
    loop = element.multi_instance
    if not loop.output_collection:
        return None
    variables = pctx.state.variables
    counter = variables.local(inner.key, "loopCounter")
    collection = variables.local(inner.flow_scope_key, loop.output_collection)
    if counter is None or collection is None or not isinstance(collection.value, list):
        return None
    output: Any = None
    if loop.output_element is not None:
        output = pctx.expressions.evaluate_json(loop.output_element, variables, inner.key)
        if isinstance(output, Failure):
            return output
    updated = list(collection.value)
    index = int(counter.value) - 1
    if 0 <= index < len(updated):
        updated[index] = output
    body = pctx.state.element_instances.get(inner.flow_scope_key)
    if body is not None:
        set_local(pctx, inner.flow_scope_key, {loop.output_collection: updated}, body.value)
    return None
