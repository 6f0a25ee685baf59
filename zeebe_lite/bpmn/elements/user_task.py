"""Camunda user tasks (``zeebe:userTask``): a wait state completed through the engine API, not a job."""

from __future__ import annotations

from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.behaviors.incidents import create_incident
from zeebe_lite.bpmn.behaviors.subscriptions import open_subscriptions
from zeebe_lite.bpmn.behaviors.transitions import to_activated
from zeebe_lite.bpmn.behaviors.user_tasks import evaluate_user_task
from zeebe_lite.bpmn.behaviors.variables import apply_input_mappings
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.bpmn.elements._common import complete_with_outputs, result_variables, terminate_leaf
from zeebe_lite.model.bpmn import UserTask
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import UserTaskIntent, UserTaskRecord, ValueType

__all__ = ["UserTaskProcessor"]


class UserTaskProcessor:
    """Creates a USER_TASK and waits for its completion (``Engine.complete_user_task``)."""

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Input mappings, evaluate the task's properties, subscriptions, ELEMENT_ACTIVATED, USER_TASK CREATED."""
        element = ectx.element
        assert isinstance(element, UserTask)
        failure = apply_input_mappings(pctx, element.io_mapping.inputs, ectx.key, ectx.value)
        properties = failure or evaluate_user_task(pctx, element, ectx.key)
        if isinstance(properties, Failure):
            create_incident(pctx, ectx, properties)
            return
        failure = open_subscriptions(pctx, ectx)
        if failure is not None:
            create_incident(pctx, ectx, failure)
            return
        to_activated(pctx, ectx)
        value = ectx.value
        task = UserTaskRecord(
            element_instance_key=ectx.key,
            element_id=value.element_id,
            process_instance_key=value.process_instance_key,
            bpmn_process_id=value.bpmn_process_id,
            process_definition_key=value.process_definition_key,
            process_definition_version=value.version,
            assignee=properties.assignee,
            candidate_groups=properties.candidate_groups,
            candidate_users=properties.candidate_users,
            due_date=properties.due_date,
            follow_up_date=properties.follow_up_date,
            form_key=properties.form_key,
            priority=properties.priority,
            custom_headers={header.key: header.value for header in element.headers},
            tenant_id=value.tenant_id,
        )
        writers = pctx.writers
        writers.event(writers.keys.next_key(), ValueType.USER_TASK, UserTaskIntent.CREATED, task)

    def on_complete(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Merge the completion variables (through output mappings when present) and continue."""
        complete_with_outputs(pctx, ectx, result_variables(pctx, ectx))

    def on_terminate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Cancel the open task and leave."""
        task_key = pctx.state.user_tasks.of_element_instance(ectx.key)
        task = None if task_key is None else pctx.state.user_tasks.get(task_key)
        if task_key is not None and task is not None:
            pctx.writers.event(task_key, ValueType.USER_TASK, UserTaskIntent.CANCELED, task)
        terminate_leaf(pctx, ectx)
