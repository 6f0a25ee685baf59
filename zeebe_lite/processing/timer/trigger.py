"""TIMER TRIGGER: a due timer fires for its catch event or boundary event."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from zeebe_lite.bpmn.behaviors.subscriptions import trigger_catch
from zeebe_lite.bpmn.behaviors.timer_values import schedule_timer
from zeebe_lite.bpmn.behaviors.transitions import element_context
from zeebe_lite.model.bpmn import BoundaryEvent, TimerEventDefinition
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import Record, RejectionType, TimerIntent, TimerRecord, ValueType

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
    trigger_catch(pctx, timer.element_instance_key, timer.target_element_id)
    _rearm_cycle(pctx, timer)
    writers.respond(event)


def _rearm_cycle(pctx: ProcessingContext, timer: TimerRecord) -> None:
    if timer.repetitions == 1:
        return
    ectx = element_context(pctx, timer.element_instance_key)
    if ectx is None:
        return
    boundary = ectx.process.find_element(timer.target_element_id)
    if not isinstance(boundary, BoundaryEvent) or boundary.cancel_activity:
        return
    definition = boundary.event_definition
    if not isinstance(definition, TimerEventDefinition):
        return
    value = pctx.expressions.evaluate(definition.value, pctx.state.variables, ectx.key)
    schedule = schedule_timer(definition.timer_type, value, pctx.now)
    if isinstance(schedule, str) or not isinstance(value, object):
        return
    repetitions = -1 if timer.repetitions < 0 else timer.repetitions - 1
    next_timer = replace(timer, due_date=schedule.due_date, repetitions=repetitions)
    writers = pctx.writers
    writers.event(writers.keys.next_key(), ValueType.TIMER, TimerIntent.CREATED, next_timer)
