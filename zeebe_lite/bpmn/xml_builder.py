"""Writing small BPMN documents in code (tests, examples): ids, flows and Zeebe extensions spelled out."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'id="defs" targetNamespace="http://example.com/test">\n'
)


@dataclass
class ProcessBuilder:
    """Collects elements and flows of one process; ``xml()`` renders the whole definitions document."""

    process_id: str
    elements: list[str] = field(default_factory=list)
    flows: list[str] = field(default_factory=list)
    roots: list[str] = field(default_factory=list)
    _flow_count: int = 0

    def add(self, xml: str) -> ProcessBuilder:
        """Add raw element XML."""
        self.elements.append(xml)
        return self

    def flow(self, source: str, target: str, condition: str | None = None, flow_id: str | None = None) -> str:
        """Add a sequence flow; returns its id."""
        self._flow_count += 1
        flow_id = flow_id or f"flow{self._flow_count}"
        body = ""
        if condition is not None:
            body = f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{condition}</bpmn:conditionExpression>'
        self.flows.append(
            f'<bpmn:sequenceFlow id="{flow_id}" sourceRef="{source}" targetRef="{target}">{body}</bpmn:sequenceFlow>'
        )
        return flow_id

    def chain(self, *ids: str) -> ProcessBuilder:
        """Connect elements in sequence."""
        for source, target in itertools.pairwise(ids):
            self.flow(source, target)
        return self

    def xml(self) -> str:
        """The definitions document."""
        body = "\n".join(self.elements + self.flows)
        roots = "\n".join(self.roots)
        return (
            f'{HEADER}{roots}\n<bpmn:process id="{self.process_id}" isExecutable="true">\n{body}\n'
            "</bpmn:process>\n</bpmn:definitions>\n"
        )


def service_task(task_id: str, job_type: str, extra: str = "", retries: str | None = None) -> str:
    """A service task with a task definition and optional extra extension elements."""
    retries_attr = f' retries="{retries}"' if retries is not None else ""
    return (
        f'<bpmn:serviceTask id="{task_id}"><bpmn:extensionElements>'
        f'<zeebe:taskDefinition type="{job_type}"{retries_attr}/>{extra}'
        "</bpmn:extensionElements></bpmn:serviceTask>"
    )


def io_mapping(inputs: dict[str, str] | None = None, outputs: dict[str, str] | None = None) -> str:
    """A zeebe:ioMapping (target -> source)."""
    parts = [
        f'<zeebe:input source="{source}" target="{target}"/>' for target, source in (inputs or {}).items()
    ]
    parts += [
        f'<zeebe:output source="{source}" target="{target}"/>' for target, source in (outputs or {}).items()
    ]
    return f"<zeebe:ioMapping>{''.join(parts)}</zeebe:ioMapping>"


def simple_task_process(process_id: str = "order", job_type: str = "charge", extra: str = "") -> str:
    """start -> service task -> end."""
    builder = ProcessBuilder(process_id)
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(service_task("task", job_type, extra))
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "task", "end")
    return builder.xml()
