"""The stream processor: batches, unlogged empty commands and optional follow-up command logging."""

from __future__ import annotations

import datetime as dt

from zeebe_lite.bpmn.xml_builder import simple_task_process
from zeebe_lite.processing import commands as cmd
from zeebe_lite.processing.keys import KeyGenerator
from zeebe_lite.processing.partition import parse_bpmn_resource
from zeebe_lite.processing.stream_processor import StreamProcessor
from zeebe_lite.records import RecordType
from zeebe_lite.state.memory import EngineState


def _run(log_follow_ups: bool) -> tuple[list[object], list[object]]:
    processor = StreamProcessor(
        EngineState(parse_bpmn_resource), KeyGenerator(), 1, log_follow_ups=log_follow_ups
    )
    first = processor.process_batch([cmd.deploy_command({"o.bpmn": simple_task_process()})], 0)
    second = processor.process_batch([cmd.create_instance_command(bpmn_process_id="order")], 0)
    records = [*first.records, *second.records]
    events = [(r.value_type, r.intent, r.key) for r in records if r.record_type is RecordType.EVENT]
    commands = [(r.value_type, r.intent) for r in records if r.record_type is RecordType.COMMAND]
    return events, commands


def test_follow_up_commands_can_stay_out_of_the_log_without_changing_events() -> None:
    logged_events, logged_commands = _run(log_follow_ups=True)
    lean_events, lean_commands = _run(log_follow_ups=False)
    assert lean_events == logged_events
    assert len(lean_commands) == 2
    assert len(logged_commands) > len(lean_commands)


def test_positions_are_contiguous_across_batches() -> None:
    processor = StreamProcessor(EngineState(parse_bpmn_resource), KeyGenerator(), 1)
    first = processor.process_batch([cmd.deploy_command({"o.bpmn": simple_task_process()})], 0)
    empty = processor.process_batch([cmd.activate_jobs_command("none", "w", dt.timedelta(seconds=1), 1)], 0)
    second = processor.process_batch([cmd.create_instance_command(bpmn_process_id="order")], 0)
    assert empty.records == []
    positions = [r.position for r in [*first.records, *second.records]]
    assert positions == list(range(1, len(positions) + 1))
