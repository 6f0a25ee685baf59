"""A command whose processing raises is rejected with PROCESSING_ERROR and leaves no trace in the state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zeebe_lite.bpmn.xml_builder import simple_task_process
from zeebe_lite.clock import ManualClock
from zeebe_lite.engine import Engine
from zeebe_lite.log import SqliteLog
from zeebe_lite.processing import commands as cmd
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.processing.table import build_processors
from zeebe_lite.records import (
    Record,
    RecordStream,
    RecordType,
    RejectionType,
    SignalIntent,
    ValueType,
    VariableIntent,
    VariableRecord,
)


def _half_done_then_crash(command: Record[Any], pctx: ProcessingContext) -> None:
    """Writes an event (mutating state) and then fails, like a buggy processor."""
    created = next(iter(pctx.state.element_instances.process_instance_keys()))
    variable = VariableRecord("poison", True, created, created, -1, "order")
    pctx.writers.event(pctx.writers.keys.next_key(), ValueType.VARIABLE, VariableIntent.CREATED, variable)
    raise RuntimeError("bug")


def test_failing_command_is_rejected_and_its_events_are_undone(tmp_path: Path) -> None:
    processors = build_processors()
    processors[(ValueType.SIGNAL, SignalIntent.BROADCAST)] = _half_done_then_crash
    path = tmp_path / "engine.db"
    engine = Engine(SqliteLog(path), ManualClock(), processors)
    engine.deploy({"order.bpmn": simple_task_process()})
    created = engine.create_process_instance(bpmn_process_id="order", variables={"a": 1})
    responses = engine.execute(
        [
            cmd.publish_message_command("m", "k"),
            cmd.broadcast_signal_command("boom"),
            cmd.set_variables_command(created.process_instance_key, {"b": 2}, local=False),
        ]
    )
    assert [response.rejection_type for response in responses] == [None, RejectionType.PROCESSING_ERROR, None]
    variables = engine.state.variables.local_variables(created.process_instance_key)
    assert variables == {"a": 1, "b": 2}
    stream = RecordStream(engine.records())
    assert [r.record_type for r in stream.of_type(ValueType.SIGNAL)] == [
        RecordType.COMMAND,
        RecordType.COMMAND_REJECTION,
    ]
    assert all(r.value.name != "poison" for r in stream.of_type(ValueType.VARIABLE))
    snapshot = engine.snapshot()
    engine.close()
    reopened = Engine(SqliteLog(path), ManualClock(), processors)
    assert reopened.snapshot() == snapshot
    reopened.close()
