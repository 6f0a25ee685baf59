"""Builders for small BPMN documents written the way Camunda Modeler writes them (bpmn:/zeebe:/modeler:)."""

from __future__ import annotations

from itertools import pairwise

import pytest

from zeebe_lite.model.bpmn import BpmnDefinitions
from zeebe_lite.parser import BpmnValidationError, Problem, parse_bpmn

HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"'
    ' xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"'
    ' xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="http://bpmn.io/schema/bpmn"'
    ' exporter="Camunda Modeler" exporterVersion="5.30.0" modeler:executionPlatform="Camunda Cloud"'
    ' modeler:executionPlatformVersion="8.8.0">\n'
)
FOOTER = "</bpmn:definitions>\n"

ROOTS = """
  <bpmn:message id="msg" name="order.paid">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements>
  </bpmn:message>
  <bpmn:message id="msg-start" name="order.created" />
  <bpmn:error id="err" name="Rejected" errorCode="REJECTED" />
  <bpmn:signal id="sig" name="shutdown" />
  <bpmn:escalation id="esc" name="Late" escalationCode="LATE" />
"""


def definitions(processes: str, roots: str = ROOTS) -> str:
    """A full document with the given process elements and root elements."""
    return f"{HEADER}{processes}\n{roots}\n{FOOTER}"


def process(body: str, *, process_id: str = "p", executable: bool = True, roots: str = ROOTS) -> str:
    """A document with one process holding ``body``."""
    flag = "true" if executable else "false"
    return definitions(
        f'<bpmn:process id="{process_id}" isExecutable="{flag}">\n{body}\n</bpmn:process>', roots
    )


def flow(flow_id: str, source: str, target: str, condition: str | None = None) -> str:
    """A sequence flow, optionally with a condition expression."""
    if condition is None:
        return f'<bpmn:sequenceFlow id="{flow_id}" sourceRef="{source}" targetRef="{target}" />'
    return (
        f'<bpmn:sequenceFlow id="{flow_id}" sourceRef="{source}" targetRef="{target}">'
        f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{condition}</bpmn:conditionExpression>'
        "</bpmn:sequenceFlow>"
    )


def linear(*elements: tuple[str, str], extra: str = "", roots: str = ROOTS) -> str:
    """start -> each (id, xml) element in order -> end, wired with sequence flows; ``extra`` is appended."""
    ids = ["start", *(element_id for element_id, _ in elements), "end"]
    parts = ['<bpmn:startEvent id="start" />', *(xml for _, xml in elements), '<bpmn:endEvent id="end" />']
    parts += [flow(f"f{index}", source, target) for index, (source, target) in enumerate(pairwise(ids))]
    return process("\n".join([*parts, extra]), roots=roots)


def service_task(task_id: str, job_type: str = "work") -> str:
    """A service task with a job type."""
    return (
        f'<bpmn:serviceTask id="{task_id}"><bpmn:extensionElements>'
        f'<zeebe:taskDefinition type="{job_type}" /></bpmn:extensionElements></bpmn:serviceTask>'
    )


def parse(xml: str) -> BpmnDefinitions:
    """Parse a document that must be valid."""
    return parse_bpmn(xml, resource_name="test.bpmn")


def problems(xml: str) -> tuple[Problem, ...]:
    """The problems of a document that must be rejected."""
    with pytest.raises(BpmnValidationError) as raised:
        parse_bpmn(xml, resource_name="test.bpmn")
    return raised.value.problems


def assert_problem(xml: str, element_id: str | None, *fragments: str) -> Problem:
    """The document is rejected with a problem at ``element_id`` whose message contains every fragment."""
    found = problems(xml)
    for problem in found:
        if problem.element_id == element_id and all(fragment in problem.message for fragment in fragments):
            return problem
    listing = "\n".join(str(problem) for problem in found)
    raise AssertionError(f"no problem at {element_id!r} containing {fragments}; got:\n{listing}")
