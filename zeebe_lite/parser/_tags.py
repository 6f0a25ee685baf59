"""BPMN tag names: which model class stands for which tag, and which tags are unsupported or ignored."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from zeebe_lite.model.bpmn import (
    AdHocSubProcess,
    BoundaryEvent,
    BusinessRuleTask,
    CallActivity,
    EndEvent,
    EventBasedGateway,
    EventSubProcess,
    ExclusiveGateway,
    FlowNode,
    InclusiveGateway,
    IntermediateCatchEvent,
    IntermediateThrowEvent,
    ManualTask,
    ParallelGateway,
    ReceiveTask,
    ScriptTask,
    SendTask,
    ServiceTask,
    StartEvent,
    SubProcess,
    UndefinedTask,
    UserTask,
)

__all__ = ["IGNORED_TAGS", "UNSUPPORTED_TAGS", "tag_of"]

_TAG_BY_CLASS: Mapping[type[FlowNode], str] = MappingProxyType(
    {
        StartEvent: "startEvent",
        EndEvent: "endEvent",
        IntermediateCatchEvent: "intermediateCatchEvent",
        IntermediateThrowEvent: "intermediateThrowEvent",
        BoundaryEvent: "boundaryEvent",
        UndefinedTask: "task",
        ManualTask: "manualTask",
        ServiceTask: "serviceTask",
        SendTask: "sendTask",
        ReceiveTask: "receiveTask",
        BusinessRuleTask: "businessRuleTask",
        ScriptTask: "scriptTask",
        UserTask: "userTask",
        CallActivity: "callActivity",
        SubProcess: "subProcess",
        EventSubProcess: "subProcess",
        AdHocSubProcess: "adHocSubProcess",
        ExclusiveGateway: "exclusiveGateway",
        InclusiveGateway: "inclusiveGateway",
        ParallelGateway: "parallelGateway",
        EventBasedGateway: "eventBasedGateway",
    }
)

UNSUPPORTED_TAGS: Mapping[str, str] = MappingProxyType(
    {
        "complexGateway": "complex gateways are not supported by Camunda 8.8",
        "transaction": "transaction subprocesses are not supported by Camunda 8.8",
        "conditionalEventDefinition": "conditional events are not supported by Camunda 8.8",
        "cancelEventDefinition": "cancel events are not supported by Camunda 8.8",
        "implicitThrowEvent": "implicit throw events are not supported by Camunda 8.8",
        "choreographyTask": "choreographies are not executable",
        "subChoreography": "choreographies are not executable",
        "callChoreography": "choreographies are not executable",
    }
)
"""BPMN tags Camunda 8.8 cannot execute, with the reason reported at deploy."""

IGNORED_TAGS: frozenset[str] = frozenset(
    {
        "documentation",
        "extensionElements",
        "incoming",
        "outgoing",
        "laneSet",
        "textAnnotation",
        "association",
        "group",
        "dataObject",
        "dataObjectReference",
        "dataStoreReference",
        "dataInputAssociation",
        "dataOutputAssociation",
        "ioSpecification",
        "property",
        "auditing",
        "monitoring",
        "category",
        "multiInstanceLoopCharacteristics",
        "standardLoopCharacteristics",
        "completionCondition",
        "messageFlow",
    }
)
"""BPMN children that are for modelling only (or read elsewhere) and never affect execution."""


def tag_of(node: FlowNode) -> str:
    """The BPMN tag of a model node (``serviceTask``…), for problem messages."""
    return _TAG_BY_CLASS.get(type(node), type(node).__name__)
