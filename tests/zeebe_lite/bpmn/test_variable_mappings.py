"""Input/output mappings and Zeebe's variable propagation rules."""

from __future__ import annotations

import datetime as dt

import pytest

from zeebe_lite.bpmn.xml_builder import io_mapping, simple_task_process
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import CommandRejectedError, Engine
from zeebe_lite.records import ErrorType, RecordStream, RejectionType, ValueType, VariableIntent

TIMEOUT = dt.timedelta(seconds=30)


def _run(
    extra: str, variables: dict[str, object], result: dict[str, object]
) -> tuple[Engine, int, dict[str, object]]:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"order.bpmn": simple_task_process(extra=extra)})
    created = engine.create_process_instance(bpmn_process_id="order", variables=variables)
    [job] = engine.activate_jobs("charge", "w", TIMEOUT, 1)
    engine.complete_job(job.key, result)
    return engine, created.process_instance_key, job.record.variables


def _root_variables(engine: Engine, process_instance_key: int) -> dict[str, object]:
    """The final root-scope variables, rebuilt from the VARIABLE records of the instance's root scope."""
    final: dict[str, object] = {}
    stream = RecordStream(engine.records()).of_type(ValueType.VARIABLE)
    for record in stream:
        if record.value.scope_key == process_instance_key:
            final[record.value.name] = record.value.value
    return final


def test_input_mappings_are_local_and_see_earlier_targets() -> None:
    mapping = io_mapping(inputs={"total": "=price * qty", "doubled": "=total * 2", "customer.name": "=name"})
    engine, key, job_variables = _run(mapping, {"price": 2.5, "qty": 4, "name": "Ada"}, {})
    assert job_variables["total"] == 10
    assert job_variables["doubled"] == 20
    assert job_variables["customer"] == {"name": "Ada"}
    assert "total" not in _root_variables(engine, key)
    local = [
        record.value
        for record in RecordStream(engine.records()).of_type(ValueType.VARIABLE)
        if record.value.name == "total"
    ]
    assert len(local) == 1
    assert local[0].scope_key != key


def test_output_mappings_restrict_what_is_merged() -> None:
    mapping = io_mapping(outputs={"receipt": "=result.id"})
    engine, key, _ = _run(mapping, {"orderId": 1}, {"result": {"id": "r-1"}, "noise": True})
    assert _root_variables(engine, key) == {"orderId": 1, "receipt": "r-1"}


def test_without_output_mappings_all_job_variables_merge_to_root() -> None:
    engine, key, _ = _run("", {"orderId": 1}, {"orderId": 2, "extra": [1, {"x": None}]})
    assert _root_variables(engine, key) == {"orderId": 2, "extra": [1, {"x": None}]}
    updates = RecordStream(engine.records()).of_type(ValueType.VARIABLE).with_intent(VariableIntent.UPDATED)
    assert [record.value.name for record in updates] == ["orderId"]


def test_job_variable_named_like_an_input_target_stays_local() -> None:
    mapping = io_mapping(inputs={"status": "=&quot;pending&quot;"})
    engine, key, _ = _run(mapping, {}, {"status": "done"})
    assert "status" not in _root_variables(engine, key)


def test_unchanged_value_writes_no_update() -> None:
    engine, _, _ = _run("", {"flag": True, "n": 1}, {"flag": True, "n": 1.0})
    updates = RecordStream(engine.records()).of_type(ValueType.VARIABLE).with_intent(VariableIntent.UPDATED)
    assert len(updates) == 0
    engine2, _, _ = _run("", {"flag": 1}, {"flag": True})
    updates2 = RecordStream(engine2.records()).of_type(ValueType.VARIABLE).with_intent(VariableIntent.UPDATED)
    assert [record.value.value for record in updates2] == [True]


def test_invalid_mapping_expression_is_rejected_at_deploy() -> None:
    mapping = io_mapping(outputs={"x": "=count(1, 2"})
    engine = Engine.open(None, clock=ManualClock())
    with pytest.raises(CommandRejectedError) as raised:
        engine.deploy({"order.bpmn": simple_task_process(extra=mapping)})
    assert raised.value.rejection_type is RejectionType.INVALID_ARGUMENT
    assert engine.state.deployments.processes() == []


def test_job_type_of_wrong_type_is_an_incident_resolved_by_fixing_the_variable() -> None:
    engine = Engine.open(None, clock=ManualClock())
    engine.deploy({"order.bpmn": simple_task_process(job_type="=kind")})
    created = engine.create_process_instance(bpmn_process_id="order", variables={"kind": 42})
    [(incident_key, incident)] = engine.state.incidents.of_process_instance(created.process_instance_key)
    assert incident.error_type is ErrorType.EXTRACT_VALUE_ERROR
    assert incident.element_id == "task"
    assert "STRING" in incident.error_message
    engine.set_variables(created.process_instance_key, {"kind": "charge"})
    engine.resolve_incident(incident_key)
    [job] = engine.activate_jobs("charge", "w", TIMEOUT, 1)
    assert job.record.element_id == "task"
