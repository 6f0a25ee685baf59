"""ModifyProcessInstance: activate and terminate instructions, flow scope creation, all-or-nothing rejections;
start instructions at nested elements."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from zeebe_lite.bpmn.xml_builder import ProcessBuilder, service_task
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import CommandRejectedError, Engine
from zeebe_lite.records import (
    ModificationActivateInstruction,
    ModificationVariableInstruction,
    ProcessInstanceModificationIntent,
    RecordStream,
    RejectionType,
    ValueType,
)
from zeebe_lite.records import ProcessInstanceIntent as PI

TIMEOUT = dt.timedelta(seconds=30)


def _process() -> str:
    builder = ProcessBuilder("steps")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(service_task("a", "a"))
    builder.add(
        '<bpmn:subProcess id="sub"><bpmn:startEvent id="innerStart"/>'
        + service_task("inner", "inner")
        + '<bpmn:endEvent id="innerEnd"/>'
        '<bpmn:sequenceFlow id="i1" sourceRef="innerStart" targetRef="inner"/>'
        '<bpmn:sequenceFlow id="i2" sourceRef="inner" targetRef="innerEnd"/>'
        "</bpmn:subProcess>"
    )
    builder.add(service_task("b", "b"))
    builder.add(
        '<bpmn:subProcess id="loop"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements>'
        '<zeebe:loopCharacteristics inputCollection="=[1, 2]" inputElement="item"/>'
        "</bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>"
        '<bpmn:startEvent id="loopStart"/>'
        + service_task("looped", "looped")
        + '<bpmn:sequenceFlow id="l1" sourceRef="loopStart" targetRef="looped"/>'
        "</bpmn:subProcess>"
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "a", "sub", "b", "loop", "end")
    return builder.xml()


def _engine() -> tuple[Engine, int]:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"steps.bpmn": _process()})
    created = engine.create_process_instance(bpmn_process_id="steps", variables={"x": 1})
    return engine, created.process_instance_key


def _live(engine: Engine, key: int) -> list[str]:
    stream = RecordStream(engine.records()).with_process_instance(key).of_type(ValueType.PROCESS_INSTANCE)
    active: dict[int, str] = {}
    for record in stream.events():
        if record.intent is PI.ELEMENT_ACTIVATED:
            active[record.key] = record.value.element_id
        elif record.intent in (PI.ELEMENT_COMPLETED, PI.ELEMENT_TERMINATED):
            active.pop(record.key, None)
    return sorted(active.values())


def test_move_token_terminates_one_element_and_activates_another() -> None:
    engine, key = _engine()
    [job] = engine.activate_jobs("a", "w", TIMEOUT, 1)
    modified = engine.modify_process_instance(
        key, [ModificationActivateInstruction("b")], terminate=[job.record.element_instance_key]
    )
    assert len(modified.activated_element_instance_keys) == 1
    assert _live(engine, key) == ["b", "steps"]
    stream = RecordStream(engine.records()).with_process_instance(key)
    assert stream.of_type(ValueType.PROCESS_INSTANCE_MODIFICATION).intents() == [
        ProcessInstanceModificationIntent.MODIFY,
        ProcessInstanceModificationIntent.MODIFIED,
    ]
    assert stream.with_element_id("a").of_type(ValueType.PROCESS_INSTANCE).events().intents()[-2:] == [
        PI.ELEMENT_TERMINATING,
        PI.ELEMENT_TERMINATED,
    ]
    [b_job] = engine.activate_jobs("b", "w", TIMEOUT, 1)
    assert b_job.record.element_instance_key == modified.activated_element_instance_keys[0]


def test_activating_inside_a_missing_subprocess_creates_the_scope_without_its_start_event() -> None:
    engine, key = _engine()
    instruction = ModificationActivateInstruction(
        "inner",
        variable_instructions=(
            ModificationVariableInstruction("sub", {"local": "scope"}),
            ModificationVariableInstruction("", {"global": True}),
        ),
    )
    engine.modify_process_instance(key, [instruction])
    assert _live(engine, key) == ["a", "inner", "steps", "sub"]
    stream = RecordStream(engine.records()).with_process_instance(key)
    assert stream.with_element_id("innerStart").intents() == []
    sub = stream.with_element_id("sub").events().first()
    assert engine.state.variables.local_variables(sub.key) == {"local": "scope"}
    assert engine.state.variables.local_variables(key) == {"x": 1, "global": True}
    # a second activation enters the existing subprocess instance instead of creating another one
    engine.modify_process_instance(key, [ModificationActivateInstruction("inner")])
    assert _live(engine, key) == ["a", "inner", "inner", "steps", "sub"]
    jobs = engine.activate_jobs("inner", "w", TIMEOUT, 5)
    assert {job.record.variables["local"] for job in jobs} == {"scope"}


def test_ancestor_selection_and_ambiguous_flow_scope() -> None:
    engine, key = _engine()
    engine.modify_process_instance(key, [ModificationActivateInstruction("inner")])
    engine.modify_process_instance(key, [ModificationActivateInstruction("inner", ancestor_scope_key=key)])
    assert _live(engine, key).count("sub") == 2
    with pytest.raises(CommandRejectedError) as rejected:
        engine.modify_process_instance(key, [ModificationActivateInstruction("inner")])
    assert rejected.value.rejection_type is RejectionType.INVALID_ARGUMENT
    assert "more than one active instance: 'sub'" in rejected.value.reason
    [a_job] = engine.activate_jobs("a", "w", TIMEOUT, 1)
    with pytest.raises(CommandRejectedError) as rejected:
        engine.modify_process_instance(
            key,
            [ModificationActivateInstruction("inner", ancestor_scope_key=a_job.record.element_instance_key)],
        )
    assert "is not an ancestor of the element to activate" in rejected.value.reason
    sub_key = RecordStream(engine.records()).with_element_id("sub").events().first().key
    engine.modify_process_instance(
        key,
        [
            ModificationActivateInstruction(
                "inner",
                ancestor_scope_key=sub_key,
                variable_instructions=(
                    ModificationVariableInstruction("sub", {"here": 1}),
                    ModificationVariableInstruction("steps", {"root": 2}),
                ),
            )
        ],
    )
    assert _live(engine, key).count("sub") == 2
    assert engine.state.variables.local_variables(sub_key) == {"here": 1}
    assert engine.state.variables.local_variables(key)["root"] == 2


@pytest.mark.parametrize(
    ("instruction", "reason"),
    [
        (ModificationActivateInstruction("nope"), "an element that could not be found: 'nope'"),
        (ModificationActivateInstruction("start"), "type 'START_EVENT' is not supported"),
        (ModificationActivateInstruction("looped"), "inside a multi-instance body"),
        (ModificationActivateInstruction("b", ancestor_scope_key=12345), "does not exist"),
        (
            ModificationActivateInstruction(
                "b", variable_instructions=(ModificationVariableInstruction("sub"),)
            ),
            "not a flow scope of the element to activate: 'sub'",
        ),
        (
            ModificationActivateInstruction(
                "b", variable_instructions=(ModificationVariableInstruction("zz"),)
            ),
            "could not be found: 'zz'",
        ),
    ],
)
def test_invalid_activations_reject_the_whole_command(
    instruction: ModificationActivateInstruction, reason: str
) -> None:
    engine, key = _engine()
    [job] = engine.activate_jobs("a", "w", TIMEOUT, 1)
    before = engine.snapshot()
    with pytest.raises(CommandRejectedError) as rejected:
        engine.modify_process_instance(
            key,
            [ModificationActivateInstruction("b"), instruction],
            terminate=[job.record.element_instance_key],
        )
    assert rejected.value.rejection_type is RejectionType.INVALID_ARGUMENT
    assert reason in rejected.value.reason
    assert rejected.value.reason.startswith("Expected to modify instance of process 'steps' but")
    assert engine.snapshot() == before


def test_unknown_instance_and_unknown_element_instance() -> None:
    engine, key = _engine()
    with pytest.raises(CommandRejectedError) as rejected:
        engine.modify_process_instance(424242, [ModificationActivateInstruction("b")])
    assert rejected.value.rejection_type is RejectionType.NOT_FOUND
    with pytest.raises(CommandRejectedError) as rejected:
        engine.modify_process_instance(key, terminate=[key])
    assert rejected.value.rejection_type is RejectionType.INVALID_ARGUMENT
    assert "terminate instructions with an element instance that could not be found" in rejected.value.reason


def test_terminating_the_last_element_terminates_its_scopes_and_the_instance() -> None:
    engine, key = _engine()
    [job] = engine.activate_jobs("a", "w", TIMEOUT, 1)
    engine.modify_process_instance(key, [ModificationActivateInstruction("inner")])
    inner_key = RecordStream(engine.records()).with_element_id("inner").events().first().key
    engine.modify_process_instance(key, terminate=[inner_key])
    assert _live(engine, key) == ["a", "steps"]
    engine.modify_process_instance(key, terminate=[job.record.element_instance_key])
    assert engine.state.element_instances.get(key) is None
    root = RecordStream(engine.records()).with_key(key).of_type(ValueType.PROCESS_INSTANCE).events()
    assert root.intents()[-1] is PI.ELEMENT_TERMINATED
    assert PI.ELEMENT_COMPLETED not in root.intents()


def test_start_instructions_at_nested_elements() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"steps.bpmn": _process()})
    created = engine.create_process_instance(bpmn_process_id="steps", start_element_ids=["inner", "b"])
    key = created.process_instance_key
    assert _live(engine, key) == ["b", "inner", "steps", "sub"]
    [job] = engine.activate_jobs("inner", "w", TIMEOUT, 1)
    engine.complete_job(job.key)
    assert sorted(_live(engine, key)) == ["b", "b", "steps"]
    with pytest.raises(CommandRejectedError) as rejected:
        engine.create_process_instance(bpmn_process_id="steps", start_element_ids=["looped"])
    assert rejected.value.rejection_type is RejectionType.INVALID_ARGUMENT
    assert "inside a multi-instance subprocess" in rejected.value.reason


def test_modifications_deletions_and_evaluations_replay_to_the_same_state(tmp_path: Path) -> None:
    path = tmp_path / "engine.db"
    clock = ManualClock()
    engine = Engine.open(path, clock=clock)
    engine.deploy({"steps.bpmn": _process()})
    newer = engine.deploy({"steps.bpmn": _process().replace('"=[1, 2]"', '"=[1]"')}).processes_metadata[0]
    key = engine.create_process_instance(bpmn_process_id="steps").process_instance_key
    engine.modify_process_instance(
        key,
        [
            ModificationActivateInstruction(
                "inner", variable_instructions=(ModificationVariableInstruction("sub", {"v": 1}),)
            )
        ],
    )
    [job] = engine.activate_jobs("a", "w", TIMEOUT, 1)
    engine.modify_process_instance(key, terminate=[job.record.element_instance_key])
    engine.delete_resource(newer.process_definition_key)
    live = engine.snapshot()
    records = list(engine.records())
    engine._log.close()  # no snapshot: reopening replays every record
    replayed = Engine.open(path, clock=clock)
    assert replayed.snapshot() == live
    assert list(replayed.records()) == records
    replayed.close()
