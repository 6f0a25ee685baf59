"""The process itself: the root flow scope of an instance."""

from __future__ import annotations

from zeebe_lite.bpmn.behaviors.activation import activate_below
from zeebe_lite.bpmn.behaviors.incidents import create_incident
from zeebe_lite.bpmn.behaviors.listeners import listeners_pending
from zeebe_lite.bpmn.behaviors.subscriptions import close_subscriptions, open_subscriptions
from zeebe_lite.bpmn.behaviors.transitions import activate_child, to_activated, to_completed
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.bpmn.elements._common import terminate_children_or_finish
from zeebe_lite.model.bpmn import ExecutionListenerEventType, FlowNode, StartEvent
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import (
    NO_KEY,
    ProcessEventIntent,
    ProcessEventRecord,
    ProcessInstanceIntent,
    ValueType,
)

__all__ = ["ProcessProcessor"]


class ProcessProcessor:
    """Activates the none start event; completes when no element is left; terminates all children."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Event subprocess subscriptions, ELEMENT_ACTIVATED, then the triggered start event or the none one."""
        failure = open_subscriptions(pctx, ectx)
        if failure is not None:
            create_incident(pctx, ectx, failure)
            return
        instructions = pctx.state.element_instances.start_instructions(ectx.key)
        to_activated(pctx, ectx)
        process = ectx.process
        if instructions:
            for element_id in instructions:
                activate_below(pctx, process, process.element(element_id), ectx.key, reuse_scopes=True)
            return
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
        """ELEMENT_COMPLETED; a called instance hands its variables to its call activity, which completes."""
        close_subscriptions(pctx, ectx.key)
        if listeners_pending(pctx, ectx, ExecutionListenerEventType.END):
            return
        caller_key = ectx.value.parent_element_instance_key
        caller = pctx.state.element_instances.get(caller_key) if caller_key != NO_KEY else None
        if caller is None:
            to_completed(pctx, ectx)
            return
        variables = pctx.state.variables.local_variables(ectx.key)
        to_completed(pctx, ectx)
        writers = pctx.writers
        trigger = ProcessEventRecord(
            scope_key=caller_key,
            target_element_id=caller.value.element_id,
            process_instance_key=caller.value.process_instance_key,
            process_definition_key=caller.value.process_definition_key,
            variables=variables,
            tenant_id=caller.value.tenant_id,
        )
        writers.event(
            writers.keys.next_key(), ValueType.PROCESS_EVENT, ProcessEventIntent.TRIGGERING, trigger
        )
        writers.command(
            caller_key, ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.COMPLETE_ELEMENT, caller.value
        )

    def on_terminate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Terminate every child, then the process."""
        terminate_children_or_finish(pctx, ectx)
