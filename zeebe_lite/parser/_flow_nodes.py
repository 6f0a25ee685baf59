"""One parser function per BPMN flow-node tag (wired into the dispatch table in :mod:`.bpmn`)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from zeebe_lite.model.bpmn import (
    JOB_WORKER_USER_TASK_TYPE,
    AdHocSubProcess,
    BoundaryEvent,
    BusinessRuleTask,
    CallActivity,
    CalledElement,
    EndEvent,
    EventBasedGateway,
    EventSubProcess,
    ExclusiveGateway,
    Expression,
    FlowNode,
    InclusiveGateway,
    IntermediateCatchEvent,
    IntermediateThrowEvent,
    JobDefinition,
    ManualTask,
    MessageEventDefinition,
    MultiInstanceLoop,
    ParallelGateway,
    ReceiveTask,
    ScopeContents,
    ScriptTask,
    SendTask,
    ServiceTask,
    StartEvent,
    SubProcess,
    UndefinedTask,
    UserTask,
)
from zeebe_lite.parser._context import ParseContext, bpmn_tag, text_expression
from zeebe_lite.parser._event_definitions import parse_event_definition, resolve_message
from zeebe_lite.parser.zeebe_extensions import (
    has_extension,
    parse_ad_hoc,
    parse_assignment,
    parse_called_decision,
    parse_called_element,
    parse_execution_listeners,
    parse_form_definition,
    parse_io_mapping,
    parse_job_definition,
    parse_multi_instance,
    parse_priority,
    parse_properties,
    parse_script,
    parse_task_headers,
    parse_task_listeners,
    parse_task_schedule,
)

__all__ = [
    "FlowNodeParser",
    "ProcessSink",
    "parse_ad_hoc_sub_process",
    "parse_boundary_event",
    "parse_business_rule_task",
    "parse_call_activity",
    "parse_end_event",
    "parse_event_based_gateway",
    "parse_exclusive_gateway",
    "parse_inclusive_gateway",
    "parse_intermediate_catch_event",
    "parse_intermediate_throw_event",
    "parse_manual_task",
    "parse_parallel_gateway",
    "parse_receive_task",
    "parse_script_task",
    "parse_send_task",
    "parse_service_task",
    "parse_start_event",
    "parse_sub_process",
    "parse_undefined_task",
    "parse_user_task",
]

ScopeParser = Callable[[ParseContext, ET.Element, str, "ProcessSink"], ScopeContents]


@dataclass
class ProcessSink:
    """Collects what a process contains while its scopes are walked (document order)."""

    process_id: str
    parse_scope: ScopeParser
    nodes: list[FlowNode] = field(default_factory=list)
    associations: list[tuple[str, str]] = field(default_factory=list)

    def find(self, node_id: str) -> FlowNode | None:
        """A node parsed so far."""
        return next((node for node in self.nodes if node.id == node_id), None)


FlowNodeParser = Callable[[ParseContext, ET.Element, str, ProcessSink], FlowNode]
"""Parses one flow-node element inside the scope with the given id."""

_NO_JOB_TYPE = Expression("")


def _bool_attribute(element: ET.Element, name: str, default: bool) -> bool:
    raw = element.get(name)
    return default if raw is None or raw == "" else raw.strip().lower() == "true"


def _common(ctx: ParseContext, element: ET.Element, parent_id: str) -> dict[str, Any]:
    return {
        "id": ctx.register_id(element),
        "parent_id": parent_id,
        "name": element.get("name") or None,
        "io_mapping": parse_io_mapping(ctx, element),
        "properties": parse_properties(ctx, element),
        "execution_listeners": parse_execution_listeners(ctx, element),
        "source_line": ctx.line(element),
    }


def _multi_instance(ctx: ParseContext, element: ET.Element) -> MultiInstanceLoop | None:
    loop = element.find(bpmn_tag("multiInstanceLoopCharacteristics"))
    if loop is None:
        return None
    return parse_multi_instance(
        ctx,
        loop,
        is_sequential=_bool_attribute(loop, "isSequential", False),
        completion_condition=text_expression(loop.find(bpmn_tag("completionCondition"))),
    )


def _activity(ctx: ParseContext, element: ET.Element, parent_id: str) -> dict[str, Any]:
    fields = _common(ctx, element, parent_id)
    fields["multi_instance"] = _multi_instance(ctx, element)
    fields["is_for_compensation"] = _bool_attribute(element, "isForCompensation", False)
    if element.find(bpmn_tag("standardLoopCharacteristics")) is not None:
        ctx.report(element, "standard loops are not supported by Camunda 8.8 (use multi-instance)")
    return fields


# ---------------------------------------------------------------------------------------------- events


def parse_start_event(ctx: ParseContext, element: ET.Element, parent_id: str, sink: ProcessSink) -> FlowNode:
    """``bpmn:startEvent`` (a process-level message start event never has a correlation key)."""
    fields = _common(ctx, element, parent_id)
    definition = parse_event_definition(ctx, element)
    if isinstance(definition, MessageEventDefinition) and parent_id == sink.process_id:
        definition = replace(definition, correlation_key=None)
    return StartEvent(
        **fields,
        event_definition=definition,
        interrupting=_bool_attribute(element, "isInterrupting", True),
    )


def _job_if_message(ctx: ParseContext, element: ET.Element, definition: object) -> JobDefinition | None:
    if not isinstance(definition, MessageEventDefinition):
        return None
    return parse_job_definition(ctx, element) or JobDefinition(job_type=_NO_JOB_TYPE)


def parse_end_event(ctx: ParseContext, element: ET.Element, parent_id: str, _sink: ProcessSink) -> FlowNode:
    """``bpmn:endEvent`` (a message end event is a job)."""
    fields = _common(ctx, element, parent_id)
    definition = parse_event_definition(ctx, element)
    return EndEvent(**fields, event_definition=definition, job=_job_if_message(ctx, element, definition))


def parse_intermediate_catch_event(
    ctx: ParseContext, element: ET.Element, parent_id: str, _sink: ProcessSink
) -> FlowNode:
    """``bpmn:intermediateCatchEvent``."""
    fields = _common(ctx, element, parent_id)
    return IntermediateCatchEvent(**fields, event_definition=parse_event_definition(ctx, element))


def parse_intermediate_throw_event(
    ctx: ParseContext, element: ET.Element, parent_id: str, _sink: ProcessSink
) -> FlowNode:
    """``bpmn:intermediateThrowEvent`` (a message throw event is a job)."""
    fields = _common(ctx, element, parent_id)
    definition = parse_event_definition(ctx, element)
    return IntermediateThrowEvent(
        **fields, event_definition=definition, job=_job_if_message(ctx, element, definition)
    )


def parse_boundary_event(
    ctx: ParseContext, element: ET.Element, parent_id: str, _sink: ProcessSink
) -> FlowNode:
    """``bpmn:boundaryEvent`` (the compensation handler is linked later from associations)."""
    fields = _common(ctx, element, parent_id)
    return BoundaryEvent(
        **fields,
        event_definition=parse_event_definition(ctx, element),
        attached_to_id=element.get("attachedToRef") or "",
        cancel_activity=_bool_attribute(element, "cancelActivity", True),
    )


# ---------------------------------------------------------------------------------------------- tasks


def parse_undefined_task(
    ctx: ParseContext, element: ET.Element, parent_id: str, _sink: ProcessSink
) -> FlowNode:
    """``bpmn:task``."""
    return UndefinedTask(**_activity(ctx, element, parent_id))


def parse_manual_task(ctx: ParseContext, element: ET.Element, parent_id: str, _sink: ProcessSink) -> FlowNode:
    """``bpmn:manualTask``."""
    return ManualTask(**_activity(ctx, element, parent_id))


def parse_service_task(
    ctx: ParseContext, element: ET.Element, parent_id: str, _sink: ProcessSink
) -> FlowNode:
    """``bpmn:serviceTask``."""
    fields = _activity(ctx, element, parent_id)
    return ServiceTask(
        **fields, job=parse_job_definition(ctx, element) or JobDefinition(job_type=_NO_JOB_TYPE)
    )


def parse_send_task(ctx: ParseContext, element: ET.Element, parent_id: str, _sink: ProcessSink) -> FlowNode:
    """``bpmn:sendTask``."""
    fields = _activity(ctx, element, parent_id)
    return SendTask(**fields, job=parse_job_definition(ctx, element) or JobDefinition(job_type=_NO_JOB_TYPE))


def parse_receive_task(
    ctx: ParseContext, element: ET.Element, parent_id: str, _sink: ProcessSink
) -> FlowNode:
    """``bpmn:receiveTask`` (instantiating receive tasks are not supported)."""
    fields = _activity(ctx, element, parent_id)
    if _bool_attribute(element, "instantiate", False):
        ctx.report(
            element,
            "instantiating receive tasks are not supported by Camunda 8.8 (use a message start event)",
        )
    return ReceiveTask(**fields, message=resolve_message(ctx, element, element.get("messageRef") or None))


def parse_business_rule_task(
    ctx: ParseContext, element: ET.Element, parent_id: str, _sink: ProcessSink
) -> FlowNode:
    """``bpmn:businessRuleTask``: ``zeebe:calledDecision`` or ``zeebe:taskDefinition``."""
    fields = _activity(ctx, element, parent_id)
    decision = parse_called_decision(ctx, element)
    job = parse_job_definition(ctx, element)
    if decision is not None and job is not None:
        ctx.report(element, "must have either zeebe:calledDecision or zeebe:taskDefinition, not both")
    return BusinessRuleTask(**fields, implementation=decision or job or JobDefinition(job_type=_NO_JOB_TYPE))


def parse_script_task(ctx: ParseContext, element: ET.Element, parent_id: str, _sink: ProcessSink) -> FlowNode:
    """``bpmn:scriptTask``: ``zeebe:script`` or ``zeebe:taskDefinition``."""
    fields = _activity(ctx, element, parent_id)
    script = parse_script(ctx, element)
    job = parse_job_definition(ctx, element)
    if script is not None and job is not None:
        ctx.report(element, "must have either zeebe:script or zeebe:taskDefinition, not both")
    return ScriptTask(**fields, implementation=script or job or JobDefinition(job_type=_NO_JOB_TYPE))


def parse_user_task(ctx: ParseContext, element: ET.Element, parent_id: str, _sink: ProcessSink) -> FlowNode:
    """``bpmn:userTask``: a Camunda user task with ``zeebe:userTask``, else a job-worker user task."""
    fields = _activity(ctx, element, parent_id)
    is_camunda_user_task = has_extension(element, "userTask")
    headers = parse_task_headers(ctx, element)
    job = (
        None
        if is_camunda_user_task
        else JobDefinition(job_type=Expression(JOB_WORKER_USER_TASK_TYPE), headers=headers)
    )
    return UserTask(
        **fields,
        is_camunda_user_task=is_camunda_user_task,
        job=job,
        assignment=parse_assignment(ctx, element),
        schedule=parse_task_schedule(ctx, element),
        form=parse_form_definition(ctx, element, camunda_user_task=is_camunda_user_task),
        priority=parse_priority(ctx, element, "priorityDefinition"),
        headers=headers,
        task_listeners=parse_task_listeners(ctx, element),
    )


# ---------------------------------------------------------------------------------------------- containers


def parse_call_activity(
    ctx: ParseContext, element: ET.Element, parent_id: str, _sink: ProcessSink
) -> FlowNode:
    """``bpmn:callActivity``."""
    fields = _activity(ctx, element, parent_id)
    called = parse_called_element(ctx, element) or CalledElement(process_id=Expression(""))
    return CallActivity(**fields, called_element=called)


def parse_sub_process(ctx: ParseContext, element: ET.Element, parent_id: str, sink: ProcessSink) -> FlowNode:
    """``bpmn:subProcess``: embedded, or an event subprocess when ``triggeredByEvent="true"``."""
    if _bool_attribute(element, "triggeredByEvent", False):
        fields = _common(ctx, element, parent_id)
        contents = sink.parse_scope(ctx, element, fields["id"], sink)
        start = sink.find(contents.start_event_ids[0]) if contents.start_event_ids else None
        return EventSubProcess(
            **fields,
            contents=contents,
            start_event_id=start.id if start is not None else "",
            interrupting=start.interrupting if isinstance(start, StartEvent) else True,
        )
    fields = _activity(ctx, element, parent_id)
    return SubProcess(**fields, contents=sink.parse_scope(ctx, element, fields["id"], sink))


def parse_ad_hoc_sub_process(
    ctx: ParseContext, element: ET.Element, parent_id: str, sink: ProcessSink
) -> FlowNode:
    """``bpmn:adHocSubProcess``."""
    fields = _activity(ctx, element, parent_id)
    completion = text_expression(element.find(bpmn_tag("completionCondition")))
    return AdHocSubProcess(
        **fields,
        contents=sink.parse_scope(ctx, element, fields["id"], sink),
        ad_hoc=parse_ad_hoc(ctx, element, completion),
        job=parse_job_definition(ctx, element),
    )


# ---------------------------------------------------------------------------------------------- gateways


def parse_exclusive_gateway(
    ctx: ParseContext, element: ET.Element, parent_id: str, _sink: ProcessSink
) -> FlowNode:
    """``bpmn:exclusiveGateway``."""
    return ExclusiveGateway(
        **_common(ctx, element, parent_id), default_flow_id=element.get("default") or None
    )


def parse_inclusive_gateway(
    ctx: ParseContext, element: ET.Element, parent_id: str, _sink: ProcessSink
) -> FlowNode:
    """``bpmn:inclusiveGateway``."""
    return InclusiveGateway(
        **_common(ctx, element, parent_id), default_flow_id=element.get("default") or None
    )


def parse_parallel_gateway(
    ctx: ParseContext, element: ET.Element, parent_id: str, _sink: ProcessSink
) -> FlowNode:
    """``bpmn:parallelGateway``."""
    return ParallelGateway(**_common(ctx, element, parent_id))


def parse_event_based_gateway(
    ctx: ParseContext, element: ET.Element, parent_id: str, _sink: ProcessSink
) -> FlowNode:
    """``bpmn:eventBasedGateway`` (exclusive, non-instantiating only)."""
    if _bool_attribute(element, "instantiate", False):
        ctx.report(element, "instantiating event-based gateways are not supported by Camunda 8.8")
    return EventBasedGateway(**_common(ctx, element, parent_id))
