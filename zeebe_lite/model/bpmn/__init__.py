"""Immutable executable BPMN model (what the parser returns and element processors read).

Shape
-----
* :class:`BpmnDefinitions` — one parsed file: ``processes`` plus root ``messages``/``errors``/``signals``/
  ``escalations`` and collaboration ``participants``.
* :class:`Process` — every flow node at any depth (``flow_nodes``) and every ``sequence_flows``, indexed:
  ``element(id)``, ``find_element(id)``, ``element_as(id, ServiceTask)``, ``flow(id)``, ``outgoing_flows(id)``,
  ``incoming_flows(id)``, ``scope(scope_id)``, ``children(scope_id)``, ``parent(id)``,
  ``ancestor_scope_ids(id)``, ``start_events()``, ``none_start_event()``, ``start_events_of_type(t)``,
  ``event_sub_processes(scope_id)``, ``boundary_events(activity_id)``, ``link_catch_event(scope, name)``,
  ``elements_of(kind)``.
* Flow nodes: one frozen dataclass per kind, all subclasses of :class:`FlowNode` (fields ``id``,
  ``parent_id`` (process id for top-level nodes), ``name``, ``incoming``/``outgoing`` (flow ids),
  ``io_mapping``, ``properties``, ``execution_listeners``, ``source_line``; class constant ``element_type``
  = Zeebe's ``bpmnElementType``; property ``event_type`` = Zeebe's ``bpmnEventType``).
  Activities add ``boundary_event_ids``, ``multi_instance`` and ``is_for_compensation``; scopes
  (:class:`SubProcess`, :class:`EventSubProcess`, :class:`AdHocSubProcess`) hold :class:`ScopeContents`.
* Zeebe extension records (:class:`JobDefinition`, :class:`CalledDecision`, :class:`CalledElement`, …) and
  event definitions (:class:`MessageEventDefinition`, :class:`TimerEventDefinition`, …).
* Attribute values that Zeebe allows to be FEEL are :class:`Expression` (raw text; ``is_feel``/``feel``/
  ``static_value``). The engine compiles them; the parser only checks that they parse.

Guarantees: a model returned by the parser passed deploy validation, so required fields are present
(e.g. a :class:`ServiceTask` always has a job type, a :class:`MultiInstanceLoop` of a deployed process
always has ``input_collection``; message catch events always have a name and correlation key).
Everything is frozen, uses tuples (never lists/dicts), and compares/hashes by value.

Entry point: :func:`zeebe_lite.parser.parse_bpmn` (``parse_bpmn_file`` for paths) builds these models.

Changes after the first published version:
* ``BpmnDefinitions.executable_processes`` is a method (it was briefly a property; the engine core calls it).
* ``Expression.is_feel`` follows Zeebe exactly: only a leading ``=`` (no leading blanks) makes FEEL.
"""

from zeebe_lite.model.bpmn._elements import (
    Activity,
    AdHocSubProcess,
    BoundaryEvent,
    BusinessRuleTask,
    CallActivity,
    EndEvent,
    Event,
    EventBasedGateway,
    EventSubProcess,
    ExclusiveGateway,
    FlowNode,
    Gateway,
    InclusiveGateway,
    IntermediateCatchEvent,
    IntermediateThrowEvent,
    ManualTask,
    ParallelGateway,
    ReceiveTask,
    ScopeContents,
    ScriptTask,
    SendTask,
    SequenceFlow,
    ServiceTask,
    StartEvent,
    SubProcess,
    UndefinedTask,
    UserTask,
)
from zeebe_lite.model.bpmn._events import (
    CompensationEventDefinition,
    ErrorDefinition,
    ErrorEventDefinition,
    EscalationDefinition,
    EscalationEventDefinition,
    EventDefinition,
    LinkEventDefinition,
    MessageDefinition,
    MessageEventDefinition,
    SignalDefinition,
    SignalEventDefinition,
    TerminateEventDefinition,
    TimerEventDefinition,
    event_type_of,
)
from zeebe_lite.model.bpmn._extensions import (
    DEFAULT_JOB_RETRIES,
    DEFAULT_USER_TASK_PRIORITY,
    JOB_WORKER_USER_TASK_TYPE,
    AdHocDefinition,
    AssignmentDefinition,
    CalledDecision,
    CalledElement,
    ExecutionListener,
    ExecutionListenerEventType,
    FormDefinition,
    IoMapping,
    JobDefinition,
    MultiInstanceLoop,
    Property,
    ScriptDefinition,
    TaskHeader,
    TaskListener,
    TaskSchedule,
    UserTaskForm,
    VariableMapping,
    headers_as_dict,
    properties_as_dict,
)
from zeebe_lite.model.bpmn._process import BpmnDefinitions, Participant, Process
from zeebe_lite.model.bpmn._types import BindingType, BpmnElementType, BpmnEventType, Expression, TimerType

__all__ = [
    "DEFAULT_JOB_RETRIES",
    "DEFAULT_USER_TASK_PRIORITY",
    "JOB_WORKER_USER_TASK_TYPE",
    "Activity",
    "AdHocDefinition",
    "AdHocSubProcess",
    "AssignmentDefinition",
    "BindingType",
    "BoundaryEvent",
    "BpmnDefinitions",
    "BpmnElementType",
    "BpmnEventType",
    "BusinessRuleTask",
    "CallActivity",
    "CalledDecision",
    "CalledElement",
    "CompensationEventDefinition",
    "EndEvent",
    "ErrorDefinition",
    "ErrorEventDefinition",
    "EscalationDefinition",
    "EscalationEventDefinition",
    "Event",
    "EventBasedGateway",
    "EventDefinition",
    "EventSubProcess",
    "ExclusiveGateway",
    "ExecutionListener",
    "ExecutionListenerEventType",
    "Expression",
    "FlowNode",
    "FormDefinition",
    "Gateway",
    "InclusiveGateway",
    "IntermediateCatchEvent",
    "IntermediateThrowEvent",
    "IoMapping",
    "JobDefinition",
    "LinkEventDefinition",
    "ManualTask",
    "MessageDefinition",
    "MessageEventDefinition",
    "MultiInstanceLoop",
    "ParallelGateway",
    "Participant",
    "Process",
    "Property",
    "ReceiveTask",
    "ScopeContents",
    "ScriptDefinition",
    "ScriptTask",
    "SendTask",
    "SequenceFlow",
    "ServiceTask",
    "SignalDefinition",
    "SignalEventDefinition",
    "StartEvent",
    "SubProcess",
    "TaskHeader",
    "TaskListener",
    "TaskSchedule",
    "TerminateEventDefinition",
    "TimerEventDefinition",
    "TimerType",
    "UndefinedTask",
    "UserTask",
    "UserTaskForm",
    "VariableMapping",
    "event_type_of",
    "headers_as_dict",
    "properties_as_dict",
]
