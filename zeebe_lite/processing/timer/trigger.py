"""TIMER TRIGGER: a due timer fires for its catch event or boundary event."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from zeebe_lite.bpmn.behaviors.instances import start_instance_at
from zeebe_lite.bpmn.behaviors.subscriptions import trigger_catch
from zeebe_lite.bpmn.behaviors.timer_values import schedule_timer
from zeebe_lite.bpmn.behaviors.transitions import element_context
from zeebe_lite.model.bpmn import BoundaryEvent, EventSubProcess, Process, StartEvent, TimerEventDefinition
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import NO_KEY, Record, RejectionType, TimerIntent, TimerRecord, ValueType

__all__ = ["trigger_timer"]


def trigger_timer(command: Record[Any], pctx: ProcessingContext) -> None:
    """TIMER TRIGGERED, continue the catching element, and re-arm a cycle of a non-interrupting boundary."""
    writers = pctx.writers
    timer = pctx.state.timers.get(command.key)
    if timer is None:
        writers.reject(
            command,
            RejectionType.NOT_FOUND,
            f"Expected to trigger timer with key '{command.key}', but no such timer was found",
        )
        return
    if timer.due_date > pctx.now:
        writers.reject(command, RejectionType.INVALID_STATE, f"Timer '{command.key}' is not due yet")
        return
    event = writers.event(command.key, ValueType.TIMER, TimerIntent.TRIGGERED, timer)
    if timer.element_instance_key == NO_KEY:
        deployed = pctx.state.deployments.process(timer.process_definition_key)
        if deployed is not None:
            start_instance_at(pctx, deployed, writers.keys.next_key(), timer.target_element_id, {})
            _rearm_cycle(pctx, timer, deployed.process.find_element(timer.target_element_id), NO_KEY)
    else:
        trigger_catch(pctx, timer.element_instance_key, timer.target_element_id)
        ectx = element_context(pctx, timer.element_instance_key)
        if ectx is not None:
            catch = ectx.process.find_element(timer.target_element_id)
            if _repeats(catch, ectx.process):
                _rearm_cycle(pctx, timer, catch, ectx.key)
    writers.respond(event)


def _repeats(catch: object, process: Process) -> bool:
    """Only non-interrupting boundary events and event subprocess starts fire again."""
    if isinstance(catch, BoundaryEvent):
        return not catch.cancel_activity
    if isinstance(catch, StartEvent):
        sub_process = process.find_element(catch.parent_id)
        return isinstance(sub_process, EventSubProcess) and not sub_process.interrupting
    return False


def _rearm_cycle(pctx: ProcessingContext, timer: TimerRecord, catch: object, scope_key: int) -> None:
    if timer.repetitions == 1 or not isinstance(catch, BoundaryEvent | StartEvent):
        return
    definition = catch.event_definition
    if not isinstance(definition, TimerEventDefinition):
        return
    value = pctx.expressions.evaluate(definition.value, pctx.state.variables, scope_key)
    schedule = schedule_timer(definition.timer_type, value, pctx.now)
    if isinstance(schedule, str):
        return
    repetitions = -1 if timer.repetitions < 0 else timer.repetitions - 1
    next_timer = replace(timer, due_date=schedule.due_date, repetitions=repetitions)
    writers = pctx.writers
    writers.event(writers.keys.next_key(), ValueType.TIMER, TimerIntent.CREATED, next_timer)
