"""Job behaviour: create the job of a job-based element, cancel it when the element is left."""

from __future__ import annotations

from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.behaviors.user_tasks import evaluate_user_task, job_worker_headers
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.model.bpmn import JobDefinition, UserTask
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import NO_KEY, JobIntent, JobRecord, ValueType

__all__ = ["cancel_job", "evaluate_job", "write_job"]


def evaluate_job(pctx: ProcessingContext, ectx: ElementContext, job: JobDefinition) -> JobRecord | Failure:
    """The job an element instance needs, with type and retries evaluated in its scope."""
    variables = pctx.state.variables
    job_type = pctx.expressions.evaluate_string(job.job_type, variables, ectx.key)
    if isinstance(job_type, Failure):
        return job_type
    retries = pctx.expressions.evaluate_int(job.retries, variables, ectx.key)
    if isinstance(retries, Failure):
        return retries
    value = ectx.value
    headers = job.custom_headers
    element = ectx.element
    if isinstance(element, UserTask):
        properties = evaluate_user_task(pctx, element, ectx.key)
        if isinstance(properties, Failure):
            return properties
        headers = {**headers, **job_worker_headers(properties)}
    return JobRecord(
        type=job_type,
        retries=retries,
        element_id=value.element_id,
        element_instance_key=ectx.key,
        process_instance_key=value.process_instance_key,
        bpmn_process_id=value.bpmn_process_id,
        process_definition_version=value.version,
        process_definition_key=value.process_definition_key,
        custom_headers=headers,
        tenant_id=value.tenant_id,
    )


def write_job(pctx: ProcessingContext, job: JobRecord) -> None:
    """JOB CREATED."""
    writers = pctx.writers
    writers.event(writers.keys.next_key(), ValueType.JOB, JobIntent.CREATED, job)


def cancel_job(pctx: ProcessingContext, element_instance_key: int) -> None:
    """Write JOB CANCELED for the element's live job, if any."""
    instance = pctx.state.element_instances.get(element_instance_key)
    if instance is None or instance.job_key == NO_KEY:
        return
    job = pctx.state.jobs.get(instance.job_key)
    if job is not None:
        pctx.writers.event(job.key, ValueType.JOB, JobIntent.CANCELED, job.record)
