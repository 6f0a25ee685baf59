"""Event subscription behaviour: open and close the timers, message and signal subscriptions of catch events.

An element instance subscribes for its own catch event (intermediate catch event, receive task) and for its
boundary events. When one triggers, :func:`trigger_catch` decides how the element continues.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.behaviors.multi_instance import is_inner_instance
from zeebe_lite.bpmn.behaviors.timer_values import schedule_timer
from zeebe_lite.bpmn.behaviors.transitions import activate_child
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.model.bpmn import (
    Activity,
    BoundaryEvent,
    BpmnElementType,
    Event,
    EventBasedGateway,
    EventSubProcess,
    FlowNode,
    MessageEventDefinition,
    Process,
    ReceiveTask,
    SignalEventDefinition,
    StartEvent,
    SubProcess,
    TimerEventDefinition,
)
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import (
    ErrorType,
    Intent,
    MessageSubscriptionIntent,
    MessageSubscriptionRecord,
    ProcessInstanceIntent,
    SignalSubscriptionIntent,
    SignalSubscriptionRecord,
    TimerIntent,
    TimerRecord,
    ValueType,
)
from zeebe_lite.state.element_instance import ElementState

__all__ = [
    "PreparedSubscriptions",
    "close_subscriptions",
    "correlate_buffered_messages",
    "open_subscriptions",
    "prepare_subscriptions",
    "trigger_catch",
    "write_subscriptions",
]


_SubscriptionEvent = tuple[
    ValueType, Intent, TimerRecord | MessageSubscriptionRecord | SignalSubscriptionRecord
]

_SUBSCRIBABLE = (TimerEventDefinition, MessageEventDefinition, SignalEventDefinition)


def _catch_elements(ectx: ElementContext) -> list[tuple[FlowNode, object, bool]]:
    """(catch element, event definition, interrupting) for everything the element instance waits for.

    A multi-instance body waits for the activity's boundary events; its inner instances only for their own
    catch event (a receive task's message).
    """
    element = ectx.element
    if isinstance(element, Process):
        return _event_sub_process_starts(ectx, None)
    if isinstance(element, EventBasedGateway):
        targets = (ectx.process.element(flow.target_id) for flow in ectx.process.outgoing_flows(element.id))
        return [catch for target in targets for catch in _own_catch(target)]
    if is_inner_instance(ectx):
        return _own_catch(element)
    is_body = ectx.value.bpmn_element_type is BpmnElementType.MULTI_INSTANCE_BODY
    found = [] if is_body else _own_catch(element)
    if isinstance(element, Activity):
        for boundary_id in element.boundary_event_ids:
            boundary = ectx.process.element(boundary_id)
            if isinstance(boundary, BoundaryEvent) and boundary.event_definition is not None:
                found.append((boundary, boundary.event_definition, boundary.cancel_activity))
    if isinstance(element, SubProcess) and not is_body:
        found.extend(_event_sub_process_starts(ectx, element.id))
    return found


def _event_sub_process_starts(
    ectx: ElementContext, scope_id: str | None
) -> list[tuple[FlowNode, object, bool]]:
    found: list[tuple[FlowNode, object, bool]] = []
    for sub_process in ectx.process.event_sub_processes(scope_id):
        start = ectx.process.find_element(sub_process.start_event_id)
        if isinstance(start, StartEvent) and isinstance(start.event_definition, _SUBSCRIBABLE):
            found.append((start, start.event_definition, sub_process.interrupting))
    return found


def _own_catch(element: FlowNode) -> list[tuple[FlowNode, object, bool]]:
    if isinstance(element, ReceiveTask):
        return [(element, element.message, True)]
    if (
        isinstance(element, Event)
        and not isinstance(element, BoundaryEvent)
        and element.event_definition is not None
    ):
        return [(element, element.event_definition, True)]
    return []


def open_subscriptions(pctx: ProcessingContext, ectx: ElementContext) -> Failure | None:
    """Subscribe the element instance to the timers, messages and signals it catches."""
    prepared = prepare_subscriptions(pctx, ectx)
    if isinstance(prepared, Failure):
        return prepared
    write_subscriptions(pctx, prepared)
    return None


@dataclass(frozen=True, slots=True)
class PreparedSubscriptions:
    """The subscription events of an element instance, evaluated but not written yet."""

    events: tuple[_SubscriptionEvent, ...]
    messages: tuple[MessageSubscriptionRecord, ...]
    """The message subscriptions among ``events`` (buffered messages may correlate once they are open)."""


def prepare_subscriptions(
    pctx: ProcessingContext, ectx: ElementContext, catch_ids: Collection[str] | None = None
) -> PreparedSubscriptions | Failure:
    """Evaluate what the element instance would subscribe to (only ``catch_ids`` when given), writing nothing."""
    catches = [catch for catch in _catch_elements(ectx) if catch_ids is None or catch[0].id in catch_ids]
    variables = pctx.state.variables
    expressions = pctx.expressions
    value = ectx.value
    opened_messages: list[MessageSubscriptionRecord] = []
    pending: list[_SubscriptionEvent] = []
    for catch, definition, interrupting in catches:
        if isinstance(definition, TimerEventDefinition):
            timer_value = expressions.evaluate(definition.value, variables, ectx.key)
            if isinstance(timer_value, Failure):
                return timer_value
            schedule = schedule_timer(definition.timer_type, timer_value, pctx.now)
            if isinstance(schedule, str):
                return Failure(ErrorType.EXTRACT_VALUE_ERROR, schedule, ectx.key)
            timer = TimerRecord(
                element_instance_key=ectx.key,
                process_instance_key=value.process_instance_key,
                process_definition_key=value.process_definition_key,
                target_element_id=catch.id,
                due_date=schedule.due_date,
                repetitions=schedule.repetitions,
                tenant_id=value.tenant_id,
            )
            pending.append((ValueType.TIMER, TimerIntent.CREATED, timer))
        elif isinstance(definition, MessageEventDefinition):
            if definition.message_name is None or definition.correlation_key is None:
                return Failure(
                    ErrorType.EXTRACT_VALUE_ERROR, f"message of '{catch.id}' is incomplete", ectx.key
                )
            name = expressions.evaluate_string(definition.message_name, variables, ectx.key)
            if isinstance(name, Failure):
                return name
            correlation_key = expressions.evaluate_correlation_key(
                definition.correlation_key, variables, ectx.key
            )
            if isinstance(correlation_key, Failure):
                return correlation_key
            subscription = MessageSubscriptionRecord(
                process_instance_key=value.process_instance_key,
                element_instance_key=ectx.key,
                element_id=catch.id,
                bpmn_process_id=value.bpmn_process_id,
                message_name=name,
                correlation_key=correlation_key,
                interrupting=interrupting,
                tenant_id=value.tenant_id,
            )
            pending.append((ValueType.MESSAGE_SUBSCRIPTION, MessageSubscriptionIntent.CREATED, subscription))
            opened_messages.append(subscription)
        elif isinstance(definition, SignalEventDefinition):
            if definition.signal_name is None:
                return Failure(ErrorType.EXTRACT_VALUE_ERROR, f"signal of '{catch.id}' has no name", ectx.key)
            signal_name = expressions.evaluate_string(definition.signal_name, variables, ectx.key)
            if isinstance(signal_name, Failure):
                return signal_name
            signal = SignalSubscriptionRecord(
                signal_name=signal_name,
                catch_element_id=catch.id,
                catch_event_instance_key=ectx.key,
                process_definition_key=value.process_definition_key,
                bpmn_process_id=value.bpmn_process_id,
                tenant_id=value.tenant_id,
            )
            pending.append((ValueType.SIGNAL_SUBSCRIPTION, SignalSubscriptionIntent.CREATED, signal))
    return PreparedSubscriptions(tuple(pending), tuple(opened_messages))


def write_subscriptions(pctx: ProcessingContext, prepared: PreparedSubscriptions) -> None:
    """Write the prepared subscription events, then correlate buffered messages to the new subscriptions."""
    writers = pctx.writers
    for value_type, intent, record in prepared.events:
        writers.event(writers.keys.next_key(), value_type, intent, record)
    for subscription in prepared.messages:
        correlate_buffered_messages(pctx, subscription)


def correlate_buffered_messages(pctx: ProcessingContext, subscription: MessageSubscriptionRecord) -> None:
    """Correlate the oldest buffered message that matches a newly opened subscription, if any."""
    messages = pctx.state.messages
    for message_key in messages.buffered(subscription.message_name, subscription.correlation_key):
        if messages.was_correlated(message_key, subscription.bpmn_process_id):
            continue
        message = messages.message(message_key)
        if message is None:
            continue
        correlated = MessageSubscriptionRecord(
            process_instance_key=subscription.process_instance_key,
            element_instance_key=subscription.element_instance_key,
            element_id=subscription.element_id,
            bpmn_process_id=subscription.bpmn_process_id,
            message_name=subscription.message_name,
            correlation_key=subscription.correlation_key,
            interrupting=subscription.interrupting,
            message_key=message_key,
            variables=message.variables,
            tenant_id=subscription.tenant_id,
        )
        writers = pctx.writers
        writers.event(
            writers.keys.next_key(),
            ValueType.MESSAGE_SUBSCRIPTION,
            MessageSubscriptionIntent.CORRELATED,
            correlated,
        )
        trigger_catch(pctx, subscription.element_instance_key, subscription.element_id)
        return


def close_subscriptions(pctx: ProcessingContext, element_instance_key: int) -> None:
    """Cancel the element instance's timers and delete its message and signal subscriptions."""
    state = pctx.state
    writers = pctx.writers
    for timer_key, timer in state.timers.of_element_instance(element_instance_key):
        writers.event(timer_key, ValueType.TIMER, TimerIntent.CANCELED, timer)
    for subscription in state.messages.subscriptions_of(element_instance_key):
        writers.event(
            writers.keys.next_key(),
            ValueType.MESSAGE_SUBSCRIPTION,
            MessageSubscriptionIntent.DELETED,
            subscription,
        )
    for signal in state.signals.subscriptions_of(element_instance_key):
        writers.event(
            writers.keys.next_key(), ValueType.SIGNAL_SUBSCRIPTION, SignalSubscriptionIntent.DELETED, signal
        )


def trigger_catch(pctx: ProcessingContext, element_instance_key: int, catch_element_id: str) -> None:
    """Continue after element instance ``element_instance_key`` caught an event for ``catch_element_id``.

    The element's own catch event completes it; an interrupting boundary event terminates the attached
    activity first (the boundary is activated when it has terminated); a non-interrupting one is activated
    next to it. An event subprocess start activates the event subprocess in the catching scope, after
    terminating the scope's other children when it interrupts.
    """
    instance = pctx.state.element_instances.get(element_instance_key)
    if instance is None:
        return
    writers = pctx.writers
    if instance.value.element_id == catch_element_id:
        if instance.state in (ElementState.ACTIVATED, ElementState.ACTIVATING):
            writers.command(
                element_instance_key,
                ValueType.PROCESS_INSTANCE,
                ProcessInstanceIntent.COMPLETE_ELEMENT,
                instance.value,
            )
        return
    deployed = pctx.state.deployments.process(instance.value.process_definition_key)
    if deployed is None:
        return
    catch = deployed.process.element(catch_element_id)
    if instance.value.bpmn_element_type is BpmnElementType.EVENT_BASED_GATEWAY:
        if instance.state is ElementState.ACTIVATED:
            writers.command(
                element_instance_key,
                ValueType.PROCESS_INSTANCE,
                ProcessInstanceIntent.COMPLETE_ELEMENT,
                instance.value,
            )
        return
    if isinstance(catch, StartEvent):
        _trigger_event_sub_process(pctx, instance.key, catch)
        return
    if not isinstance(catch, BoundaryEvent):
        return
    if catch.cancel_activity:
        if instance.state in (ElementState.ACTIVATED, ElementState.ACTIVATING):
            writers.command(
                element_instance_key,
                ValueType.PROCESS_INSTANCE,
                ProcessInstanceIntent.TERMINATE_ELEMENT,
                instance.value,
            )
        return
    activate_child(pctx, instance.value, catch, instance.value.flow_scope_key)


def _trigger_event_sub_process(pctx: ProcessingContext, scope_key: int, start: StartEvent) -> None:
    instances = pctx.state.element_instances
    scope = instances.get(scope_key)
    deployed = None if scope is None else pctx.state.deployments.process(scope.value.process_definition_key)
    if scope is None or deployed is None or scope.state is not ElementState.ACTIVATED:
        return
    sub_process = deployed.process.element(start.parent_id)
    if not isinstance(sub_process, EventSubProcess):
        return
    if not sub_process.interrupting:
        activate_child(pctx, scope.value, sub_process, scope_key)
        return
    close_subscriptions(pctx, scope_key)
    children = instances.children(scope_key)
    if not children:
        activate_child(pctx, scope.value, sub_process, scope_key)
        return
    for child in children:
        pctx.writers.command(
            child.key, ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.TERMINATE_ELEMENT, child.value
        )
