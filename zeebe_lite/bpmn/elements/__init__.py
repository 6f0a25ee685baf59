"""Element processors, one per kind of BPMN element, and the lookup from a model element to its processor."""

from __future__ import annotations

from zeebe_lite.bpmn.elements._protocol import ElementProcessor
from zeebe_lite.bpmn.elements.call_activity import CallActivityProcessor
from zeebe_lite.bpmn.elements.containers import (
    AdHocSubProcessProcessor,
    EventSubProcessProcessor,
    SubProcessProcessor,
)
from zeebe_lite.bpmn.elements.engine_tasks import BusinessRuleTaskProcessor, ScriptTaskProcessor
from zeebe_lite.bpmn.elements.events import BoundaryEventProcessor, CatchEventProcessor
from zeebe_lite.bpmn.elements.gateways import (
    EventBasedGatewayProcessor,
    ExclusiveGatewayProcessor,
    InclusiveGatewayProcessor,
)
from zeebe_lite.bpmn.elements.multi_instance import MultiInstanceBodyProcessor
from zeebe_lite.bpmn.elements.process import ProcessProcessor
from zeebe_lite.bpmn.elements.tasks import JobWorkerProcessor, PassThroughProcessor, job_definition_of
from zeebe_lite.bpmn.elements.throw_events import (
    CompensationThrowProcessor,
    ErrorEndEventProcessor,
    EscalationThrowProcessor,
    LinkThrowProcessor,
    SignalThrowProcessor,
    TerminateEndEventProcessor,
)
from zeebe_lite.bpmn.elements.user_task import UserTaskProcessor
from zeebe_lite.model.bpmn import (
    AdHocSubProcess,
    BoundaryEvent,
    BpmnElementType,
    BusinessRuleTask,
    CallActivity,
    CompensationEventDefinition,
    EndEvent,
    ErrorEventDefinition,
    EscalationEventDefinition,
    EventBasedGateway,
    EventSubProcess,
    ExclusiveGateway,
    FlowNode,
    InclusiveGateway,
    IntermediateCatchEvent,
    IntermediateThrowEvent,
    LinkEventDefinition,
    ManualTask,
    MessageEventDefinition,
    ParallelGateway,
    Process,
    ReceiveTask,
    ScriptTask,
    SignalEventDefinition,
    StartEvent,
    SubProcess,
    TerminateEventDefinition,
    TimerEventDefinition,
    UndefinedTask,
    UserTask,
)

__all__ = ["ElementProcessor", "MultiInstanceBodyProcessor", "UnsupportedElementError", "processor_for"]

_PROCESS = ProcessProcessor()
_SUB_PROCESS = SubProcessProcessor()
_EVENT_SUB_PROCESS = EventSubProcessProcessor()
_AD_HOC = AdHocSubProcessProcessor()
_JOB_WORKER = JobWorkerProcessor()
_PASS_THROUGH = PassThroughProcessor()
_EXCLUSIVE = ExclusiveGatewayProcessor()
_EVENT_BASED = EventBasedGatewayProcessor()
_INCLUSIVE = InclusiveGatewayProcessor()
_CATCH = CatchEventProcessor()
_BOUNDARY = BoundaryEventProcessor()
_WAITABLE = (TimerEventDefinition, MessageEventDefinition, SignalEventDefinition)
_CALL_ACTIVITY = CallActivityProcessor()
_USER_TASK = UserTaskProcessor()
_MULTI_INSTANCE = MultiInstanceBodyProcessor()
_SCRIPT = ScriptTaskProcessor()
_BUSINESS_RULE = BusinessRuleTaskProcessor()
_ERROR_END = ErrorEndEventProcessor()
_TERMINATE_END = TerminateEndEventProcessor()
_SIGNAL_THROW = SignalThrowProcessor()
_LINK_THROW = LinkThrowProcessor()
_ESCALATION_THROW = EscalationThrowProcessor()
_COMPENSATION_THROW = CompensationThrowProcessor()


class UnsupportedElementError(Exception):
    """The engine has no processor for this element (the deployment is rejected)."""


def processor_for(
    element: FlowNode | Process, element_type: BpmnElementType | None = None
) -> ElementProcessor:
    """The processor of a model element (``element_type`` MULTI_INSTANCE_BODY selects the body's).

    Raises :class:`UnsupportedElementError` for elements the engine cannot execute.
    """
    if element_type is BpmnElementType.MULTI_INSTANCE_BODY:
        return _MULTI_INSTANCE
    if isinstance(element, Process):
        return _PROCESS
    if job_definition_of(element) is not None:
        return _JOB_WORKER
    if isinstance(element, SubProcess):
        return _SUB_PROCESS
    if isinstance(element, EventSubProcess):
        return _EVENT_SUB_PROCESS
    if isinstance(element, AdHocSubProcess):
        if element.job is not None:
            raise UnsupportedElementError(
                f"ad-hoc sub-process '{element.id}' is job-driven (zeebe:taskDefinition), which is not supported"
            )
        return _AD_HOC
    if isinstance(element, ExclusiveGateway):
        return _EXCLUSIVE
    if isinstance(element, EventBasedGateway):
        return _EVENT_BASED
    if isinstance(element, InclusiveGateway):
        return _INCLUSIVE
    if isinstance(element, ParallelGateway | UndefinedTask | ManualTask):
        return _PASS_THROUGH
    if isinstance(element, CallActivity):
        return _CALL_ACTIVITY
    if isinstance(element, UserTask):
        if element.task_listeners:
            raise UnsupportedElementError(
                f"user task '{element.id}' has task listeners, which are not supported"
            )
        return _USER_TASK
    if isinstance(element, ScriptTask):
        return _SCRIPT
    if isinstance(element, BusinessRuleTask):
        return _BUSINESS_RULE
    if isinstance(element, StartEvent):
        return _PASS_THROUGH
    if isinstance(element, EndEvent | IntermediateThrowEvent):
        definition = element.event_definition
        if definition is None:
            return _PASS_THROUGH
        if isinstance(definition, SignalEventDefinition):
            return _SIGNAL_THROW
        if isinstance(definition, EscalationEventDefinition):
            return _ESCALATION_THROW
        if isinstance(definition, CompensationEventDefinition):
            if not definition.wait_for_completion:
                raise UnsupportedElementError(
                    f"compensation event '{element.id}' must wait for completion (waitForCompletion=true)"
                )
            return _COMPENSATION_THROW
        if isinstance(element, EndEvent) and isinstance(definition, ErrorEventDefinition):
            return _ERROR_END
        if isinstance(element, EndEvent) and isinstance(definition, TerminateEventDefinition):
            return _TERMINATE_END
        if isinstance(element, IntermediateThrowEvent) and isinstance(definition, LinkEventDefinition):
            return _LINK_THROW
    if isinstance(element, IntermediateCatchEvent) and isinstance(
        element.event_definition, LinkEventDefinition
    ):
        return _PASS_THROUGH
    if isinstance(element, ReceiveTask):
        return _CATCH
    if isinstance(element, IntermediateCatchEvent) and isinstance(element.event_definition, _WAITABLE):
        return _CATCH
    if isinstance(element, BoundaryEvent) and isinstance(
        element.event_definition,
        (*_WAITABLE, ErrorEventDefinition, EscalationEventDefinition, CompensationEventDefinition),
    ):
        return _BOUNDARY
    raise UnsupportedElementError(
        f"element '{element.id}' of type {element.element_type} ({type(element).__name__}) is not supported"
    )
