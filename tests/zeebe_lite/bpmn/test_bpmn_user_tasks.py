"""Camunda user tasks (engine-managed) and job-worker user tasks (jobs with io.camunda.zeebe headers)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from zeebe_lite.bpmn.xml_builder import ProcessBuilder
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import CommandRejectedError, Engine
from zeebe_lite.records import RecordStream, RejectionType, UserTaskIntent, ValueType

ASSIGNMENT = (
    '<zeebe:assignmentDefinition assignee="=owner" candidateGroups="sales, support"/>'
    '<zeebe:taskSchedule dueDate="2025-02-01T10:00:00Z"/>'
)


def _process(camunda: bool) -> str:
    marker = "<zeebe:userTask/>" if camunda else ""
    form = 'formId="form1"' if camunda else 'formKey="camunda-forms:bpmn:form1"'
    builder = ProcessBuilder("approval")
    builder.add('<bpmn:startEvent id="start"/>')
    builder.add(
        f'<bpmn:userTask id="approve"><bpmn:extensionElements>{marker}{ASSIGNMENT}'
        f"<zeebe:formDefinition {form}/>"
        "</bpmn:extensionElements></bpmn:userTask>"
    )
    builder.add('<bpmn:endEvent id="end"/>')
    builder.chain("start", "approve", "end")
    return builder.xml()


def test_camunda_user_task_waits_for_completion_through_the_engine() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"approval.bpmn": _process(camunda=True)})
    created = engine.create_process_instance(bpmn_process_id="approval", variables={"owner": "ada"})
    [(task_key, task)] = engine.state.user_tasks.open_tasks()
    assert task.assignee == "ada"
    assert task.candidate_groups == ("sales", "support")
    assert task.due_date == "2025-02-01T10:00:00Z"
    assert task.element_id == "approve"
    assert task.form_key == "form1"
    engine.assign_user_task(task_key, "bob")
    assert engine.state.user_tasks.get(task_key).assignee == "bob"  # type: ignore[union-attr]
    engine.complete_user_task(task_key, {"approved": True})
    assert engine.state.element_instances.get(created.process_instance_key) is None
    intents = RecordStream(engine.records()).of_type(ValueType.USER_TASK).events().intents()
    assert intents == [UserTaskIntent.CREATED, UserTaskIntent.ASSIGNED, UserTaskIntent.COMPLETED]
    approved = [
        r.value.value
        for r in RecordStream(engine.records()).of_type(ValueType.VARIABLE)
        if r.value.name == "approved"
    ]
    assert approved == [True]
    with pytest.raises(CommandRejectedError) as rejected:
        engine.complete_user_task(task_key)
    assert rejected.value.rejection_type is RejectionType.NOT_FOUND


def test_canceling_the_instance_cancels_the_user_task() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"approval.bpmn": _process(camunda=True)})
    created = engine.create_process_instance(bpmn_process_id="approval", variables={"owner": "ada"})
    engine.cancel_process_instance(created.process_instance_key)
    assert len(engine.state.user_tasks) == 0
    intents = RecordStream(engine.records()).of_type(ValueType.USER_TASK).events().intents()
    assert intents == [UserTaskIntent.CREATED, UserTaskIntent.CANCELED]


def test_job_worker_user_task_is_a_job_with_assignment_headers() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"approval.bpmn": _process(camunda=False)})
    engine.create_process_instance(bpmn_process_id="approval", variables={"owner": "ada"})
    [job] = engine.activate_jobs("io.camunda.zeebe:userTask", "tasklist", dt.timedelta(minutes=5), 1)
    headers = job.record.custom_headers
    assert headers["io.camunda.zeebe:assignee"] == "ada"
    assert json.loads(headers["io.camunda.zeebe:candidateGroups"]) == ["sales", "support"]
    assert headers["io.camunda.zeebe:formKey"] == "camunda-forms:bpmn:form1"
    assert headers["io.camunda.zeebe:dueDate"] == "2025-02-01T10:00:00Z"


def test_evaluate_decision_by_id_and_unknown_id() -> None:
    dmn = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="drg" name="D" namespace="n">'
        '<decision id="double" name="Double"><literalExpression><text>x * 2</text></literalExpression>'
        "</decision></definitions>"
    )
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"double.dmn": dmn})
    evaluation = engine.evaluate_decision(decision_id="double", variables={"x": 21})
    decision, result = evaluation.decision, evaluation.result
    assert decision.decision_id == "double"
    assert result.succeeded
    assert result.output == 42
    with pytest.raises(CommandRejectedError) as rejected:
        engine.evaluate_decision(decision_id="nope")
    assert rejected.value.rejection_type is RejectionType.NOT_FOUND
    assert "but no decision found for" in str(rejected.value)
