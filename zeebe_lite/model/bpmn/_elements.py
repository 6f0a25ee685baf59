"""Flow nodes and sequence flows: one frozen dataclass per BPMN element kind.

Every node records its container (``parent_id``: the process id for top-level nodes), its incoming and
outgoing sequence-flow ids and its Zeebe extension records. Ids are resolved through
:class:`~zeebe_lite.model.bpmn.Process` lookups; nodes never hold references to other nodes, so the model
stays acyclic, hashable and cheap to compare.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from zeebe_lite.model.bpmn._events import (
    EventDefinition,
    MessageEventDefinition,
    event_type_of,
)
from zeebe_lite.model.bpmn._extensions import (
    AdHocDefinition,
    AssignmentDefinition,
    CalledDecision,
    CalledElement,
    ExecutionListener,
    FormDefinition,
    IoMapping,
    JobDefinition,
    MultiInstanceLoop,
    Property,
    ScriptDefinition,
    TaskHeader,
    TaskListener,
    TaskSchedule,
)
from zeebe_lite.model.bpmn._types import BpmnElementType, BpmnEventType, Expression

__all__ = [
    "Activity",
    "AdHocSubProcess",
    "BoundaryEvent",
    "BusinessRuleTask",
    "CallActivity",
    "EndEvent",
    "Event",
    "EventBasedGateway",
    "EventSubProcess",
    "ExclusiveGateway",
    "FlowNode",
    "Gateway",
    "InclusiveGateway",
    "IntermediateCatchEvent",
    "IntermediateThrowEvent",
    "ManualTask",
    "ParallelGateway",
    "ReceiveTask",
    "ScopeContents",
    "ScriptTask",
    "SendTask",
    "SequenceFlow",
    "ServiceTask",
    "StartEvent",
    "SubProcess",
    "UndefinedTask",
    "UserTask",
]


@dataclass(frozen=True)
class ScopeContents:
    """What a flow scope (process, subprocess, event subprocess) directly contains, in document order.

    ``flow_node_ids`` lists every direct child node, including boundary events and event subprocesses;
    ``start_event_ids`` only the scope's own start events (not those of its event subprocesses).
    """

    flow_node_ids: tuple[str, ...] = ()
    sequence_flow_ids: tuple[str, ...] = ()
    start_event_ids: tuple[str, ...] = ()
    event_sub_process_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SequenceFlow:
    """A ``bpmn:sequenceFlow``; ``condition`` is the FEEL ``conditionExpression`` when present."""

    element_type: ClassVar[BpmnElementType] = BpmnElementType.SEQUENCE_FLOW

    id: str
    source_id: str
    target_id: str
    parent_id: str
    name: str | None = None
    condition: Expression | None = None
    source_line: int | None = None


@dataclass(frozen=True, kw_only=True)
class FlowNode:
    """Common fields of every flow node.

    ``element_type`` is a class constant matching Zeebe's ``bpmnElementType``. ``source_line`` is the
    1-based line of the element's start tag in the deployed file, when known.
    """

    element_type: ClassVar[BpmnElementType] = BpmnElementType.UNSPECIFIED

    id: str
    parent_id: str
    name: str | None = None
    incoming: tuple[str, ...] = ()
    outgoing: tuple[str, ...] = ()
    io_mapping: IoMapping = field(default_factory=IoMapping)
    properties: tuple[Property, ...] = ()
    execution_listeners: tuple[ExecutionListener, ...] = ()
    source_line: int | None = None

    @property
    def event_type(self) -> BpmnEventType:
        """Zeebe's ``bpmnEventType`` (``UNSPECIFIED`` for non-events and none events)."""
        return BpmnEventType.UNSPECIFIED


# ---------------------------------------------------------------------------------------------- events


@dataclass(frozen=True, kw_only=True)
class Event(FlowNode):
    """Common base of events; ``event_definition`` is None for a none event."""

    event_definition: EventDefinition | None = None

    @property
    def event_type(self) -> BpmnEventType:
        """Zeebe's ``bpmnEventType`` derived from the event definition."""
        return event_type_of(self.event_definition)


@dataclass(frozen=True, kw_only=True)
class StartEvent(Event):
    """A start event of a process, subprocess or event subprocess.

    ``interrupting`` (BPMN ``isInterrupting``, default true) matters only for event-subprocess starts.
    """

    element_type: ClassVar[BpmnElementType] = BpmnElementType.START_EVENT

    interrupting: bool = True


@dataclass(frozen=True, kw_only=True)
class EndEvent(Event):
    """An end event; ``job`` is set for a message end event (it behaves like a service task)."""

    element_type: ClassVar[BpmnElementType] = BpmnElementType.END_EVENT

    job: JobDefinition | None = None


@dataclass(frozen=True, kw_only=True)
class IntermediateCatchEvent(Event):
    """An intermediate catch event (message, timer, signal, link)."""

    element_type: ClassVar[BpmnElementType] = BpmnElementType.INTERMEDIATE_CATCH_EVENT


@dataclass(frozen=True, kw_only=True)
class IntermediateThrowEvent(Event):
    """An intermediate throw event; ``job`` is set for a message throw event."""

    element_type: ClassVar[BpmnElementType] = BpmnElementType.INTERMEDIATE_THROW_EVENT

    job: JobDefinition | None = None


@dataclass(frozen=True, kw_only=True)
class BoundaryEvent(Event):
    """A boundary event attached to ``attached_to_id``; ``cancel_activity`` false = non-interrupting.

    ``compensation_handler_id`` is the activity linked by an association from a compensation boundary event.
    """

    element_type: ClassVar[BpmnElementType] = BpmnElementType.BOUNDARY_EVENT

    attached_to_id: str
    cancel_activity: bool = True
    compensation_handler_id: str | None = None


# ---------------------------------------------------------------------------------------------- activities


@dataclass(frozen=True, kw_only=True)
class Activity(FlowNode):
    """Common base of tasks, subprocesses and call activities.

    ``multi_instance`` is set when the activity carries multi-instance loop characteristics (the engine then
    wraps it in a ``MULTI_INSTANCE_BODY``).
    """

    boundary_event_ids: tuple[str, ...] = ()
    multi_instance: MultiInstanceLoop | None = None
    is_for_compensation: bool = False


@dataclass(frozen=True, kw_only=True)
class UndefinedTask(Activity):
    """A ``bpmn:task`` (no behaviour: completes immediately)."""

    element_type: ClassVar[BpmnElementType] = BpmnElementType.TASK


@dataclass(frozen=True, kw_only=True)
class ManualTask(Activity):
    """A ``bpmn:manualTask`` (completes immediately)."""

    element_type: ClassVar[BpmnElementType] = BpmnElementType.MANUAL_TASK


@dataclass(frozen=True, kw_only=True)
class ServiceTask(Activity):
    """A ``bpmn:serviceTask``: always a job."""

    element_type: ClassVar[BpmnElementType] = BpmnElementType.SERVICE_TASK

    job: JobDefinition


@dataclass(frozen=True, kw_only=True)
class SendTask(Activity):
    """A ``bpmn:sendTask``: a job, like a service task."""

    element_type: ClassVar[BpmnElementType] = BpmnElementType.SEND_TASK

    job: JobDefinition


@dataclass(frozen=True, kw_only=True)
class ReceiveTask(Activity):
    """A ``bpmn:receiveTask`` waiting for a message (name and correlation key resolved from the message)."""

    element_type: ClassVar[BpmnElementType] = BpmnElementType.RECEIVE_TASK

    message: MessageEventDefinition


@dataclass(frozen=True, kw_only=True)
class BusinessRuleTask(Activity):
    """A ``bpmn:businessRuleTask``: a decision evaluated by the engine or, with a task definition, a job."""

    element_type: ClassVar[BpmnElementType] = BpmnElementType.BUSINESS_RULE_TASK

    implementation: CalledDecision | JobDefinition


@dataclass(frozen=True, kw_only=True)
class ScriptTask(Activity):
    """A ``bpmn:scriptTask``: a FEEL script evaluated by the engine or, with a task definition, a job."""

    element_type: ClassVar[BpmnElementType] = BpmnElementType.SCRIPT_TASK

    implementation: ScriptDefinition | JobDefinition


@dataclass(frozen=True, kw_only=True)
class UserTask(Activity):
    """A ``bpmn:userTask``.

    With ``<zeebe:userTask/>`` (``is_camunda_user_task``) the engine manages the task itself and ``job`` is
    None. Without it, the task is the deprecated job-worker form: ``job`` has type
    ``io.camunda.zeebe:userTask`` and the task's own headers; the engine adds assignment, schedule and form
    key as ``io.camunda.zeebe:*`` headers at activation.
    """

    element_type: ClassVar[BpmnElementType] = BpmnElementType.USER_TASK

    is_camunda_user_task: bool = True
    job: JobDefinition | None = None
    assignment: AssignmentDefinition = field(default_factory=AssignmentDefinition)
    schedule: TaskSchedule = field(default_factory=TaskSchedule)
    form: FormDefinition | None = None
    priority: Expression | None = None
    headers: tuple[TaskHeader, ...] = ()
    task_listeners: tuple[TaskListener, ...] = ()


@dataclass(frozen=True, kw_only=True)
class CallActivity(Activity):
    """A ``bpmn:callActivity`` starting the process named by ``called_element``."""

    element_type: ClassVar[BpmnElementType] = BpmnElementType.CALL_ACTIVITY

    called_element: CalledElement


@dataclass(frozen=True, kw_only=True)
class SubProcess(Activity):
    """An embedded ``bpmn:subProcess`` (a flow scope with exactly one none start event)."""

    element_type: ClassVar[BpmnElementType] = BpmnElementType.SUB_PROCESS

    contents: ScopeContents = field(default_factory=ScopeContents)


@dataclass(frozen=True, kw_only=True)
class AdHocSubProcess(Activity):
    """A ``bpmn:adHocSubProcess`` (parsed; execution support depends on the engine)."""

    element_type: ClassVar[BpmnElementType] = BpmnElementType.AD_HOC_SUB_PROCESS

    contents: ScopeContents = field(default_factory=ScopeContents)
    ad_hoc: AdHocDefinition = field(default_factory=AdHocDefinition)
    job: JobDefinition | None = None


@dataclass(frozen=True, kw_only=True)
class EventSubProcess(FlowNode):
    """A ``bpmn:subProcess triggeredByEvent="true"``: no sequence flows, exactly one start event.

    Whether it interrupts its scope is the ``interrupting`` flag of that start event (see
    :attr:`interrupting`, copied here for convenience).
    """

    element_type: ClassVar[BpmnElementType] = BpmnElementType.EVENT_SUB_PROCESS

    contents: ScopeContents = field(default_factory=ScopeContents)
    start_event_id: str = ""
    interrupting: bool = True


# ---------------------------------------------------------------------------------------------- gateways


@dataclass(frozen=True, kw_only=True)
class Gateway(FlowNode):
    """Common base of gateways."""


@dataclass(frozen=True, kw_only=True)
class ExclusiveGateway(Gateway):
    """A ``bpmn:exclusiveGateway``: first outgoing flow whose condition is true, else ``default_flow_id``."""

    element_type: ClassVar[BpmnElementType] = BpmnElementType.EXCLUSIVE_GATEWAY

    default_flow_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class InclusiveGateway(Gateway):
    """A ``bpmn:inclusiveGateway``: every outgoing flow whose condition is true, else ``default_flow_id``."""

    element_type: ClassVar[BpmnElementType] = BpmnElementType.INCLUSIVE_GATEWAY

    default_flow_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class ParallelGateway(Gateway):
    """A ``bpmn:parallelGateway`` (fork all, join all)."""

    element_type: ClassVar[BpmnElementType] = BpmnElementType.PARALLEL_GATEWAY


@dataclass(frozen=True, kw_only=True)
class EventBasedGateway(Gateway):
    """A ``bpmn:eventBasedGateway``: the first of its succeeding catch events / receive tasks to trigger wins."""

    element_type: ClassVar[BpmnElementType] = BpmnElementType.EVENT_BASED_GATEWAY
