"""Record values: one frozen dataclass per value type (Zeebe's ``*RecordValue``).

Every field is JSON-native (``int``, ``str``, ``bool``, ``None``, ``dict`` of JSON values for variables and
headers) or a tuple of nested values, so that :mod:`zeebe_lite.records.codec` can round-trip records through
the log. Variable values are JSON values as Python objects (``int``/``float``/``str``/``bool``/``None``/
``list``/``dict``), never FEEL values. Durations and instants are integers in epoch milliseconds, as on
Zeebe's wire.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from zeebe_lite.model.bpmn import BpmnElementType, BpmnEventType

__all__ = [
    "NO_KEY",
    "TENANT_DEFAULT",
    "BpmnElementType",
    "BpmnEventType",
    "CompensationSubscriptionRecord",
    "DecisionEvaluationRecord",
    "DecisionRecord",
    "DecisionRequirementsRecord",
    "DeploymentRecord",
    "DeploymentResource",
    "ErrorType",
    "IncidentRecord",
    "JobBatchRecord",
    "JobRecord",
    "MessageRecord",
    "MessageStartEventSubscriptionRecord",
    "MessageSubscriptionRecord",
    "ModificationActivateInstruction",
    "ModificationTerminateInstruction",
    "ModificationVariableInstruction",
    "ProcessEventRecord",
    "ProcessInstanceCreationRecord",
    "ProcessInstanceMigrationMappingInstruction",
    "ProcessInstanceMigrationRecord",
    "ProcessInstanceModificationRecord",
    "ProcessInstanceRecord",
    "ProcessMetadata",
    "ProcessRecord",
    "RecordValue",
    "ResourceDeletionRecord",
    "SignalRecord",
    "SignalSubscriptionRecord",
    "TimerRecord",
    "UserTaskRecord",
    "VariableDocumentRecord",
    "VariableDocumentUpdateSemantic",
    "VariableRecord",
]

NO_KEY = -1
"""Zeebe's marker for "no key" in key fields."""

TENANT_DEFAULT = "<default>"
"""The tenant id used when multi-tenancy is off."""


class ErrorType(StrEnum):
    """Incident error types (Zeebe's ``ErrorType``)."""

    UNKNOWN = "UNKNOWN"
    IO_MAPPING_ERROR = "IO_MAPPING_ERROR"
    JOB_NO_RETRIES = "JOB_NO_RETRIES"
    CONDITION_ERROR = "CONDITION_ERROR"
    EXTRACT_VALUE_ERROR = "EXTRACT_VALUE_ERROR"
    CALLED_ELEMENT_ERROR = "CALLED_ELEMENT_ERROR"
    UNHANDLED_ERROR_EVENT = "UNHANDLED_ERROR_EVENT"
    MESSAGE_SIZE_EXCEEDED = "MESSAGE_SIZE_EXCEEDED"
    CALLED_DECISION_ERROR = "CALLED_DECISION_ERROR"
    DECISION_EVALUATION_ERROR = "DECISION_EVALUATION_ERROR"


class VariableDocumentUpdateSemantic(StrEnum):
    """How SetVariables applies a document: only on the scope, or propagated upwards."""

    LOCAL = "LOCAL"
    PROPAGATE = "PROPAGATE"


@dataclass(frozen=True, slots=True)
class DeploymentResource:
    """One deployed file."""

    resource_name: str
    resource: str


@dataclass(frozen=True, slots=True)
class ProcessMetadata:
    """What a deployment reports about each process it contains (new or unchanged)."""

    bpmn_process_id: str
    version: int
    process_definition_key: int
    resource_name: str
    checksum: str
    is_duplicate: bool = False
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """A deployed decision (also the deployment's decision metadata)."""

    decision_id: str
    decision_name: str
    version: int
    decision_key: int
    decision_requirements_id: str
    decision_requirements_key: int
    is_duplicate: bool = False
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class DecisionRequirementsRecord:
    """A deployed DMN resource (decision requirements graph)."""

    decision_requirements_id: str
    decision_requirements_name: str
    decision_requirements_version: int
    decision_requirements_key: int
    namespace: str
    resource_name: str
    checksum: str
    resource: str
    is_duplicate: bool = False
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class DeploymentRecord:
    """A deployment command or event."""

    resources: tuple[DeploymentResource, ...] = ()
    processes_metadata: tuple[ProcessMetadata, ...] = ()
    decisions_metadata: tuple[DecisionRecord, ...] = ()
    decision_requirements_metadata: tuple[DecisionRequirementsRecord, ...] = ()
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class ProcessRecord:
    """A deployed process definition; ``resource`` is the whole BPMN file it came from."""

    bpmn_process_id: str
    version: int
    process_definition_key: int
    resource_name: str
    checksum: str
    resource: str
    deployment_key: int
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class ProcessInstanceRecord:
    """An element instance of a process instance (also the process instance itself)."""

    bpmn_process_id: str
    version: int
    process_definition_key: int
    process_instance_key: int
    element_id: str
    flow_scope_key: int
    bpmn_element_type: BpmnElementType
    bpmn_event_type: BpmnEventType = BpmnEventType.UNSPECIFIED
    parent_process_instance_key: int = NO_KEY
    parent_element_instance_key: int = NO_KEY
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class ProcessInstanceCreationRecord:
    """CreateProcessInstance: by definition key, or by process id and version (-1 = latest)."""

    bpmn_process_id: str = ""
    version: int = -1
    process_definition_key: int = NO_KEY
    process_instance_key: int = NO_KEY
    variables: dict[str, Any] = field(default_factory=dict)
    start_element_ids: tuple[str, ...] = ()
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class JobRecord:
    """A job (service task work item) in any of its states."""

    type: str
    retries: int
    element_id: str = ""
    element_instance_key: int = NO_KEY
    process_instance_key: int = NO_KEY
    bpmn_process_id: str = ""
    process_definition_version: int = -1
    process_definition_key: int = NO_KEY
    custom_headers: dict[str, str] = field(default_factory=dict)
    worker: str = ""
    deadline: int = -1
    timeout: int = -1
    retry_backoff: int = 0
    recurring_time: int = -1
    error_message: str = ""
    error_code: str = ""
    variables: dict[str, Any] = field(default_factory=dict)
    tenant_id: str = TENANT_DEFAULT
    listener_event_type: str = ""
    """``start``/``end`` for an execution listener job (Zeebe's job kind EXECUTION_LISTENER), else empty."""


@dataclass(frozen=True, slots=True)
class JobBatchRecord:
    """ActivateJobs: the request, and the jobs it activated (with their keys and fetched variables)."""

    type: str
    worker: str
    timeout: int
    max_jobs_to_activate: int
    fetch_variables: tuple[str, ...] = ()
    job_keys: tuple[int, ...] = ()
    jobs: tuple[JobRecord, ...] = ()
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class VariableRecord:
    """One variable in one scope."""

    name: str
    value: Any
    scope_key: int
    process_instance_key: int
    process_definition_key: int
    bpmn_process_id: str
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class VariableDocumentRecord:
    """SetVariables on an element instance scope."""

    scope_key: int
    update_semantics: VariableDocumentUpdateSemantic
    variables: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    """A problem that blocks an element instance or a job until it is resolved."""

    error_type: ErrorType
    error_message: str
    bpmn_process_id: str
    process_definition_key: int
    process_instance_key: int
    element_id: str
    element_instance_key: int
    variable_scope_key: int
    job_key: int = NO_KEY
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class MessageRecord:
    """A published message; ``deadline`` is when its buffering ends (epoch ms)."""

    name: str
    correlation_key: str
    time_to_live: int
    message_id: str = ""
    variables: dict[str, Any] = field(default_factory=dict)
    deadline: int = -1
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class MessageSubscriptionRecord:
    """An element instance waiting for a message (name, correlation key)."""

    process_instance_key: int
    element_instance_key: int
    element_id: str
    bpmn_process_id: str
    message_name: str
    correlation_key: str
    interrupting: bool = True
    message_key: int = NO_KEY
    variables: dict[str, Any] = field(default_factory=dict)
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class MessageStartEventSubscriptionRecord:
    """A message start event of the latest version of a process, waiting for messages."""

    process_definition_key: int
    bpmn_process_id: str
    start_event_id: str
    message_name: str
    message_key: int = NO_KEY
    process_instance_key: int = NO_KEY
    correlation_key: str = ""
    variables: dict[str, Any] = field(default_factory=dict)
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class TimerRecord:
    """A timer of a catch event or boundary event (``element_instance_key``) or a start event."""

    element_instance_key: int
    process_instance_key: int
    process_definition_key: int
    target_element_id: str
    due_date: int
    repetitions: int = 1
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class SignalRecord:
    """A broadcast signal."""

    signal_name: str
    variables: dict[str, Any] = field(default_factory=dict)
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class SignalSubscriptionRecord:
    """An element instance (or start event) waiting for a signal."""

    signal_name: str
    catch_element_id: str
    catch_event_instance_key: int = NO_KEY
    process_definition_key: int = NO_KEY
    bpmn_process_id: str = ""
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class ProcessEventRecord:
    """An event caught on behalf of ``target_element_id`` (its trigger kept under ``scope_key``)."""

    scope_key: int
    target_element_id: str
    process_instance_key: int
    process_definition_key: int
    variables: dict[str, Any] = field(default_factory=dict)
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class UserTaskRecord:
    """A Camunda user task (``zeebe:userTask``): assignment and schedule evaluated when it was created."""

    element_instance_key: int
    element_id: str
    process_instance_key: int
    bpmn_process_id: str
    process_definition_key: int
    process_definition_version: int
    assignee: str = ""
    candidate_groups: tuple[str, ...] = ()
    candidate_users: tuple[str, ...] = ()
    due_date: str = ""
    follow_up_date: str = ""
    form_key: str = ""
    priority: int = 50
    custom_headers: dict[str, str] = field(default_factory=dict)
    variables: dict[str, Any] = field(default_factory=dict)
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class CompensationSubscriptionRecord:
    """A completed activity with a compensation boundary event, and (once triggered) the throw waiting for it."""

    process_instance_key: int
    element_instance_key: int
    element_id: str
    flow_scope_key: int
    compensation_handler_id: str
    throw_event_instance_key: int = NO_KEY
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class ModificationVariableInstruction:
    """Variables to set on the scope of element ``element_id`` (empty: the process instance) when activating."""

    element_id: str = ""
    variables: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ModificationActivateInstruction:
    """Activate ``element_id``, below the ancestor element instance ``ancestor_scope_key`` when given."""

    element_id: str
    ancestor_scope_key: int = NO_KEY
    variable_instructions: tuple[ModificationVariableInstruction, ...] = ()


@dataclass(frozen=True, slots=True)
class ModificationTerminateInstruction:
    """Terminate one live element instance."""

    element_instance_key: int


@dataclass(frozen=True, slots=True)
class ProcessInstanceModificationRecord:
    """ModifyProcessInstance: activate elements and terminate element instances of a live instance."""

    process_instance_key: int
    activate_instructions: tuple[ModificationActivateInstruction, ...] = ()
    terminate_instructions: tuple[ModificationTerminateInstruction, ...] = ()
    activated_element_instance_keys: tuple[int, ...] = ()
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class ProcessInstanceMigrationMappingInstruction:
    """Map the element ``source_element_id`` of the source definition to ``target_element_id`` of the target."""

    source_element_id: str
    target_element_id: str


@dataclass(frozen=True, slots=True)
class ProcessInstanceMigrationRecord:
    """MigrateProcessInstance: move a live instance to another process definition by element mappings.

    ``process_definition_key`` is the definition the instance ran on before (set on the MIGRATED event).
    """

    process_instance_key: int
    target_process_definition_key: int
    mapping_instructions: tuple[ProcessInstanceMigrationMappingInstruction, ...] = ()
    process_definition_key: int = NO_KEY
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class ResourceDeletionRecord:
    """DeleteResource: a process definition key or a decision requirements (DRG) key."""

    resource_key: int
    tenant_id: str = TENANT_DEFAULT


@dataclass(frozen=True, slots=True)
class DecisionEvaluationRecord:
    """One evaluation of a deployed decision (EvaluateDecision or a business rule task).

    ``decision_output`` is the result as JSON text (``null`` when the evaluation failed).
    """

    decision_key: int = NO_KEY
    decision_id: str = ""
    decision_name: str = ""
    decision_version: int = -1
    decision_requirements_id: str = ""
    decision_requirements_key: int = NO_KEY
    decision_output: str = "null"
    variables: dict[str, Any] = field(default_factory=dict)
    failed_decision_id: str = ""
    evaluation_failure_message: str = ""
    evaluated_decision_ids: tuple[str, ...] = ()
    bpmn_process_id: str = ""
    process_definition_key: int = NO_KEY
    process_instance_key: int = NO_KEY
    element_id: str = ""
    element_instance_key: int = NO_KEY
    tenant_id: str = TENANT_DEFAULT


RecordValue = (
    DeploymentRecord
    | ProcessRecord
    | DecisionRecord
    | DecisionRequirementsRecord
    | ProcessInstanceRecord
    | ProcessInstanceCreationRecord
    | JobRecord
    | JobBatchRecord
    | VariableRecord
    | VariableDocumentRecord
    | IncidentRecord
    | MessageRecord
    | MessageSubscriptionRecord
    | MessageStartEventSubscriptionRecord
    | TimerRecord
    | SignalRecord
    | SignalSubscriptionRecord
    | ProcessEventRecord
    | UserTaskRecord
    | CompensationSubscriptionRecord
    | ProcessInstanceModificationRecord
    | ProcessInstanceMigrationRecord
    | ResourceDeletionRecord
    | DecisionEvaluationRecord
)
"""Any record value."""
