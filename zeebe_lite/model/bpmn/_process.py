"""The process (an immutable, indexed graph of flow nodes) and the definitions of one BPMN file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar, TypeVar

from zeebe_lite.model.bpmn._elements import (
    Activity,
    AdHocSubProcess,
    BoundaryEvent,
    EventSubProcess,
    FlowNode,
    IntermediateCatchEvent,
    ScopeContents,
    SequenceFlow,
    StartEvent,
    SubProcess,
)
from zeebe_lite.model.bpmn._events import (
    ErrorDefinition,
    EscalationDefinition,
    LinkEventDefinition,
    MessageDefinition,
    SignalDefinition,
)
from zeebe_lite.model.bpmn._extensions import ExecutionListener, Property, UserTaskForm
from zeebe_lite.model.bpmn._types import BpmnElementType, BpmnEventType

__all__ = ["BpmnDefinitions", "Participant", "Process"]

NodeT = TypeVar("NodeT", bound=FlowNode)


@dataclass(frozen=True)
class Process:
    """A ``bpmn:process``: all its flow nodes (at any depth) and sequence flows, indexed by id.

    ``contents`` is the top-level scope. Nested scopes are reached through :meth:`scope`. Every lookup by
    id raises ``KeyError`` naming the id when it is unknown; the ``find_*`` variants return None instead.
    """

    element_type: ClassVar[BpmnElementType] = BpmnElementType.PROCESS

    id: str
    name: str | None = None
    is_executable: bool = True
    version_tag: str | None = None
    contents: ScopeContents = field(default_factory=ScopeContents)
    flow_nodes: tuple[FlowNode, ...] = ()
    sequence_flows: tuple[SequenceFlow, ...] = ()
    properties: tuple[Property, ...] = ()
    execution_listeners: tuple[ExecutionListener, ...] = ()
    user_task_forms: tuple[UserTaskForm, ...] = ()
    source_line: int | None = None

    _nodes: Mapping[str, FlowNode] = field(init=False, repr=False, compare=False, hash=False)
    _flows: Mapping[str, SequenceFlow] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        # Private plain dicts (never handed out) keep the model picklable and deep-copyable.
        object.__setattr__(self, "_nodes", {node.id: node for node in self.flow_nodes})
        object.__setattr__(self, "_flows", {flow.id: flow for flow in self.sequence_flows})

    # -- lookups by id ----------------------------------------------------------------------------------

    def element(self, element_id: str) -> FlowNode:
        """The flow node with this id (``KeyError`` if none)."""
        try:
            return self._nodes[element_id]
        except KeyError:
            raise KeyError(f"process '{self.id}' has no flow node '{element_id}'") from None

    def find_element(self, element_id: str) -> FlowNode | None:
        """The flow node with this id, or None."""
        return self._nodes.get(element_id)

    def element_as(self, element_id: str, kind: type[NodeT]) -> NodeT:
        """The flow node with this id, checked to be of ``kind`` (``TypeError`` otherwise)."""
        node = self.element(element_id)
        if not isinstance(node, kind):
            raise TypeError(f"'{element_id}' is a {type(node).__name__}, not a {kind.__name__}")
        return node

    def flow(self, flow_id: str) -> SequenceFlow:
        """The sequence flow with this id (``KeyError`` if none)."""
        try:
            return self._flows[flow_id]
        except KeyError:
            raise KeyError(f"process '{self.id}' has no sequence flow '{flow_id}'") from None

    def find_flow(self, flow_id: str) -> SequenceFlow | None:
        """The sequence flow with this id, or None."""
        return self._flows.get(flow_id)

    def __contains__(self, element_id: object) -> bool:
        return element_id in self._nodes or element_id in self._flows

    # -- graph navigation --------------------------------------------------------------------------------

    def outgoing_flows(self, element_id: str) -> tuple[SequenceFlow, ...]:
        """The outgoing sequence flows of a node, in document order."""
        return tuple(self._flows[flow_id] for flow_id in self.element(element_id).outgoing)

    def incoming_flows(self, element_id: str) -> tuple[SequenceFlow, ...]:
        """The incoming sequence flows of a node, in document order."""
        return tuple(self._flows[flow_id] for flow_id in self.element(element_id).incoming)

    def scope(self, scope_id: str) -> ScopeContents:
        """The contents of the process (``scope_id == self.id``) or of a subprocess / event subprocess."""
        if scope_id == self.id:
            return self.contents
        node = self.element(scope_id)
        if isinstance(node, SubProcess | EventSubProcess | AdHocSubProcess):
            return node.contents
        raise KeyError(f"'{scope_id}' is a {type(node).__name__}, not a flow scope")

    def children(self, scope_id: str) -> tuple[FlowNode, ...]:
        """The direct child nodes of a scope (process id or container id), in document order."""
        return tuple(self._nodes[node_id] for node_id in self.scope(scope_id).flow_node_ids)

    def parent(self, element_id: str) -> FlowNode | None:
        """The container node of an element, or None when it sits directly in the process."""
        parent_id = self.element(element_id).parent_id
        return None if parent_id == self.id else self._nodes[parent_id]

    def ancestor_scope_ids(self, element_id: str) -> tuple[str, ...]:
        """Ids of the enclosing scopes from the innermost outwards, ending with the process id."""
        chain: list[str] = []
        parent_id = self.element(element_id).parent_id
        while parent_id != self.id:
            chain.append(parent_id)
            parent_id = self._nodes[parent_id].parent_id
        chain.append(self.id)
        return tuple(chain)

    def start_events(self, scope_id: str | None = None) -> tuple[StartEvent, ...]:
        """The start events of a scope (default: the process), excluding event-subprocess starts."""
        contents = self.scope(scope_id or self.id)
        return tuple(self.element_as(node_id, StartEvent) for node_id in contents.start_event_ids)

    def none_start_event(self, scope_id: str | None = None) -> StartEvent | None:
        """The none start event of a scope (default: the process), used by CreateProcessInstance."""
        for event in self.start_events(scope_id):
            if event.event_definition is None:
                return event
        return None

    def start_events_of_type(self, event_type: BpmnEventType) -> tuple[StartEvent, ...]:
        """The process-level start events of one event type (e.g. MESSAGE, TIMER, SIGNAL)."""
        return tuple(event for event in self.start_events() if event.event_type is event_type)

    def event_sub_processes(self, scope_id: str | None = None) -> tuple[EventSubProcess, ...]:
        """The event subprocesses directly inside a scope (default: the process)."""
        contents = self.scope(scope_id or self.id)
        return tuple(self.element_as(node_id, EventSubProcess) for node_id in contents.event_sub_process_ids)

    def boundary_events(self, activity_id: str) -> tuple[BoundaryEvent, ...]:
        """The boundary events attached to an activity, in document order."""
        activity = self.element_as(activity_id, Activity)
        return tuple(self.element_as(node_id, BoundaryEvent) for node_id in activity.boundary_event_ids)

    def link_catch_event(self, scope_id: str, link_name: str) -> IntermediateCatchEvent | None:
        """The link catch event named ``link_name`` in a scope (the target of a link throw), or None."""
        for node in self.children(scope_id):
            if not isinstance(node, IntermediateCatchEvent):
                continue
            definition = node.event_definition
            if isinstance(definition, LinkEventDefinition) and definition.name == link_name:
                return node
        return None

    def elements_of(self, kind: type[NodeT]) -> tuple[NodeT, ...]:
        """Every flow node (at any depth) that is an instance of ``kind``, in document order."""
        return tuple(node for node in self.flow_nodes if isinstance(node, kind))


@dataclass(frozen=True)
class Participant:
    """A pool of a collaboration and the process it shows (``process_ref``)."""

    id: str
    name: str | None = None
    process_ref: str | None = None


@dataclass(frozen=True)
class BpmnDefinitions:
    """Everything parsed from one BPMN file (``bpmn:definitions``): processes and shared root elements."""

    id: str | None = None
    target_namespace: str | None = None
    processes: tuple[Process, ...] = ()
    messages: tuple[MessageDefinition, ...] = ()
    errors: tuple[ErrorDefinition, ...] = ()
    signals: tuple[SignalDefinition, ...] = ()
    escalations: tuple[EscalationDefinition, ...] = ()
    participants: tuple[Participant, ...] = ()
    resource_name: str | None = None

    def process(self, process_id: str) -> Process:
        """The process with this id (``KeyError`` if none)."""
        for process in self.processes:
            if process.id == process_id:
                return process
        raise KeyError(f"no process '{process_id}' in {self.resource_name or 'definitions'}")

    def executable_processes(self) -> tuple[Process, ...]:
        """The processes with ``isExecutable="true"`` (the ones Zeebe deploys)."""
        return tuple(process for process in self.processes if process.is_executable)
