"""Records for the ``zeebe:`` extension elements that configure how an element executes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from zeebe_lite.model.bpmn._types import BindingType, Expression

__all__ = [
    "DEFAULT_JOB_RETRIES",
    "DEFAULT_USER_TASK_PRIORITY",
    "JOB_WORKER_USER_TASK_TYPE",
    "AdHocDefinition",
    "AssignmentDefinition",
    "CalledDecision",
    "CalledElement",
    "ExecutionListener",
    "ExecutionListenerEventType",
    "FormDefinition",
    "IoMapping",
    "JobDefinition",
    "MultiInstanceLoop",
    "Property",
    "ScriptDefinition",
    "TaskHeader",
    "TaskListener",
    "TaskSchedule",
    "UserTaskForm",
    "VariableMapping",
    "headers_as_dict",
    "properties_as_dict",
]

DEFAULT_JOB_RETRIES = "3"
"""Retries of a job when ``zeebe:taskDefinition`` gives none (Zeebe's default, kept as text like the attribute)."""

DEFAULT_USER_TASK_PRIORITY = 50
"""Priority of a Camunda user task without ``zeebe:priorityDefinition``."""

JOB_WORKER_USER_TASK_TYPE = "io.camunda.zeebe:userTask"
"""Job type of a (deprecated) job-worker user task, i.e. a user task without ``zeebe:userTask``."""


@dataclass(frozen=True)
class VariableMapping:
    """One ``zeebe:input`` or ``zeebe:output``: evaluate ``source`` and store it at ``target`` (a path)."""

    source: Expression
    target: str


@dataclass(frozen=True)
class IoMapping:
    """``zeebe:ioMapping``: input mappings (applied on activation) and output mappings (on completion).

    Order is the document order; later mappings may read earlier targets.
    """

    inputs: tuple[VariableMapping, ...] = ()
    outputs: tuple[VariableMapping, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when the element has no mappings at all."""
        return not self.inputs and not self.outputs


@dataclass(frozen=True)
class TaskHeader:
    """One ``zeebe:header`` (static key and value, sent to the worker as a custom header)."""

    key: str
    value: str


@dataclass(frozen=True)
class Property:
    """One ``zeebe:property`` (static name/value metadata; never interpreted by the engine)."""

    name: str
    value: str


def headers_as_dict(headers: tuple[TaskHeader, ...]) -> dict[str, str]:
    """The headers as a fresh dict (for a job's ``customHeaders``); a later duplicate key wins."""
    return {header.key: header.value for header in headers}


def properties_as_dict(properties: tuple[Property, ...]) -> dict[str, str]:
    """The properties as a fresh dict; a later duplicate name wins."""
    return {prop.name: prop.value for prop in properties}


@dataclass(frozen=True)
class JobDefinition:
    """``zeebe:taskDefinition`` plus ``zeebe:taskHeaders``: the element is executed by a job worker.

    ``job_type`` and ``retries`` may be FEEL expressions, evaluated when the element is activated.
    ``priority`` comes from ``zeebe:jobPriorityDefinition`` when present.
    """

    job_type: Expression
    retries: Expression = field(default_factory=lambda: Expression(DEFAULT_JOB_RETRIES))
    headers: tuple[TaskHeader, ...] = ()
    priority: Expression | None = None

    @property
    def custom_headers(self) -> dict[str, str]:
        """The task headers as a fresh dict."""
        return headers_as_dict(self.headers)


class ExecutionListenerEventType(StrEnum):
    """When an execution listener job is created."""

    START = "start"
    END = "end"


@dataclass(frozen=True)
class ExecutionListener:
    """One ``zeebe:executionListener``: a job created when the element starts or ends."""

    event_type: ExecutionListenerEventType
    job_type: Expression
    retries: Expression = field(default_factory=lambda: Expression(DEFAULT_JOB_RETRIES))


@dataclass(frozen=True)
class TaskListener:
    """One ``zeebe:taskListener`` of a Camunda user task (a job with kind TASK_LISTENER).

    ``event_type`` is the raw attribute (creating, assigning, updating, completing, canceling; older models may
    use ``create``/``assignment``/``update``/``complete``/``cancel``).
    """

    event_type: str
    job_type: Expression
    retries: Expression = field(default_factory=lambda: Expression(DEFAULT_JOB_RETRIES))


@dataclass(frozen=True)
class CalledDecision:
    """``zeebe:calledDecision`` of a business rule task evaluated by the engine."""

    decision_id: Expression
    result_variable: str
    binding_type: BindingType = BindingType.LATEST
    version_tag: str | None = None


@dataclass(frozen=True)
class CalledElement:
    """``zeebe:calledElement`` of a call activity.

    ``process_id`` may be FEEL. By default all visible parent variables are copied into the child and all child
    variables are propagated back.
    """

    process_id: Expression
    binding_type: BindingType = BindingType.LATEST
    version_tag: str | None = None
    propagate_all_child_variables: bool = True
    propagate_all_parent_variables: bool = True


@dataclass(frozen=True)
class ScriptDefinition:
    """``zeebe:script`` of a script task evaluated by the engine (FEEL ``expression`` into ``result_variable``)."""

    expression: Expression
    result_variable: str


@dataclass(frozen=True)
class AssignmentDefinition:
    """``zeebe:assignmentDefinition`` of a user task (each value static or FEEL).

    Static candidate lists are comma separated (``"sales, support"``); FEEL ones evaluate to a list.
    """

    assignee: Expression | None = None
    candidate_groups: Expression | None = None
    candidate_users: Expression | None = None


@dataclass(frozen=True)
class TaskSchedule:
    """``zeebe:taskSchedule`` of a user task (ISO 8601 date-times, static or FEEL)."""

    due_date: Expression | None = None
    follow_up_date: Expression | None = None


@dataclass(frozen=True)
class FormDefinition:
    """``zeebe:formDefinition`` of a user task: exactly one of form_key, form_id or external_reference is usual.

    ``form_key`` is the job-worker style (e.g. ``camunda-forms:bpmn:userTaskForm_1`` for an embedded form).
    """

    form_key: str | None = None
    form_id: str | None = None
    external_reference: Expression | None = None
    binding_type: BindingType = BindingType.LATEST
    version_tag: str | None = None


@dataclass(frozen=True)
class UserTaskForm:
    """``zeebe:userTaskForm`` embedded in a process (the JSON body of a form referenced by ``form_key``)."""

    id: str
    body: str


@dataclass(frozen=True)
class MultiInstanceLoop:
    """``bpmn:multiInstanceLoopCharacteristics`` with its ``zeebe:loopCharacteristics``.

    ``input_collection`` is FEEL yielding a list; ``input_element`` and ``output_collection`` are variable
    names; ``output_element`` is static or FEEL; ``completion_condition`` is FEEL (text of the BPMN
    ``completionCondition`` element).
    """

    is_sequential: bool = False
    input_collection: Expression | None = None
    input_element: str | None = None
    output_collection: str | None = None
    output_element: Expression | None = None
    completion_condition: Expression | None = None


@dataclass(frozen=True)
class AdHocDefinition:
    """``zeebe:adHoc`` of an ad-hoc subprocess plus its BPMN ``completionCondition``."""

    active_elements_collection: Expression | None = None
    completion_condition: Expression | None = None
    cancel_remaining_instances: bool = True
