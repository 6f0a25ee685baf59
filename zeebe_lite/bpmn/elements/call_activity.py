"""Call activities: start another process and wait for it."""

from __future__ import annotations

from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.behaviors.incidents import create_incident, resolve_incidents_of
from zeebe_lite.bpmn.behaviors.instances import process_instance_value
from zeebe_lite.bpmn.behaviors.subscriptions import close_subscriptions, open_subscriptions
from zeebe_lite.bpmn.behaviors.transitions import finish_termination, to_activated
from zeebe_lite.bpmn.behaviors.variables import apply_input_mappings, set_local
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.bpmn.elements._common import complete_with_outputs, result_variables
from zeebe_lite.model.bpmn import BindingType, CallActivity
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import NO_KEY, ErrorType, ProcessInstanceIntent, ValueType
from zeebe_lite.state.deployment import DeployedProcess

__all__ = ["CallActivityProcessor"]


class CallActivityProcessor:
    """Creates a child instance of the called process (with the parent's variables) and completes with the
    child's variables when it completes."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Input mappings, resolve the called process, subscriptions, ELEMENT_ACTIVATED, start the child."""
        element = ectx.element
        assert isinstance(element, CallActivity)
        failure = apply_input_mappings(pctx, element.io_mapping.inputs, ectx.key, ectx.value)
        called = failure or self._called_process(pctx, ectx, element)
        if isinstance(called, Failure):
            create_incident(pctx, ectx, called)
            return
        failure = open_subscriptions(pctx, ectx)
        if failure is not None:
            create_incident(pctx, ectx, failure)
            return
        to_activated(pctx, ectx)
        variables = pctx.state.variables
        if element.called_element.propagate_all_parent_variables:
            document = variables.visible_variables(ectx.key)
        else:
            document = variables.local_variables(ectx.key)
        child_key = pctx.writers.keys.next_key()
        child = process_instance_value(called, child_key, ectx.value.process_instance_key, ectx.key)
        set_local(pctx, child_key, document, child)
        pctx.writers.command(
            child_key, ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.ACTIVATE_ELEMENT, child
        )

    def on_complete(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Merge the child's variables (or only output-mapped ones, or none) and continue."""
        element = ectx.element
        assert isinstance(element, CallActivity)
        results = result_variables(pctx, ectx)
        if not element.io_mapping.outputs and not element.called_element.propagate_all_child_variables:
            results = {}
        complete_with_outputs(pctx, ectx, results)

    def on_terminate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Terminate the child instance first (it reports back), or leave at once."""
        close_subscriptions(pctx, ectx.key)
        resolve_incidents_of(pctx, ectx.key, NO_KEY)
        child_key = pctx.state.element_instances.called_instance(ectx.key)
        child = None if child_key is None else pctx.state.element_instances.get(child_key)
        if child is None:
            finish_termination(pctx, ectx)
            return
        pctx.writers.command(
            child.key, ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.TERMINATE_ELEMENT, child.value
        )

    @staticmethod
    def _called_process(
        pctx: ProcessingContext, ectx: ElementContext, element: CallActivity
    ) -> DeployedProcess | Failure:
        called = element.called_element
        process_id = pctx.expressions.evaluate_string(called.process_id, pctx.state.variables, ectx.key)
        if isinstance(process_id, Failure):
            return process_id
        deployments = pctx.state.deployments
        found = deployments.latest_process(process_id)
        if called.binding_type is BindingType.DEPLOYMENT:
            caller = deployments.process(ectx.value.process_definition_key)
            deployment_key = caller.record.deployment_key if caller is not None else NO_KEY
            found = next(
                (
                    deployed
                    for deployed in deployments.processes()
                    if deployed.record.bpmn_process_id == process_id
                    and deployed.record.deployment_key == deployment_key
                ),
                None,
            )
        elif called.binding_type is BindingType.VERSION_TAG:
            found = next(
                (
                    deployed
                    for deployed in reversed(deployments.processes())
                    if deployed.record.bpmn_process_id == process_id
                    and deployed.process.version_tag == called.version_tag
                ),
                None,
            )
        if found is None:
            return Failure(
                ErrorType.CALLED_ELEMENT_ERROR,
                f"Expected process with BPMN process id '{process_id}' to be deployed, but not found.",
                ectx.key,
            )
        if found.process.none_start_event() is None:
            return Failure(
                ErrorType.CALLED_ELEMENT_ERROR,
                f"Expected process with BPMN process id '{process_id}' to have a none start event, but not found.",
                ectx.key,
            )
        return found
