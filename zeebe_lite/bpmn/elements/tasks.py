"""Tasks: job-based tasks (service, send, job-worker user/script/rule tasks) and pass-through tasks."""

from __future__ import annotations

from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.behaviors.incidents import create_incident
from zeebe_lite.bpmn.behaviors.jobs import cancel_job, evaluate_job, write_job
from zeebe_lite.bpmn.behaviors.subscriptions import open_subscriptions
from zeebe_lite.bpmn.behaviors.transitions import to_activated, to_completing
from zeebe_lite.bpmn.behaviors.variables import apply_input_mappings
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.bpmn.elements._common import complete_with_outputs, result_variables, terminate_leaf
from zeebe_lite.model.bpmn import FlowNode, JobDefinition, Process
from zeebe_lite.processing.context import ProcessingContext

__all__ = ["JobWorkerProcessor", "PassThroughProcessor", "job_definition_of"]


def job_definition_of(element: FlowNode | Process) -> JobDefinition | None:
    """The job definition that makes an element job-based (None when it has none)."""
    for attribute in ("job", "implementation"):
        candidate = getattr(element, attribute, None)
        if isinstance(candidate, JobDefinition):
            return candidate
    return None


class JobWorkerProcessor:
    """An element executed by a job worker: creates a job and waits for it to complete."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Input mappings, job evaluation, boundary subscriptions, ELEMENT_ACTIVATED, JOB CREATED."""
        element = ectx.element
        assert not isinstance(element, Process)
        job_definition = job_definition_of(element)
        assert job_definition is not None
        failure = apply_input_mappings(pctx, element.io_mapping.inputs, ectx.key, ectx.value)
        job = failure or evaluate_job(pctx, ectx, job_definition)
        if isinstance(job, Failure):
            create_incident(pctx, ectx, job)
            return
        failure = open_subscriptions(pctx, ectx)
        if failure is not None:
            create_incident(pctx, ectx, failure)
            return
        to_activated(pctx, ectx)
        write_job(pctx, job)

    def on_complete(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Merge the job's variables (through output mappings when present) and continue."""
        complete_with_outputs(pctx, ectx, result_variables(pctx, ectx))

    def on_terminate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Cancel the job and leave."""
        cancel_job(pctx, ectx.key)
        terminate_leaf(pctx, ectx)


class PassThroughProcessor:
    """An element with no wait state (none events, undefined and manual tasks, parallel fork/join).

    It applies its input mappings, then completes at once through its output mappings.
    """

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """ELEMENT_ACTIVATED then straight to completion."""
        element = ectx.element
        assert not isinstance(element, Process)
        failure = apply_input_mappings(pctx, element.io_mapping.inputs, ectx.key, ectx.value)
        if failure is not None:
            create_incident(pctx, ectx, failure)
            return
        to_activated(pctx, ectx)
        to_completing(pctx, ectx)
        self.on_complete(pctx, ectx)

    def on_complete(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Output mappings (or trigger variables) and continue."""
        complete_with_outputs(pctx, ectx, result_variables(pctx, ectx))

    def on_terminate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Leave."""
        terminate_leaf(pctx, ectx)
