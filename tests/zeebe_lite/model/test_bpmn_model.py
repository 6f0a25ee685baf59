from __future__ import annotations

import copy
import pickle

import pytest

from zeebe_lite.model.bpmn import (
    DEFAULT_JOB_RETRIES,
    BoundaryEvent,
    BpmnElementType,
    BpmnEventType,
    EndEvent,
    ErrorEventDefinition,
    EventSubProcess,
    Expression,
    JobDefinition,
    Process,
    Property,
    ScopeContents,
    SequenceFlow,
    ServiceTask,
    StartEvent,
    SubProcess,
    TaskHeader,
    TerminateEventDefinition,
    event_type_of,
    properties_as_dict,
)


def test_expression_distinguishes_feel_from_static_values() -> None:
    feel = Expression("= a + 1")
    static = Expression("payment.charge")
    assert feel.is_feel and not feel.is_static and feel.feel == " a + 1"
    assert static.is_static and static.static_value == "payment.charge"
    assert Expression(" =x").is_static  # Zeebe only treats a leading '=' as FEEL
    with pytest.raises(ValueError, match="not a FEEL expression"):
        _ = static.feel
    with pytest.raises(ValueError, match="not a static value"):
        _ = feel.static_value
    assert str(feel) == "= a + 1"


def test_event_type_of_definitions() -> None:
    assert event_type_of(None) is BpmnEventType.UNSPECIFIED
    assert event_type_of(TerminateEventDefinition()) is BpmnEventType.TERMINATE
    assert (
        EndEvent(id="e", parent_id="p", event_definition=ErrorEventDefinition()).event_type
        is BpmnEventType.ERROR
    )
    assert (
        ServiceTask(id="t", parent_id="p", job=JobDefinition(Expression("x"))).event_type
        is BpmnEventType.UNSPECIFIED
    )


def test_job_definition_defaults_and_headers() -> None:
    job = JobDefinition(job_type=Expression("mail"), headers=(TaskHeader("a", "1"), TaskHeader("a", "2")))
    assert job.retries == Expression(DEFAULT_JOB_RETRIES) == Expression("3")
    assert job.custom_headers == {"a": "2"}
    assert properties_as_dict((Property("k", "v"),)) == {"k": "v"}


def test_element_types_match_zeebe_names() -> None:
    assert ServiceTask.element_type is BpmnElementType.SERVICE_TASK
    assert EventSubProcess.element_type.value == "EVENT_SUB_PROCESS"
    assert Process.element_type.value == "PROCESS"
    assert SequenceFlow.element_type.value == "SEQUENCE_FLOW"


def hand_built_process() -> Process:
    job = JobDefinition(job_type=Expression("work"))
    nodes = (
        StartEvent(id="s", parent_id="p", outgoing=("f1",)),
        SubProcess(
            id="sub",
            parent_id="p",
            incoming=("f1",),
            boundary_event_ids=("b",),
            contents=ScopeContents(flow_node_ids=("inner",), start_event_ids=()),
        ),
        ServiceTask(id="inner", parent_id="sub", job=job),
        BoundaryEvent(id="b", parent_id="p", attached_to_id="sub", event_definition=ErrorEventDefinition()),
    )
    return Process(
        id="p",
        contents=ScopeContents(
            flow_node_ids=("s", "sub", "b"), sequence_flow_ids=("f1",), start_event_ids=("s",)
        ),
        flow_nodes=nodes,
        sequence_flows=(SequenceFlow(id="f1", source_id="s", target_id="sub", parent_id="p"),),
    )


def test_process_lookups_work_on_hand_built_models() -> None:
    process = hand_built_process()
    assert process.element_as("inner", ServiceTask).job.job_type.raw == "work"
    assert process.outgoing_flows("s")[0].target_id == "sub"
    assert [node.id for node in process.children("p")] == ["s", "sub", "b"]
    assert process.ancestor_scope_ids("inner") == ("sub", "p")
    assert process.boundary_events("sub")[0].id == "b"
    assert process.none_start_event() == process.element("s")
    assert process.none_start_event("sub") is None
    assert process.start_events_of_type(BpmnEventType.UNSPECIFIED) == (process.element("s"),)
    assert process.event_sub_processes() == ()
    assert process.elements_of(SubProcess) == (process.element("sub"),)


def test_process_equality_ignores_the_index_and_is_hashable() -> None:
    assert hand_built_process() == hand_built_process()
    assert hash(hand_built_process()) == hash(hand_built_process())
    assert "_nodes" not in repr(hand_built_process()).replace("flow_nodes", "")


def test_models_survive_pickle_and_deepcopy() -> None:
    original = hand_built_process()
    restored = pickle.loads(pickle.dumps(original))
    assert restored == original and restored.element("inner") == original.element("inner")
    assert copy.deepcopy(original).boundary_events("sub")[0].id == "b"
