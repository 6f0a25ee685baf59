from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest
from bpmn_snippets import linear, parse, process, service_task

from zeebe_lite.model.bpmn import (
    BpmnEventType,
    ErrorDefinition,
    EscalationDefinition,
    Expression,
    MessageDefinition,
    MessageEventDefinition,
    Participant,
    Property,
    ServiceTask,
    SignalDefinition,
    StartEvent,
    UserTaskForm,
)
from zeebe_lite.parser import BpmnValidationError, BpmnXmlError, parse_bpmn, parse_bpmn_file

FIXTURES = Path(__file__).parents[2] / "fixtures" / "bpmn"


def test_order_fulfilment_fixture_written_by_modeler() -> None:
    definitions = parse_bpmn_file(FIXTURES / "order-fulfilment.bpmn")
    assert definitions.id == "Definitions_1"
    assert definitions.resource_name == "order-fulfilment.bpmn"
    (order,) = definitions.executable_processes()
    assert order.id == "order-fulfilment" and order.name == "Order fulfilment"
    assert order.version_tag == "v3"
    assert order.properties == (Property("owner", "ops"),)
    assert [event.id for event in order.boundary_events("charge")] == ["payment-failed", "charge-reminder"]
    assert order.none_start_event() == order.element("start")
    assert order.element("charge").source_line == 14
    assert order.flow("flow-ship").condition == Expression("=stock >= order.quantity")
    assert [node.id for node in order.children("ship")] == ["ship-start", "label", "ship-end"]
    assert [esp.id for esp in order.event_sub_processes()] == ["cancellation"]
    cancel = order.element_as("cancel-requested", StartEvent).event_definition
    assert isinstance(cancel, MessageEventDefinition) and cancel.correlation_key == Expression("=order.id")
    assert definitions.errors == (
        ErrorDefinition("error-payment", "Payment rejected", Expression("PAYMENT_REJECTED"), 108),
    )
    assert [message.id for message in definitions.messages] == ["message-stock", "message-cancel"]
    assert len(order.elements_of(ServiceTask)) == 1


def test_collaboration_lanes_annotations_and_all_processes() -> None:
    definitions = parse_bpmn_file(FIXTURES / "collaboration.bpmn")
    assert [process.id for process in definitions.processes] == ["lead-intake", "crm"]
    assert [process.id for process in definitions.executable_processes()] == ["lead-intake"]
    assert definitions.participants == (
        Participant("pool-lead", "Lead intake", "lead-intake"),
        Participant("pool-crm", "CRM", "crm"),
    )
    lead = definitions.process("lead-intake")
    assert lead.none_start_event() is None
    assert [event.id for event in lead.start_events_of_type(BpmnEventType.MESSAGE)] == ["new-lead"]
    assert [event.id for event in lead.start_events_of_type(BpmnEventType.TIMER)] == ["every-morning"]
    assert definitions.messages == (
        MessageDefinition("message-lead", Expression("manychat.lead-created"), None, 33),
    )
    assert definitions.signals == (SignalDefinition("signal-refresh", Expression("crm.refresh"), 34),)
    with pytest.raises(KeyError, match="no process 'nope'"):
        definitions.process("nope")


def test_file_with_several_problems_reports_all_of_them_in_line_order() -> None:
    with pytest.raises(BpmnValidationError) as raised:
        parse_bpmn_file(FIXTURES / "invalid-several-problems.bpmn")
    problems = raised.value.problems
    assert {problem.element_id for problem in problems} >= {"charge", "decide", "f3", "wait"}
    assert [problem.line for problem in problems] == sorted(problem.line or 0 for problem in problems)
    text = str(raised.value)
    assert "'invalid-several-problems.bpmn' is not deployable" in text
    assert "serviceTask 'charge' (line 6): a service task must have a zeebe:taskDefinition" in text
    assert "complexGateway 'decide' (line 8)" in text
    assert "sequenceFlow 'f3' (line 9): targetRef 'ghost'" in text
    assert (
        "intermediateCatchEvent 'wait' (line 10): timer timeDuration: 'soon' is not an ISO 8601 duration"
        in text
    )


def test_malformed_xml_names_line() -> None:
    with pytest.raises(BpmnXmlError) as raised:
        parse_bpmn(b"<bpmn:definitions xmlns:bpmn='x'>\n<oops></bpmn:definitions>", resource_name="bad.bpmn")
    assert raised.value.line == 2
    assert "'bad.bpmn' is not a valid BPMN XML document at line 2" in str(raised.value)


def test_doctype_is_refused() -> None:
    with pytest.raises(BpmnXmlError, match="DOCTYPE"):
        parse_bpmn('<!DOCTYPE x [<!ENTITY a "b">]><x/>')


def test_root_must_be_bpmn_definitions() -> None:
    with pytest.raises(BpmnXmlError, match="root element must be bpmn:definitions"):
        parse_bpmn('<definitions xmlns="http://www.omg.org/spec/DMN/20191111/MODEL" />')


def test_parsing_is_deterministic_and_models_are_immutable() -> None:
    xml = linear(("t", service_task("t")))
    first, second = parse(xml), parse(xml)
    assert first == second and hash(first) == hash(second)
    task = first.processes[0].element("t")
    with pytest.raises(dataclasses.FrozenInstanceError):
        task.name = "changed"  # type: ignore[misc]
    assert isinstance(first.processes[0].flow_nodes, tuple)
    assert pickle.loads(pickle.dumps(first)) == first


def test_foreign_namespaces_and_modeler_attributes_are_ignored() -> None:
    task = (
        '<bpmn:serviceTask id="t" modeler:templateId="x" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"'
        ' camunda:asyncBefore="true"><bpmn:documentation>docs</bpmn:documentation><bpmn:extensionElements>'
        '<zeebe:taskDefinition type="w" /><camunda:inputOutput /><zeebe:unknownFutureThing a="b" />'
        "</bpmn:extensionElements></bpmn:serviceTask>"
    )
    node = parse(linear(("t", task))).processes[0].element_as("t", ServiceTask)
    assert node.job.job_type == Expression("w")


def test_process_level_extensions_and_root_elements() -> None:
    xml = process(
        '<bpmn:extensionElements><zeebe:versionTag value="2.1" /><zeebe:userTaskForm id="f1">{"components":[]}'
        '</zeebe:userTaskForm></bpmn:extensionElements><bpmn:startEvent id="s" />'
    )
    definitions = parse(xml)
    process_model = definitions.processes[0]
    assert process_model.version_tag == "2.1"
    assert process_model.user_task_forms == (UserTaskForm("f1", '{"components":[]}'),)
    assert definitions.escalations == (EscalationDefinition("esc", "Late", Expression("LATE"), 13),)


def test_lookup_errors_name_the_id() -> None:
    process_model = parse(linear(("t", service_task("t")))).processes[0]
    with pytest.raises(KeyError, match="no flow node 'missing'"):
        process_model.element("missing")
    with pytest.raises(KeyError, match="no sequence flow 'missing'"):
        process_model.flow("missing")
    with pytest.raises(TypeError, match="'t' is a ServiceTask, not a StartEvent"):
        process_model.element_as("t", StartEvent)
    with pytest.raises(KeyError, match="not a flow scope"):
        process_model.scope("t")
    assert process_model.find_element("missing") is None and process_model.find_flow("f0") is not None
    assert "t" in process_model and "f0" in process_model and "zzz" not in process_model
    assert [flow.id for flow in process_model.incoming_flows("t")] == ["f0"]
