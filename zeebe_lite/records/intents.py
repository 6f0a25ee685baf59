"""Record vocabulary: value types, record types, rejection types and one intent enum per value type.

Commands are imperative (``COMPLETE``), events are past tense (``COMPLETED``), as in Zeebe's protocol.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "CompensationSubscriptionIntent",
    "DecisionEvaluationIntent",
    "DecisionIntent",
    "DecisionRequirementsIntent",
    "DeploymentIntent",
    "IncidentIntent",
    "Intent",
    "JobBatchIntent",
    "JobIntent",
    "MessageIntent",
    "MessageStartEventSubscriptionIntent",
    "MessageSubscriptionIntent",
    "ProcessEventIntent",
    "ProcessInstanceCreationIntent",
    "ProcessInstanceIntent",
    "ProcessInstanceMigrationIntent",
    "ProcessInstanceModificationIntent",
    "ProcessIntent",
    "RecordType",
    "RejectionType",
    "ResourceDeletionIntent",
    "SignalIntent",
    "SignalSubscriptionIntent",
    "TimerIntent",
    "UserTaskIntent",
    "ValueType",
    "VariableDocumentIntent",
    "VariableIntent",
]


class RecordType(StrEnum):
    """Whether a record asks for something, reports what happened or refuses a command."""

    COMMAND = "COMMAND"
    EVENT = "EVENT"
    COMMAND_REJECTION = "COMMAND_REJECTION"


class RejectionType(StrEnum):
    """Zeebe's rejection types; the gateway maps them to gRPC status codes."""

    NULL_VAL = "NULL_VAL"
    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    NOT_FOUND = "NOT_FOUND"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    INVALID_STATE = "INVALID_STATE"
    PROCESSING_ERROR = "PROCESSING_ERROR"
    EXCEEDED_BATCH_RECORD_SIZE = "EXCEEDED_BATCH_RECORD_SIZE"


class ValueType(StrEnum):
    """The kind of value a record carries."""

    DEPLOYMENT = "DEPLOYMENT"
    PROCESS = "PROCESS"
    DECISION = "DECISION"
    DECISION_REQUIREMENTS = "DECISION_REQUIREMENTS"
    PROCESS_INSTANCE = "PROCESS_INSTANCE"
    PROCESS_INSTANCE_CREATION = "PROCESS_INSTANCE_CREATION"
    JOB = "JOB"
    JOB_BATCH = "JOB_BATCH"
    VARIABLE = "VARIABLE"
    VARIABLE_DOCUMENT = "VARIABLE_DOCUMENT"
    INCIDENT = "INCIDENT"
    MESSAGE = "MESSAGE"
    MESSAGE_SUBSCRIPTION = "MESSAGE_SUBSCRIPTION"
    MESSAGE_START_EVENT_SUBSCRIPTION = "MESSAGE_START_EVENT_SUBSCRIPTION"
    TIMER = "TIMER"
    SIGNAL = "SIGNAL"
    SIGNAL_SUBSCRIPTION = "SIGNAL_SUBSCRIPTION"
    PROCESS_EVENT = "PROCESS_EVENT"
    USER_TASK = "USER_TASK"
    COMPENSATION_SUBSCRIPTION = "COMPENSATION_SUBSCRIPTION"
    PROCESS_INSTANCE_MODIFICATION = "PROCESS_INSTANCE_MODIFICATION"
    PROCESS_INSTANCE_MIGRATION = "PROCESS_INSTANCE_MIGRATION"
    RESOURCE_DELETION = "RESOURCE_DELETION"
    DECISION_EVALUATION = "DECISION_EVALUATION"


class DeploymentIntent(StrEnum):
    """Intents of DEPLOYMENT records."""

    CREATE = "CREATE"
    CREATED = "CREATED"


class ProcessIntent(StrEnum):
    """Intents of PROCESS (process definition) records."""

    CREATED = "CREATED"
    DELETING = "DELETING"
    DELETED = "DELETED"


class DecisionIntent(StrEnum):
    """Intents of DECISION records."""

    CREATED = "CREATED"
    DELETED = "DELETED"


class DecisionRequirementsIntent(StrEnum):
    """Intents of DECISION_REQUIREMENTS records."""

    CREATED = "CREATED"
    DELETED = "DELETED"


class DecisionEvaluationIntent(StrEnum):
    """Intents of DECISION_EVALUATION records (EvaluateDecision and business rule tasks)."""

    EVALUATE = "EVALUATE"
    EVALUATED = "EVALUATED"
    FAILED = "FAILED"


class ResourceDeletionIntent(StrEnum):
    """Intents of RESOURCE_DELETION records (DeleteResource)."""

    DELETE = "DELETE"
    DELETING = "DELETING"
    DELETED = "DELETED"


class ProcessInstanceIntent(StrEnum):
    """Intents of PROCESS_INSTANCE records: element lifecycle commands and events."""

    CANCEL = "CANCEL"
    ACTIVATE_ELEMENT = "ACTIVATE_ELEMENT"
    COMPLETE_ELEMENT = "COMPLETE_ELEMENT"
    TERMINATE_ELEMENT = "TERMINATE_ELEMENT"
    ELEMENT_ACTIVATING = "ELEMENT_ACTIVATING"
    ELEMENT_ACTIVATED = "ELEMENT_ACTIVATED"
    ELEMENT_COMPLETING = "ELEMENT_COMPLETING"
    ELEMENT_COMPLETED = "ELEMENT_COMPLETED"
    ELEMENT_TERMINATING = "ELEMENT_TERMINATING"
    ELEMENT_TERMINATED = "ELEMENT_TERMINATED"
    SEQUENCE_FLOW_TAKEN = "SEQUENCE_FLOW_TAKEN"
    ELEMENT_MIGRATED = "ELEMENT_MIGRATED"


class ProcessInstanceModificationIntent(StrEnum):
    """Intents of PROCESS_INSTANCE_MODIFICATION records (ModifyProcessInstance)."""

    MODIFY = "MODIFY"
    MODIFIED = "MODIFIED"


class ProcessInstanceMigrationIntent(StrEnum):
    """Intents of PROCESS_INSTANCE_MIGRATION records (MigrateProcessInstance)."""

    MIGRATE = "MIGRATE"
    MIGRATED = "MIGRATED"


class ProcessInstanceCreationIntent(StrEnum):
    """Intents of PROCESS_INSTANCE_CREATION records."""

    CREATE = "CREATE"
    CREATE_WITH_AWAITING_RESULT = "CREATE_WITH_AWAITING_RESULT"
    CREATED = "CREATED"


class JobIntent(StrEnum):
    """Intents of JOB records."""

    CREATED = "CREATED"
    COMPLETE = "COMPLETE"
    COMPLETED = "COMPLETED"
    FAIL = "FAIL"
    FAILED = "FAILED"
    THROW_ERROR = "THROW_ERROR"
    ERROR_THROWN = "ERROR_THROWN"
    TIME_OUT = "TIME_OUT"
    TIMED_OUT = "TIMED_OUT"
    UPDATE_RETRIES = "UPDATE_RETRIES"
    RETRIES_UPDATED = "RETRIES_UPDATED"
    UPDATE_TIMEOUT = "UPDATE_TIMEOUT"
    TIMEOUT_UPDATED = "TIMEOUT_UPDATED"
    RECUR_AFTER_BACKOFF = "RECUR_AFTER_BACKOFF"
    RECURRED_AFTER_BACKOFF = "RECURRED_AFTER_BACKOFF"
    CANCELED = "CANCELED"
    MIGRATED = "MIGRATED"


class JobBatchIntent(StrEnum):
    """Intents of JOB_BATCH records."""

    ACTIVATE = "ACTIVATE"
    ACTIVATED = "ACTIVATED"


class VariableIntent(StrEnum):
    """Intents of VARIABLE records."""

    CREATED = "CREATED"
    UPDATED = "UPDATED"
    MIGRATED = "MIGRATED"


class VariableDocumentIntent(StrEnum):
    """Intents of VARIABLE_DOCUMENT records (SetVariables)."""

    UPDATE = "UPDATE"
    UPDATED = "UPDATED"


class IncidentIntent(StrEnum):
    """Intents of INCIDENT records."""

    CREATED = "CREATED"
    RESOLVE = "RESOLVE"
    RESOLVED = "RESOLVED"
    MIGRATED = "MIGRATED"


class MessageIntent(StrEnum):
    """Intents of MESSAGE records."""

    PUBLISH = "PUBLISH"
    PUBLISHED = "PUBLISHED"
    EXPIRE = "EXPIRE"
    EXPIRED = "EXPIRED"


class MessageSubscriptionIntent(StrEnum):
    """Intents of MESSAGE_SUBSCRIPTION records (catch events waiting for a message)."""

    CREATED = "CREATED"
    CORRELATED = "CORRELATED"
    DELETED = "DELETED"
    MIGRATED = "MIGRATED"


class MessageStartEventSubscriptionIntent(StrEnum):
    """Intents of MESSAGE_START_EVENT_SUBSCRIPTION records."""

    CREATED = "CREATED"
    CORRELATED = "CORRELATED"
    DELETED = "DELETED"


class TimerIntent(StrEnum):
    """Intents of TIMER records."""

    CREATED = "CREATED"
    TRIGGER = "TRIGGER"
    TRIGGERED = "TRIGGERED"
    CANCELED = "CANCELED"
    MIGRATED = "MIGRATED"


class SignalIntent(StrEnum):
    """Intents of SIGNAL records."""

    BROADCAST = "BROADCAST"
    BROADCASTED = "BROADCASTED"


class ProcessEventIntent(StrEnum):
    """Intents of PROCESS_EVENT records (an event caught by a scope, e.g. a BPMN error)."""

    TRIGGERING = "TRIGGERING"
    TRIGGERED = "TRIGGERED"


class UserTaskIntent(StrEnum):
    """Intents of USER_TASK records (Camunda user tasks, managed by the engine rather than job workers)."""

    CREATED = "CREATED"
    ASSIGN = "ASSIGN"
    ASSIGNED = "ASSIGNED"
    COMPLETE = "COMPLETE"
    COMPLETED = "COMPLETED"
    CANCELED = "CANCELED"
    MIGRATED = "MIGRATED"


class CompensationSubscriptionIntent(StrEnum):
    """Intents of COMPENSATION_SUBSCRIPTION records (completed activities that can be compensated)."""

    CREATED = "CREATED"
    TRIGGERED = "TRIGGERED"
    COMPLETED = "COMPLETED"


class SignalSubscriptionIntent(StrEnum):
    """Intents of SIGNAL_SUBSCRIPTION records."""

    CREATED = "CREATED"
    DELETED = "DELETED"
    MIGRATED = "MIGRATED"


Intent = (
    DeploymentIntent
    | ProcessIntent
    | DecisionIntent
    | DecisionRequirementsIntent
    | ProcessInstanceIntent
    | ProcessInstanceCreationIntent
    | JobIntent
    | JobBatchIntent
    | VariableIntent
    | VariableDocumentIntent
    | IncidentIntent
    | MessageIntent
    | MessageSubscriptionIntent
    | MessageStartEventSubscriptionIntent
    | TimerIntent
    | SignalIntent
    | SignalSubscriptionIntent
    | ProcessEventIntent
    | UserTaskIntent
    | CompensationSubscriptionIntent
    | ProcessInstanceModificationIntent
    | ProcessInstanceMigrationIntent
    | ResourceDeletionIntent
    | DecisionEvaluationIntent
)
"""Any intent of any value type."""
