"""Building client commands, and the typed results and errors the engine API returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from zeebe_lite.dmn import DecisionEvaluationResult
from zeebe_lite.model.bpmn import BpmnElementType
from zeebe_lite.records import (
    NO_KEY,
    DecisionEvaluationIntent,
    DecisionEvaluationRecord,
    DecisionRecord,
    DeploymentIntent,
    DeploymentRecord,
    DeploymentResource,
    ErrorType,
    IncidentIntent,
    IncidentRecord,
    Intent,
    JobBatchIntent,
    JobBatchRecord,
    JobIntent,
    JobRecord,
    MessageIntent,
    MessageRecord,
    ModificationActivateInstruction,
    ModificationTerminateInstruction,
    ProcessInstanceCreationIntent,
    ProcessInstanceCreationRecord,
    ProcessInstanceIntent,
    ProcessInstanceMigrationIntent,
    ProcessInstanceMigrationMappingInstruction,
    ProcessInstanceMigrationRecord,
    ProcessInstanceModificationIntent,
    ProcessInstanceModificationRecord,
    ProcessInstanceRecord,
    Record,
    RecordType,
    RecordValue,
    RejectionType,
    ResourceDeletionIntent,
    ResourceDeletionRecord,
    SignalIntent,
    SignalRecord,
    UserTaskIntent,
    UserTaskRecord,
    ValueType,
    VariableDocumentIntent,
    VariableDocumentRecord,
    VariableDocumentUpdateSemantic,
)

__all__ = [
    "ActivatedJob",
    "CommandRejectedError",
    "DecisionEvaluation",
    "activate_jobs_command",
    "assign_user_task_command",
    "broadcast_signal_command",
    "cancel_command",
    "command",
    "complete_job_command",
    "complete_user_task_command",
    "create_instance_command",
    "delete_resource_command",
    "deploy_command",
    "evaluate_decision_command",
    "fail_job_command",
    "migrate_command",
    "millis",
    "modify_command",
    "publish_message_command",
    "resolve_incident_command",
    "set_variables_command",
    "throw_error_command",
    "update_retries_command",
    "update_timeout_command",
]


class CommandRejectedError(Exception):
    """A command was rejected; ``rejection_type`` tells the gateway which gRPC status to use.

    Mapping used by Zeebe's gateway: NOT_FOUND -> NOT_FOUND, INVALID_ARGUMENT -> INVALID_ARGUMENT,
    ALREADY_EXISTS -> ALREADY_EXISTS, INVALID_STATE -> FAILED_PRECONDITION, PROCESSING_ERROR -> INTERNAL.
    """

    def __init__(self, rejection_type: RejectionType, reason: str, command_name: str = "") -> None:
        self.rejection_type = rejection_type
        self.reason = reason
        prefix = (
            f"Command '{command_name}' rejected with code '{rejection_type.value}': " if command_name else ""
        )
        super().__init__(prefix + reason)


@dataclass(frozen=True, slots=True)
class DecisionEvaluation:
    """An evaluated decision: the DECISION_EVALUATION event's key and record, the decision and the full result."""

    key: int
    record: DecisionEvaluationRecord
    decision: DecisionRecord
    result: DecisionEvaluationResult


@dataclass(frozen=True, slots=True)
class ActivatedJob:
    """A job handed to a worker: its key plus the job record (worker, deadline, variables ...)."""

    key: int
    record: JobRecord


def millis(duration: dt.timedelta) -> int:
    """A duration in whole milliseconds (the unit of Zeebe's wire)."""
    return duration // dt.timedelta(milliseconds=1)


def command(value_type: ValueType, intent: Intent, value: RecordValue, key: int = NO_KEY) -> Record[Any]:
    """A client command record (position and timestamp are set when it is processed)."""
    return Record(
        position=-1,
        key=key,
        timestamp=-1,
        value_type=value_type,
        intent=intent,
        record_type=RecordType.COMMAND,
        value=value,
    )


def deploy_command(resources: Mapping[str, bytes | str] | Iterable[tuple[str, bytes | str]]) -> Record[Any]:
    """DEPLOYMENT CREATE for named resources (bytes must be UTF-8)."""
    items = resources.items() if isinstance(resources, Mapping) else resources
    deployed = tuple(
        DeploymentResource(name, content.decode("utf-8") if isinstance(content, bytes) else content)
        for name, content in items
    )
    return command(ValueType.DEPLOYMENT, DeploymentIntent.CREATE, DeploymentRecord(resources=deployed))


def evaluate_decision_command(
    *, decision_id: str = "", decision_key: int = NO_KEY, variables: Mapping[str, Any] | None = None
) -> Record[Any]:
    """DECISION_EVALUATION EVALUATE by decision key, or by decision id (latest version)."""
    value = DecisionEvaluationRecord(
        decision_key=decision_key, decision_id=decision_id, variables=_document(variables)
    )
    return command(ValueType.DECISION_EVALUATION, DecisionEvaluationIntent.EVALUATE, value)


def delete_resource_command(resource_key: int) -> Record[Any]:
    """RESOURCE_DELETION DELETE for a process definition key or a decision requirements key."""
    value = ResourceDeletionRecord(resource_key)
    return command(ValueType.RESOURCE_DELETION, ResourceDeletionIntent.DELETE, value, resource_key)


def create_instance_command(
    *,
    bpmn_process_id: str = "",
    version: int = -1,
    process_definition_key: int = NO_KEY,
    variables: Mapping[str, Any] | None = None,
    await_result: bool = False,
    start_element_ids: Iterable[str] = (),
) -> Record[Any]:
    """PROCESS_INSTANCE_CREATION CREATE by definition key, or by process id and version (-1 = latest).

    With ``await_result`` the intent is CREATE_WITH_AWAITING_RESULT: the engine reports the instance's end.
    """
    value = ProcessInstanceCreationRecord(
        bpmn_process_id=bpmn_process_id,
        version=version,
        process_definition_key=process_definition_key,
        variables=_document(variables),
        start_element_ids=tuple(start_element_ids),
    )
    intent = (
        ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT
        if await_result
        else ProcessInstanceCreationIntent.CREATE
    )
    return command(ValueType.PROCESS_INSTANCE_CREATION, intent, value)


def cancel_command(process_instance_key: int) -> Record[Any]:
    """PROCESS_INSTANCE CANCEL."""
    value = ProcessInstanceRecord(
        bpmn_process_id="",
        version=-1,
        process_definition_key=NO_KEY,
        process_instance_key=process_instance_key,
        element_id="",
        flow_scope_key=NO_KEY,
        bpmn_element_type=BpmnElementType.PROCESS,
    )
    return command(ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.CANCEL, value, process_instance_key)


def modify_command(
    process_instance_key: int,
    activate: Iterable[ModificationActivateInstruction] = (),
    terminate: Iterable[int] = (),
) -> Record[Any]:
    """PROCESS_INSTANCE_MODIFICATION MODIFY: activate elements, terminate element instances (by key)."""
    value = ProcessInstanceModificationRecord(
        process_instance_key=process_instance_key,
        activate_instructions=tuple(activate),
        terminate_instructions=tuple(ModificationTerminateInstruction(key) for key in terminate),
    )
    return command(
        ValueType.PROCESS_INSTANCE_MODIFICATION,
        ProcessInstanceModificationIntent.MODIFY,
        value,
        process_instance_key,
    )


def migrate_command(
    process_instance_key: int,
    target_process_definition_key: int,
    mapping_instructions: Iterable[ProcessInstanceMigrationMappingInstruction] = (),
) -> Record[Any]:
    """PROCESS_INSTANCE_MIGRATION MIGRATE: move a live instance to another definition by element mappings."""
    value = ProcessInstanceMigrationRecord(
        process_instance_key=process_instance_key,
        target_process_definition_key=target_process_definition_key,
        mapping_instructions=tuple(mapping_instructions),
    )
    return command(
        ValueType.PROCESS_INSTANCE_MIGRATION,
        ProcessInstanceMigrationIntent.MIGRATE,
        value,
        process_instance_key,
    )


def activate_jobs_command(
    job_type: str, worker: str, timeout: dt.timedelta, max_jobs: int, fetch_variables: Iterable[str] = ()
) -> Record[Any]:
    """JOB_BATCH ACTIVATE."""
    value = JobBatchRecord(job_type, worker, millis(timeout), max_jobs, tuple(fetch_variables))
    return command(ValueType.JOB_BATCH, JobBatchIntent.ACTIVATE, value)


def _job_command(intent: JobIntent, key: int, **fields: Any) -> Record[Any]:
    fields.setdefault("retries", 0)
    return command(ValueType.JOB, intent, JobRecord(type="", **fields), key)


def complete_job_command(key: int, variables: Mapping[str, Any] | None = None) -> Record[Any]:
    """JOB COMPLETE."""
    return _job_command(JobIntent.COMPLETE, key, variables=_document(variables))


def fail_job_command(
    key: int,
    retries: int,
    error_message: str = "",
    retry_backoff: dt.timedelta = dt.timedelta(0),
    variables: Mapping[str, Any] | None = None,
) -> Record[Any]:
    """JOB FAIL with the retries left."""
    return _job_command(
        JobIntent.FAIL,
        key,
        retries=retries,
        error_message=error_message,
        retry_backoff=millis(retry_backoff),
        variables=_document(variables),
    )


def throw_error_command(
    key: int, error_code: str, error_message: str = "", variables: Mapping[str, Any] | None = None
) -> Record[Any]:
    """JOB THROW_ERROR."""
    return _job_command(
        JobIntent.THROW_ERROR,
        key,
        error_code=error_code,
        error_message=error_message,
        variables=_document(variables),
    )


def update_retries_command(key: int, retries: int) -> Record[Any]:
    """JOB UPDATE_RETRIES."""
    return _job_command(JobIntent.UPDATE_RETRIES, key, retries=retries)


def update_timeout_command(key: int, timeout: dt.timedelta) -> Record[Any]:
    """JOB UPDATE_TIMEOUT (new deadline = now + timeout)."""
    return _job_command(JobIntent.UPDATE_TIMEOUT, key, timeout=millis(timeout))


def set_variables_command(
    element_instance_key: int, variables: Mapping[str, Any], local: bool
) -> Record[Any]:
    """VARIABLE_DOCUMENT UPDATE."""
    semantics = VariableDocumentUpdateSemantic.LOCAL if local else VariableDocumentUpdateSemantic.PROPAGATE
    value = VariableDocumentRecord(element_instance_key, semantics, _document(variables))
    return command(ValueType.VARIABLE_DOCUMENT, VariableDocumentIntent.UPDATE, value)


def resolve_incident_command(key: int) -> Record[Any]:
    """INCIDENT RESOLVE."""
    value = IncidentRecord(ErrorType.UNKNOWN, "", "", NO_KEY, NO_KEY, "", NO_KEY, NO_KEY)
    return command(ValueType.INCIDENT, IncidentIntent.RESOLVE, value, key)


def publish_message_command(
    name: str,
    correlation_key: str,
    time_to_live: dt.timedelta = dt.timedelta(0),
    message_id: str = "",
    variables: Mapping[str, Any] | None = None,
) -> Record[Any]:
    """MESSAGE PUBLISH."""
    value = MessageRecord(name, correlation_key, millis(time_to_live), message_id, _document(variables))
    return command(ValueType.MESSAGE, MessageIntent.PUBLISH, value)


def broadcast_signal_command(signal_name: str, variables: Mapping[str, Any] | None = None) -> Record[Any]:
    """SIGNAL BROADCAST."""
    return command(ValueType.SIGNAL, SignalIntent.BROADCAST, SignalRecord(signal_name, _document(variables)))


def complete_user_task_command(key: int, variables: Mapping[str, Any] | None = None) -> Record[Any]:
    """USER_TASK COMPLETE."""
    value = UserTaskRecord(NO_KEY, "", NO_KEY, "", NO_KEY, -1, variables=_document(variables))
    return command(ValueType.USER_TASK, UserTaskIntent.COMPLETE, value, key)


def assign_user_task_command(key: int, assignee: str) -> Record[Any]:
    """USER_TASK ASSIGN (empty assignee unassigns)."""
    value = UserTaskRecord(NO_KEY, "", NO_KEY, "", NO_KEY, -1, assignee=assignee)
    return command(ValueType.USER_TASK, UserTaskIntent.ASSIGN, value, key)


def _document(variables: Mapping[str, Any] | None) -> dict[str, Any]:
    if variables is None:
        return {}
    if isinstance(variables, dict):
        return variables
    if isinstance(variables, Mapping):
        return dict(variables)
    return variables
