"""Tasks the engine executes itself: script tasks (FEEL) and business rule tasks (DMN)."""

from __future__ import annotations

from zeebe_lite.bpmn.behaviors.decision_records import write_evaluation
from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.behaviors.incidents import create_incident
from zeebe_lite.bpmn.behaviors.subscriptions import open_subscriptions
from zeebe_lite.bpmn.behaviors.transitions import to_activated, to_completing
from zeebe_lite.bpmn.behaviors.variables import apply_input_mappings
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.bpmn.elements._common import complete_with_outputs, terminate_leaf
from zeebe_lite.feel import to_json
from zeebe_lite.model.bpmn import BusinessRuleTask, CalledDecision, Process, ScriptDefinition, ScriptTask
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import ErrorType

__all__ = ["BusinessRuleTaskProcessor", "ScriptTaskProcessor"]


class _EngineTask:
    """Input mappings, then ACTIVATED and COMPLETING; the result is computed in ``on_complete`` (so resolving
    an incident re-evaluates it) and merged like job variables."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Input mappings and boundary subscriptions, then straight to completion."""
        element = ectx.element
        assert not isinstance(element, Process)
        failure = apply_input_mappings(
            pctx, element.io_mapping.inputs, ectx.key, ectx.value
        ) or open_subscriptions(pctx, ectx)
        if failure is not None:
            create_incident(pctx, ectx, failure)
            return
        to_activated(pctx, ectx)
        to_completing(pctx, ectx)
        self.on_complete(pctx, ectx)

    def on_complete(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Compute the result and complete with it."""
        result = self._result(pctx, ectx)
        if isinstance(result, Failure):
            create_incident(pctx, ectx, result)
            return
        complete_with_outputs(pctx, ectx, result)

    def on_terminate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Leave."""
        terminate_leaf(pctx, ectx)

    def _result(self, pctx: ProcessingContext, ectx: ElementContext) -> dict[str, object] | Failure:
        raise NotImplementedError


class ScriptTaskProcessor(_EngineTask):
    """``zeebe:script``: evaluates a FEEL expression into ``resultVariable``."""

    def _result(self, pctx: ProcessingContext, ectx: ElementContext) -> dict[str, object] | Failure:
        element = ectx.element
        assert isinstance(element, ScriptTask)
        script = element.implementation
        assert isinstance(script, ScriptDefinition)
        value = pctx.expressions.evaluate_json(script.expression, pctx.state.variables, ectx.key)
        if isinstance(value, Failure):
            return value
        return {script.result_variable: value}


class BusinessRuleTaskProcessor(_EngineTask):
    """``zeebe:calledDecision``: evaluates the latest version of a deployed decision into ``resultVariable``."""

    def _result(self, pctx: ProcessingContext, ectx: ElementContext) -> dict[str, object] | Failure:
        element = ectx.element
        assert isinstance(element, BusinessRuleTask)
        called = element.implementation
        assert isinstance(called, CalledDecision)
        variables = pctx.state.variables
        decision_id = pctx.expressions.evaluate_string(called.decision_id, variables, ectx.key)
        if isinstance(decision_id, Failure):
            return decision_id
        decision = pctx.state.deployments.latest_decision(decision_id)
        if decision is None:
            return Failure(
                ErrorType.CALLED_DECISION_ERROR,
                f"Expected to evaluate decision '{decision_id}', but no decision found for id '{decision_id}'",
                ectx.key,
            )
        visible = variables.visible_variables(ectx.key)
        result = pctx.decisions.evaluate(pctx.state.deployments, decision, visible)
        write_evaluation(pctx, decision, result, visible, element_key=ectx.key, element=ectx.value)
        if isinstance(result, str):
            return Failure(ErrorType.DECISION_EVALUATION_ERROR, result, ectx.key)
        if result.failure is not None:
            return Failure(
                ErrorType.DECISION_EVALUATION_ERROR,
                f"Expected to evaluate decision '{decision_id}', but {result.failure.message}",
                ectx.key,
            )
        return {called.result_variable: to_json(result.output)}
