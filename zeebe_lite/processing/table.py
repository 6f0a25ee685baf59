"""The one place that wires every command to its processor."""

from __future__ import annotations

from zeebe_lite.bpmn.lifecycle import activate_element, complete_element, terminate_element
from zeebe_lite.processing._protocol import ProcessorTable
from zeebe_lite.processing.decision import evaluate_decision
from zeebe_lite.processing.deployment.create import create_deployment
from zeebe_lite.processing.deployment.delete import delete_resource
from zeebe_lite.processing.incident.resolve import resolve_incident
from zeebe_lite.processing.job.activate import activate_jobs
from zeebe_lite.processing.job.complete import complete_job
from zeebe_lite.processing.job.fail import fail_job
from zeebe_lite.processing.job.lifecycle import (
    recur_after_backoff,
    time_out_job,
    update_job_retries,
    update_job_timeout,
)
from zeebe_lite.processing.job.throw_error import throw_error
from zeebe_lite.processing.message.expire import expire_message
from zeebe_lite.processing.message.publish import publish_message
from zeebe_lite.processing.process_instance.cancel import cancel_process_instance
from zeebe_lite.processing.process_instance.create import create_process_instance
from zeebe_lite.processing.process_instance.migrate import migrate_process_instance
from zeebe_lite.processing.process_instance.modify import modify_process_instance
from zeebe_lite.processing.signal.broadcast import broadcast_signal
from zeebe_lite.processing.timer.trigger import trigger_timer
from zeebe_lite.processing.user_task import assign_user_task, complete_user_task
from zeebe_lite.processing.variable.set_variables import set_variables
from zeebe_lite.records import (
    DecisionEvaluationIntent,
    DeploymentIntent,
    IncidentIntent,
    JobBatchIntent,
    JobIntent,
    MessageIntent,
    ProcessInstanceCreationIntent,
    ProcessInstanceIntent,
    ProcessInstanceMigrationIntent,
    ProcessInstanceModificationIntent,
    ResourceDeletionIntent,
    SignalIntent,
    TimerIntent,
    UserTaskIntent,
    ValueType,
    VariableDocumentIntent,
)

__all__ = ["build_processors"]


def build_processors() -> ProcessorTable:
    """Command processors by (value type, command intent)."""
    return {
        (ValueType.DEPLOYMENT, DeploymentIntent.CREATE): create_deployment,
        (ValueType.RESOURCE_DELETION, ResourceDeletionIntent.DELETE): delete_resource,
        (ValueType.DECISION_EVALUATION, DecisionEvaluationIntent.EVALUATE): evaluate_decision,
        (ValueType.PROCESS_INSTANCE_CREATION, ProcessInstanceCreationIntent.CREATE): create_process_instance,
        (
            ValueType.PROCESS_INSTANCE_CREATION,
            ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT,
        ): create_process_instance,
        (ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.CANCEL): cancel_process_instance,
        (
            ValueType.PROCESS_INSTANCE_MODIFICATION,
            ProcessInstanceModificationIntent.MODIFY,
        ): modify_process_instance,
        (
            ValueType.PROCESS_INSTANCE_MIGRATION,
            ProcessInstanceMigrationIntent.MIGRATE,
        ): migrate_process_instance,
        (ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.ACTIVATE_ELEMENT): activate_element,
        (ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.COMPLETE_ELEMENT): complete_element,
        (ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.TERMINATE_ELEMENT): terminate_element,
        (ValueType.JOB_BATCH, JobBatchIntent.ACTIVATE): activate_jobs,
        (ValueType.JOB, JobIntent.COMPLETE): complete_job,
        (ValueType.JOB, JobIntent.FAIL): fail_job,
        (ValueType.JOB, JobIntent.THROW_ERROR): throw_error,
        (ValueType.JOB, JobIntent.TIME_OUT): time_out_job,
        (ValueType.JOB, JobIntent.RECUR_AFTER_BACKOFF): recur_after_backoff,
        (ValueType.JOB, JobIntent.UPDATE_RETRIES): update_job_retries,
        (ValueType.JOB, JobIntent.UPDATE_TIMEOUT): update_job_timeout,
        (ValueType.VARIABLE_DOCUMENT, VariableDocumentIntent.UPDATE): set_variables,
        (ValueType.INCIDENT, IncidentIntent.RESOLVE): resolve_incident,
        (ValueType.MESSAGE, MessageIntent.PUBLISH): publish_message,
        (ValueType.MESSAGE, MessageIntent.EXPIRE): expire_message,
        (ValueType.TIMER, TimerIntent.TRIGGER): trigger_timer,
        (ValueType.SIGNAL, SignalIntent.BROADCAST): broadcast_signal,
        (ValueType.USER_TASK, UserTaskIntent.COMPLETE): complete_user_task,
        (ValueType.USER_TASK, UserTaskIntent.ASSIGN): assign_user_task,
    }
