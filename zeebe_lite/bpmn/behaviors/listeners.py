"""Execution listener behaviour: run an element's start/end listener jobs one after another.

Start listeners run after the element's input mappings and before its own activation (its job, its
subscriptions ...); end listeners after its output mappings and before ELEMENT_COMPLETED. The element waits
in ACTIVATING / COMPLETING meanwhile; completing a listener job resumes it. Variables of a start listener job
become local variables of the element, those of an end listener propagate like job variables.
"""

from __future__ import annotations

from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.behaviors.incidents import create_incident
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.model.bpmn import ExecutionListenerEventType
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import NO_KEY, JobIntent, JobRecord, ValueType

__all__ = ["listeners_pending"]


def listeners_pending(
    pctx: ProcessingContext, ectx: ElementContext, event_type: ExecutionListenerEventType
) -> bool:
    """True while the element must wait for a listener job (the next one is created here when needed)."""
    listeners = [
        listener for listener in ectx.element.execution_listeners if listener.event_type is event_type
    ]
    if not listeners:
        return False
    instance = pctx.state.element_instances.get(ectx.key)
    if instance is None:
        return False
    done = (
        instance.start_listeners_done
        if event_type is ExecutionListenerEventType.START
        else instance.end_listeners_done
    )
    if done >= len(listeners):
        return False
    if instance.job_key != NO_KEY:
        return True
    listener = listeners[done]
    variables = pctx.state.variables
    job_type = pctx.expressions.evaluate_string(listener.job_type, variables, ectx.key)
    retries = pctx.expressions.evaluate_int(listener.retries, variables, ectx.key)
    for failure in (job_type, retries):
        if isinstance(failure, Failure):
            create_incident(pctx, ectx, failure)
            return True
    assert isinstance(job_type, str)
    assert isinstance(retries, int)
    value = ectx.value
    job = JobRecord(
        type=job_type,
        retries=retries,
        element_id=value.element_id,
        element_instance_key=ectx.key,
        process_instance_key=value.process_instance_key,
        bpmn_process_id=value.bpmn_process_id,
        process_definition_version=value.version,
        process_definition_key=value.process_definition_key,
        tenant_id=value.tenant_id,
        listener_event_type=event_type.value,
    )
    writers = pctx.writers
    writers.event(writers.keys.next_key(), ValueType.JOB, JobIntent.CREATED, job)
    return True
