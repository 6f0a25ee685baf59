"""Gateways."""

from __future__ import annotations

from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.behaviors.incidents import create_incident
from zeebe_lite.bpmn.behaviors.subscriptions import close_subscriptions, open_subscriptions
from zeebe_lite.bpmn.behaviors.transitions import take_flows, to_activated, to_completed, to_completing
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.bpmn.elements._common import terminate_leaf
from zeebe_lite.model.bpmn import ExclusiveGateway, InclusiveGateway, SequenceFlow
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import ErrorType, ProcessEventIntent, ProcessEventRecord, ValueType

__all__ = ["EventBasedGatewayProcessor", "ExclusiveGatewayProcessor", "InclusiveGatewayProcessor"]

_NO_FLOW = "Expected at least one condition to evaluate to true, or to have a default flow"


class ExclusiveGatewayProcessor:
    """Takes the first outgoing flow whose condition is true, else the default flow, else raises an incident."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Choose the flow, then pass through."""
        chosen = self._choose(pctx, ectx)
        if isinstance(chosen, Failure):
            create_incident(pctx, ectx, chosen)
            return
        to_activated(pctx, ectx)
        to_completing(pctx, ectx)
        to_completed(pctx, ectx)
        if chosen is not None:
            take_flows(pctx, ectx, (chosen,))

    def on_complete(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Never waits in COMPLETING: nothing to do."""

    def on_terminate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Leave."""
        terminate_leaf(pctx, ectx)

    @staticmethod
    def _choose(pctx: ProcessingContext, ectx: ElementContext) -> SequenceFlow | Failure | None:
        element = ectx.element
        assert isinstance(element, ExclusiveGateway)
        flows = ectx.process.outgoing_flows(element.id)
        if not flows:
            return None
        if len(flows) == 1 and flows[0].condition is None:
            return flows[0]
        for flow in flows:
            if flow.id == element.default_flow_id or flow.condition is None:
                continue
            result = pctx.expressions.evaluate_bool(flow.condition, pctx.state.variables, ectx.key)
            if isinstance(result, Failure):
                return result
            if result:
                return flow
        if element.default_flow_id is not None:
            return ectx.process.flow(element.default_flow_id)
        return Failure(ErrorType.CONDITION_ERROR, _NO_FLOW, ectx.key)


class EventBasedGatewayProcessor:
    """Waits for the first of the catch events after it; then takes the flow to that event, which completes
    at once with the trigger's variables."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Subscribe to every following catch event, ELEMENT_ACTIVATED."""
        failure = open_subscriptions(pctx, ectx)
        if failure is not None:
            create_incident(pctx, ectx, failure)
            return
        to_activated(pctx, ectx)

    def on_complete(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Hand the trigger to the chosen event's scope, close the other subscriptions, take its flow."""
        triggers = pctx.state.element_instances.triggers(ectx.key)
        if not triggers:
            return
        trigger = triggers[0]
        writers = pctx.writers
        handover = ProcessEventRecord(
            scope_key=ectx.flow_scope_key,
            target_element_id=trigger.element_id,
            process_instance_key=ectx.value.process_instance_key,
            process_definition_key=ectx.value.process_definition_key,
            variables=trigger.variables,
            tenant_id=ectx.value.tenant_id,
        )
        writers.event(
            writers.keys.next_key(), ValueType.PROCESS_EVENT, ProcessEventIntent.TRIGGERING, handover
        )
        close_subscriptions(pctx, ectx.key)
        to_completed(pctx, ectx)
        flows = tuple(
            flow
            for flow in ectx.process.outgoing_flows(ectx.element_id)
            if flow.target_id == trigger.element_id
        )
        take_flows(pctx, ectx, flows[:1])

    def on_terminate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Close the subscriptions and leave."""
        terminate_leaf(pctx, ectx)


class InclusiveGatewayProcessor:
    """Forks into every outgoing flow whose condition is true (else the default flow, else an incident); as a
    join it is activated once no other token can reach it."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Choose the flows, then pass through."""
        chosen = self._choose(pctx, ectx)
        if isinstance(chosen, Failure):
            create_incident(pctx, ectx, chosen)
            return
        to_activated(pctx, ectx)
        to_completing(pctx, ectx)
        to_completed(pctx, ectx)
        if chosen:
            take_flows(pctx, ectx, chosen)

    def on_complete(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Never waits in COMPLETING: nothing to do."""

    def on_terminate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Leave."""
        terminate_leaf(pctx, ectx)

    @staticmethod
    def _choose(pctx: ProcessingContext, ectx: ElementContext) -> tuple[SequenceFlow, ...] | Failure:
        element = ectx.element
        assert isinstance(element, InclusiveGateway)
        flows = ectx.process.outgoing_flows(element.id)
        chosen: list[SequenceFlow] = []
        for flow in flows:
            if flow.id == element.default_flow_id:
                continue
            if flow.condition is None:
                chosen.append(flow)
                continue
            result = pctx.expressions.evaluate_bool(flow.condition, pctx.state.variables, ectx.key)
            if isinstance(result, Failure):
                return result
            if result:
                chosen.append(flow)
        if chosen or not flows:
            return tuple(chosen)
        if element.default_flow_id is not None:
            return (ectx.process.flow(element.default_flow_id),)
        return Failure(ErrorType.CONDITION_ERROR, _NO_FLOW, ectx.key)
