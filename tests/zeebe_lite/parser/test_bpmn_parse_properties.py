"""Structural invariants of parsed models over generated processes, and XML input edge cases."""

from __future__ import annotations

from collections.abc import Callable

from bpmn_snippets import HEADER, flow, linear, parse, process, service_task
from hypothesis import given, settings
from hypothesis import strategies as st

from zeebe_lite.model.bpmn import Activity, BoundaryEvent, Expression
from zeebe_lite.parser import parse_bpmn

ELEMENTS: dict[str, Callable[[str], str]] = {
    "service": service_task,
    "task": lambda i: f'<bpmn:task id="{i}" />',
    "manual": lambda i: f'<bpmn:manualTask id="{i}" />',
    "parallel": lambda i: f'<bpmn:parallelGateway id="{i}" />',
    "throw": lambda i: f'<bpmn:intermediateThrowEvent id="{i}" />',
    "timer": lambda i: (
        f'<bpmn:intermediateCatchEvent id="{i}"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M'
        "</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"
    ),
    "sub": lambda i: (
        f'<bpmn:subProcess id="{i}"><bpmn:startEvent id="{i}-in" /><bpmn:endEvent id="{i}-out" />'
        + flow(f"{i}-f", f"{i}-in", f"{i}-out")
        + "</bpmn:subProcess>"
    ),
}


@settings(max_examples=40, deadline=None)
@given(
    kinds=st.lists(st.sampled_from(sorted(ELEMENTS)), min_size=0, max_size=12),
    with_boundaries=st.lists(st.booleans(), min_size=12, max_size=12),
)
def test_flows_nodes_and_boundaries_are_consistent(kinds: list[str], with_boundaries: list[bool]) -> None:
    ids = [f"n{index}" for index in range(len(kinds))]
    boundaries = "".join(
        f'<bpmn:boundaryEvent id="b{index}" attachedToRef="n{index}"><bpmn:timerEventDefinition>'
        f"<bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>"
        f'<bpmn:endEvent id="be{index}" />{flow(f"bf{index}", f"b{index}", f"be{index}")}'
        for index, kind in enumerate(kinds)
        if with_boundaries[index] and kind in ("service", "sub")
    )
    definitions = parse(
        linear(*((i, ELEMENTS[k](i)) for i, k in zip(ids, kinds, strict=True)), extra=boundaries)
    )
    model = definitions.processes[0]
    for sequence_flow in model.sequence_flows:
        assert sequence_flow.id in model.element(sequence_flow.source_id).outgoing
        assert sequence_flow.id in model.element(sequence_flow.target_id).incoming
    for node in model.flow_nodes:
        assert node.id in model.scope(node.parent_id).flow_node_ids
        if isinstance(node, BoundaryEvent):
            assert node.id in model.element_as(node.attached_to_id, Activity).boundary_event_ids
    assert [node.id for node in model.children("p")][: len(ids) + 2] == ["start", *ids, "end"]
    assert (
        parse(linear(*((i, ELEMENTS[k](i)) for i, k in zip(ids, kinds, strict=True)), extra=boundaries))
        == definitions
    )


def test_cdata_condition_and_bytes_input() -> None:
    xml = process(
        '<bpmn:startEvent id="s" /><bpmn:exclusiveGateway id="g" default="fb" /><bpmn:endEvent id="a" />'
        '<bpmn:endEvent id="b" />'
        + flow("f0", "s", "g")
        + '<bpmn:sequenceFlow id="fa" sourceRef="g" targetRef="a"><bpmn:conditionExpression>'
        '<![CDATA[=amount > 100 and status != "open"]]></bpmn:conditionExpression></bpmn:sequenceFlow>'
        + flow("fb", "g", "b")
    )
    model = parse_bpmn(xml.encode("utf-8")).processes[0]
    assert model.flow("fa").condition == Expression('=amount > 100 and status != "open"')


def test_latin1_document_with_encoding_declaration() -> None:
    body = linear(("t", '<bpmn:task id="t" name="Prüfung" />')).replace(HEADER.split("\n", 1)[0], "")
    document = '<?xml version="1.0" encoding="ISO-8859-1"?>' + body
    model = parse_bpmn(document.encode("latin-1")).processes[0]
    assert model.element("t").name == "Prüfung"
