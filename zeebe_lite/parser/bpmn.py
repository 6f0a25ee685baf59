"""BPMN parsing: a tag -> parser dispatch table, scope walking, and the ``parse_bpmn`` entry point.

Flow nodes are read by the per-tag functions in :mod:`._flow_nodes`; Zeebe extension elements by
:mod:`.zeebe_extensions`; deploy-time rules run in :mod:`.validation` over the finished model. Every
problem found anywhere is collected and raised together as one :class:`BpmnValidationError`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from zeebe_lite.model.bpmn import (
    Activity,
    BoundaryEvent,
    BpmnDefinitions,
    CompensationEventDefinition,
    ErrorDefinition,
    EscalationDefinition,
    EventSubProcess,
    FlowNode,
    MessageDefinition,
    Participant,
    Process,
    ScopeContents,
    SequenceFlow,
    SignalDefinition,
    StartEvent,
)
from zeebe_lite.parser import _flow_nodes as nodes
from zeebe_lite.parser._context import (
    BPMN_NS,
    ParseContext,
    bpmn_tag,
    expression_attribute,
    local_name,
    namespace_of,
    text_expression,
)
from zeebe_lite.parser._flow_nodes import FlowNodeParser, ProcessSink
from zeebe_lite.parser._tags import IGNORED_TAGS, UNSUPPORTED_TAGS
from zeebe_lite.parser._xml import load_xml
from zeebe_lite.parser.errors import BpmnValidationError, BpmnXmlError, Problem
from zeebe_lite.parser.validation import validate_definitions
from zeebe_lite.parser.zeebe_extensions import (
    parse_execution_listeners,
    parse_properties,
    parse_subscription_correlation_key,
    parse_user_task_forms,
    parse_version_tag,
)

__all__ = ["FLOW_NODE_PARSERS", "parse_bpmn", "parse_bpmn_file"]

FLOW_NODE_PARSERS: Mapping[str, FlowNodeParser] = MappingProxyType(
    {
        bpmn_tag("startEvent"): nodes.parse_start_event,
        bpmn_tag("endEvent"): nodes.parse_end_event,
        bpmn_tag("intermediateCatchEvent"): nodes.parse_intermediate_catch_event,
        bpmn_tag("intermediateThrowEvent"): nodes.parse_intermediate_throw_event,
        bpmn_tag("boundaryEvent"): nodes.parse_boundary_event,
        bpmn_tag("task"): nodes.parse_undefined_task,
        bpmn_tag("manualTask"): nodes.parse_manual_task,
        bpmn_tag("serviceTask"): nodes.parse_service_task,
        bpmn_tag("sendTask"): nodes.parse_send_task,
        bpmn_tag("receiveTask"): nodes.parse_receive_task,
        bpmn_tag("businessRuleTask"): nodes.parse_business_rule_task,
        bpmn_tag("scriptTask"): nodes.parse_script_task,
        bpmn_tag("userTask"): nodes.parse_user_task,
        bpmn_tag("callActivity"): nodes.parse_call_activity,
        bpmn_tag("subProcess"): nodes.parse_sub_process,
        bpmn_tag("adHocSubProcess"): nodes.parse_ad_hoc_sub_process,
        bpmn_tag("exclusiveGateway"): nodes.parse_exclusive_gateway,
        bpmn_tag("inclusiveGateway"): nodes.parse_inclusive_gateway,
        bpmn_tag("parallelGateway"): nodes.parse_parallel_gateway,
        bpmn_tag("eventBasedGateway"): nodes.parse_event_based_gateway,
    }
)
"""Namespaced BPMN tag -> flow-node parser (the Spiff-style dispatch table)."""


def _parse_sequence_flow(ctx: ParseContext, element: ET.Element, scope_id: str) -> SequenceFlow:
    flow_id = ctx.register_id(element)
    for attribute in ("sourceRef", "targetRef"):
        if not element.get(attribute):
            ctx.report(element, f"is missing the required attribute '{attribute}'")
    return SequenceFlow(
        id=flow_id,
        source_id=element.get("sourceRef") or "",
        target_id=element.get("targetRef") or "",
        parent_id=scope_id,
        name=element.get("name") or None,
        condition=text_expression(element.find(bpmn_tag("conditionExpression"))),
        source_line=ctx.line(element),
    )


class _Scopes:
    """Walks nested scopes of one process, collecting nodes and flows in document order."""

    def __init__(self) -> None:
        self.flows: list[SequenceFlow] = []

    def parse_scope(
        self, ctx: ParseContext, scope: ET.Element, scope_id: str, sink: ProcessSink
    ) -> ScopeContents:
        node_ids: list[str] = []
        flow_ids: list[str] = []
        start_ids: list[str] = []
        event_sub_process_ids: list[str] = []
        for child in scope:
            if namespace_of(child) != BPMN_NS:
                continue
            parser = FLOW_NODE_PARSERS.get(child.tag)
            name = local_name(child)
            if parser is not None:
                slot = len(sink.nodes)
                sink.nodes.append(_PLACEHOLDER)
                node = parser(ctx, child, scope_id, sink)
                sink.nodes[slot] = node
                node_ids.append(node.id)
                if isinstance(node, StartEvent):
                    start_ids.append(node.id)
                elif isinstance(node, EventSubProcess):
                    event_sub_process_ids.append(node.id)
            elif name == "sequenceFlow":
                flow = _parse_sequence_flow(ctx, child, scope_id)
                self.flows.append(flow)
                flow_ids.append(flow.id)
            elif name == "association":
                sink.associations.append((child.get("sourceRef") or "", child.get("targetRef") or ""))
            elif name in UNSUPPORTED_TAGS:
                ctx.report(child, UNSUPPORTED_TAGS[name])
            elif name not in IGNORED_TAGS:
                ctx.report(child, f"BPMN element '{name}' is not supported by Camunda 8.8")
        return ScopeContents(
            flow_node_ids=tuple(node_ids),
            sequence_flow_ids=tuple(flow_ids),
            start_event_ids=tuple(start_ids),
            event_sub_process_ids=tuple(event_sub_process_ids),
        )


_PLACEHOLDER = FlowNode(id="", parent_id="")


def _link_nodes(sink: ProcessSink, flows: list[SequenceFlow]) -> tuple[FlowNode, ...]:
    """Fill in incoming/outgoing flows, boundary events of activities and compensation handlers."""
    incoming: defaultdict[str, list[str]] = defaultdict(list)
    outgoing: defaultdict[str, list[str]] = defaultdict(list)
    for flow in flows:
        outgoing[flow.source_id].append(flow.id)
        incoming[flow.target_id].append(flow.id)
    boundaries: defaultdict[str, list[str]] = defaultdict(list)
    for node in sink.nodes:
        if isinstance(node, BoundaryEvent):
            boundaries[node.attached_to_id].append(node.id)
    activity_ids = {node.id for node in sink.nodes if isinstance(node, Activity)}
    handler_of: dict[str, str] = {}
    for source_id, target_id in sink.associations:
        if target_id in activity_ids:
            handler_of.setdefault(source_id, target_id)
    linked: list[FlowNode] = []
    for node in sink.nodes:
        node = replace(node, incoming=tuple(incoming[node.id]), outgoing=tuple(outgoing[node.id]))
        if isinstance(node, Activity):
            node = replace(node, boundary_event_ids=tuple(boundaries[node.id]))
        elif isinstance(node, BoundaryEvent) and isinstance(
            node.event_definition, CompensationEventDefinition
        ):
            node = replace(node, compensation_handler_id=handler_of.get(node.id))
        linked.append(node)
    return tuple(linked)


def _parse_process(ctx: ParseContext, element: ET.Element) -> Process:
    process_id = ctx.register_id(element)
    scopes = _Scopes()
    sink = ProcessSink(process_id=process_id, parse_scope=scopes.parse_scope)
    contents = scopes.parse_scope(ctx, element, process_id, sink)
    return Process(
        id=process_id,
        name=element.get("name") or None,
        is_executable=(element.get("isExecutable") or "").strip().lower() == "true",
        version_tag=parse_version_tag(ctx, element),
        contents=contents,
        flow_nodes=_link_nodes(sink, scopes.flows),
        sequence_flows=tuple(scopes.flows),
        properties=parse_properties(ctx, element),
        execution_listeners=parse_execution_listeners(ctx, element),
        user_task_forms=parse_user_task_forms(ctx, element),
        source_line=ctx.line(element),
    )


def _parse_root_elements(ctx: ParseContext, root: ET.Element) -> None:
    for element in root:
        name = local_name(element) if namespace_of(element) == BPMN_NS else ""
        if name == "message":
            message = MessageDefinition(
                id=ctx.register_id(element),
                name=expression_attribute(element, "name"),
                correlation_key=parse_subscription_correlation_key(ctx, element),
                source_line=ctx.line(element),
            )
            ctx.messages[message.id] = message
        elif name == "error":
            error = ErrorDefinition(
                id=ctx.register_id(element),
                name=element.get("name") or None,
                error_code=expression_attribute(element, "errorCode"),
                source_line=ctx.line(element),
            )
            ctx.errors[error.id] = error
        elif name == "signal":
            signal = SignalDefinition(
                id=ctx.register_id(element),
                name=expression_attribute(element, "name"),
                source_line=ctx.line(element),
            )
            ctx.signals[signal.id] = signal
        elif name == "escalation":
            escalation = EscalationDefinition(
                id=ctx.register_id(element),
                name=element.get("name") or None,
                escalation_code=expression_attribute(element, "escalationCode"),
                source_line=ctx.line(element),
            )
            ctx.escalations[escalation.id] = escalation


def _parse_participants(ctx: ParseContext, root: ET.Element) -> tuple[Participant, ...]:
    participants: list[Participant] = []
    for collaboration in root.findall(bpmn_tag("collaboration")):
        ctx.register_id(collaboration)
        for element in collaboration.findall(bpmn_tag("participant")):
            participants.append(
                Participant(
                    id=ctx.register_id(element),
                    name=element.get("name") or None,
                    process_ref=element.get("processRef") or None,
                )
            )
    return tuple(participants)


def _sort_key(problem: Problem) -> int:
    return problem.line if problem.line is not None else 0


def parse_bpmn(source: bytes | str, *, resource_name: str | None = None) -> BpmnDefinitions:
    """Parse and validate one BPMN resource as Zeebe does at deploy time.

    Raises :class:`~zeebe_lite.parser.errors.BpmnXmlError` when the XML is malformed or not BPMN, and
    :class:`~zeebe_lite.parser.errors.BpmnValidationError` listing every problem (sorted by line) when the
    resource is not deployable. The returned model is immutable and deterministic for the same input.
    """
    document = load_xml(source, resource_name=resource_name)
    if document.root.tag != bpmn_tag("definitions"):
        raise BpmnXmlError(
            f"the root element must be bpmn:definitions in namespace {BPMN_NS}, not '{document.root.tag}'",
            resource_name=resource_name,
            line=document.line_of(document.root),
        )
    ctx = ParseContext(document=document, resource_name=resource_name)
    _parse_root_elements(ctx, document.root)
    participants = _parse_participants(ctx, document.root)
    processes = tuple(_parse_process(ctx, element) for element in document.root.findall(bpmn_tag("process")))
    definitions = BpmnDefinitions(
        id=document.root.get("id") or None,
        target_namespace=document.root.get("targetNamespace") or None,
        processes=processes,
        messages=tuple(ctx.messages.values()),
        errors=tuple(ctx.errors.values()),
        signals=tuple(ctx.signals.values()),
        escalations=tuple(ctx.escalations.values()),
        participants=participants,
        resource_name=resource_name,
    )
    problems = [*ctx.problems, *validate_definitions(definitions)]
    if problems:
        raise BpmnValidationError(tuple(sorted(problems, key=_sort_key)), resource_name=resource_name)
    return definitions


def parse_bpmn_file(path: str | Path) -> BpmnDefinitions:
    """Parse and validate a BPMN file; the file name is used as the resource name in errors."""
    file_path = Path(path)
    return parse_bpmn(file_path.read_bytes(), resource_name=file_path.name)
