"""Reading deployed resources: which processes (BPMN) and decisions (DMN) a file contains."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from zeebe_lite.bpmn.elements import UnsupportedElementError, processor_for
from zeebe_lite.dmn import DmnError, parse_dmn
from zeebe_lite.model.bpmn import (
    Activity,
    BoundaryEvent,
    BpmnDefinitions,
    EndEvent,
    ErrorEventDefinition,
    EventSubProcess,
    ExecutionListenerEventType,
    FlowNode,
    IntermediateCatchEvent,
    IntermediateThrowEvent,
    LinkEventDefinition,
    ParallelGateway,
    Process,
    StartEvent,
    TerminateEventDefinition,
)
from zeebe_lite.parser.bpmn import parse_bpmn
from zeebe_lite.parser.errors import BpmnDeploymentError

__all__ = ["DmnResource", "checksum", "read_bpmn", "read_dmn"]


def checksum(text: str) -> str:
    """The checksum that decides whether a resource changed between deployments."""
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def read_bpmn(text: str, resource_name: str) -> BpmnDefinitions | str:
    """The parsed definitions, or why the resource cannot be deployed."""
    try:
        definitions = parse_bpmn(text, resource_name=resource_name)
    except BpmnDeploymentError as error:
        return str(error)
    problems = [_unsupported(process) for process in definitions.executable_processes()]
    found = [problem for problem in problems if problem]
    if found:
        return f"'{resource_name}' uses elements zeebe_lite cannot execute: " + "; ".join(found)
    if not definitions.executable_processes():
        return f"'{resource_name}' contains no executable process"
    return definitions


_END_VIA_OUTPUTS = (
    EndEvent,
    IntermediateThrowEvent,
    IntermediateCatchEvent,
    Activity,
    ParallelGateway,
    EventSubProcess,
    BoundaryEvent,
    StartEvent,
)


def unsupported_listeners(node: FlowNode) -> str:
    """Why zeebe_lite cannot run the node's execution listeners ("" when it can)."""
    if not node.execution_listeners:
        return ""
    kinds = {listener.event_type for listener in node.execution_listeners}
    if getattr(node, "multi_instance", None) is not None:
        return f"element '{node.id}': execution listeners on multi-instance activities are not supported"
    if ExecutionListenerEventType.START in kinds and isinstance(node, StartEvent | BoundaryEvent):
        return (
            f"element '{node.id}': start execution listeners on start and boundary events are not supported"
        )
    definition = getattr(node, "event_definition", None)
    ends_inline = isinstance(
        definition, ErrorEventDefinition | TerminateEventDefinition | LinkEventDefinition
    )
    if ExecutionListenerEventType.END in kinds and (not isinstance(node, _END_VIA_OUTPUTS) or ends_inline):
        return f"element '{node.id}': end execution listeners on this element are not supported"
    return ""


def _unsupported(process: Process) -> str:
    problems = []
    for node in process.flow_nodes:
        problem = unsupported_listeners(node)
        if problem:
            problems.append(problem)
        try:
            processor_for(node)
        except UnsupportedElementError as error:
            problems.append(str(error))
    return "; ".join(problems)


@dataclass(frozen=True, slots=True)
class DmnResource:
    """What a DMN resource declares."""

    drg_id: str
    drg_name: str
    namespace: str
    decisions: tuple[tuple[str, str], ...]


def read_dmn(text: str, resource_name: str) -> DmnResource | str:
    """The decision requirements graph id and its decisions (id, name), or why it cannot be deployed."""
    try:
        definitions = parse_dmn(text, resource_name=resource_name)
    except DmnError as error:
        return f"'{resource_name}' is not a valid DMN resource: {error}"
    drg_id = definitions.id or resource_name
    decisions = tuple(
        (decision.id, decision.name or decision.id) for decision in definitions.decisions.values()
    )
    if not decisions:
        return f"'{resource_name}' contains no decision"
    return DmnResource(drg_id, definitions.name or drg_id, definitions.namespace or "", decisions)
