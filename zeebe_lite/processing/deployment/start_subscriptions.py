"""Start events of the latest version of a process: subscriptions opened and closed as versions change."""

from __future__ import annotations

from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.behaviors.timer_values import schedule_timer
from zeebe_lite.model.bpmn import MessageEventDefinition, SignalEventDefinition, TimerEventDefinition
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import (
    NO_KEY,
    MessageStartEventSubscriptionIntent,
    MessageStartEventSubscriptionRecord,
    ProcessRecord,
    SignalSubscriptionIntent,
    SignalSubscriptionRecord,
    TimerIntent,
    TimerRecord,
    ValueType,
)

__all__ = ["close_start_subscriptions", "open_start_subscriptions", "static_name"]


def close_start_subscriptions(pctx: ProcessingContext, previous_key: int) -> None:
    """Delete the message/signal start subscriptions and cancel the start timers of a process definition."""
    writers = pctx.writers
    state = pctx.state
    for subscription in state.messages.start_subscriptions_of(previous_key):
        writers.event(
            writers.keys.next_key(),
            ValueType.MESSAGE_START_EVENT_SUBSCRIPTION,
            MessageStartEventSubscriptionIntent.DELETED,
            subscription,
        )
    for signal in state.signals.subscriptions_of(previous_key):
        writers.event(
            writers.keys.next_key(),
            ValueType.SIGNAL_SUBSCRIPTION,
            SignalSubscriptionIntent.DELETED,
            signal,
        )
    for timer_key, timer in state.timers.of_element_instance(previous_key):
        writers.event(timer_key, ValueType.TIMER, TimerIntent.CANCELED, timer)


def open_start_subscriptions(pctx: ProcessingContext, record: ProcessRecord) -> None:
    """Open the message/signal start subscriptions and schedule the start timers of a process definition."""
    writers = pctx.writers
    state = pctx.state
    deployed = state.deployments.process(record.process_definition_key)
    assert deployed is not None
    for start in deployed.process.start_events():
        definition = start.event_definition
        if isinstance(definition, MessageEventDefinition) and definition.message_name is not None:
            message = MessageStartEventSubscriptionRecord(
                process_definition_key=record.process_definition_key,
                bpmn_process_id=record.bpmn_process_id,
                start_event_id=start.id,
                message_name=static_name(definition.message_name.raw),
                tenant_id=record.tenant_id,
            )
            writers.event(
                writers.keys.next_key(),
                ValueType.MESSAGE_START_EVENT_SUBSCRIPTION,
                MessageStartEventSubscriptionIntent.CREATED,
                message,
            )
        elif isinstance(definition, TimerEventDefinition):
            value = pctx.expressions.evaluate(definition.value, state.variables, NO_KEY)
            schedule = schedule_timer(definition.timer_type, value, pctx.now)
            if isinstance(schedule, str) or isinstance(value, Failure):
                continue
            timer = TimerRecord(
                element_instance_key=NO_KEY,
                process_instance_key=NO_KEY,
                process_definition_key=record.process_definition_key,
                target_element_id=start.id,
                due_date=schedule.due_date,
                repetitions=schedule.repetitions,
                tenant_id=record.tenant_id,
            )
            writers.event(writers.keys.next_key(), ValueType.TIMER, TimerIntent.CREATED, timer)
        elif isinstance(definition, SignalEventDefinition) and definition.signal_name is not None:
            signal = SignalSubscriptionRecord(
                signal_name=static_name(definition.signal_name.raw),
                catch_element_id=start.id,
                process_definition_key=record.process_definition_key,
                bpmn_process_id=record.bpmn_process_id,
                tenant_id=record.tenant_id,
            )
            writers.event(
                writers.keys.next_key(),
                ValueType.SIGNAL_SUBSCRIPTION,
                SignalSubscriptionIntent.CREATED,
                signal,
            )


def static_name(raw: str) -> str:
    """Start event names are evaluated at deploy time; without variables only literals are meaningful."""
    text = raw.strip()
    if text.startswith("="):
        literal = text[1:].strip()
        if len(literal) >= 2 and literal[0] == literal[-1] == '"':
            return literal[1:-1]
        return literal
    return raw
