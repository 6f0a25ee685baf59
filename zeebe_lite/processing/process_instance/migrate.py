"""PROCESS_INSTANCE_MIGRATION MIGRATE: move a live process instance to another process definition.

Every element instance of the instance (the process itself included, mapped implicitly) must be mapped to an
element of the same type in the same (mapped) flow scope of the target definition. The whole instance is
checked before anything is written (all or nothing); then each element instance is re-pointed
(PROCESS_INSTANCE ELEMENT_MIGRATED), with its job (JOB MIGRATED, type and retries unchanged), its open
incidents (INCIDENT MIGRATED), its Camunda user task (USER_TASK MIGRATED), the message subscription of a
receive task or message catch event (MESSAGE_SUBSCRIPTION MIGRATED: same message name and correlation key) and
its local variables (VARIABLE MIGRATED, values unchanged), as in Zeebe. The instance then continues on the
target model.

Not supported yet, and rejected with INVALID_STATE instead of being migrated wrongly: multi-instance bodies,
event subprocesses, ad-hoc subprocesses, timer and signal catch events and event-based gateways (subscriptions
that would have to move), a message catch mapped to a different message name, message/timer/signal/conditional
boundary events or event subprocess starts on the source or target side, tokens waiting on sequence flows
(joins), compensation subscriptions, element instances that are not active (except ones stuck on an incident),
changing a user task's implementation, and a change of BPMN process id for an instance that holds a message
start correlation key.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, replace
from typing import Any

from zeebe_lite.model.bpmn import (
    Activity,
    BpmnElementType,
    BpmnEventType,
    FlowNode,
    IntermediateCatchEvent,
    MessageEventDefinition,
    Process,
    ReceiveTask,
    UserTask,
)
from zeebe_lite.processing.context import ProcessingContext
from zeebe_lite.records import (
    NO_KEY,
    IncidentIntent,
    JobIntent,
    MessageSubscriptionIntent,
    ProcessInstanceIntent,
    ProcessInstanceMigrationIntent,
    ProcessInstanceMigrationRecord,
    Record,
    RejectionType,
    UserTaskIntent,
    ValueType,
    VariableIntent,
    VariableRecord,
)
from zeebe_lite.state.deployment import DeployedProcess
from zeebe_lite.state.element_instance import ElementInstance, ElementState

__all__ = ["migrate_process_instance"]

_SUPPORTED_TYPES = frozenset(
    {
        BpmnElementType.PROCESS,
        BpmnElementType.SUB_PROCESS,
        BpmnElementType.CALL_ACTIVITY,
        BpmnElementType.SERVICE_TASK,
        BpmnElementType.SEND_TASK,
        BpmnElementType.SCRIPT_TASK,
        BpmnElementType.BUSINESS_RULE_TASK,
        BpmnElementType.USER_TASK,
        BpmnElementType.MANUAL_TASK,
        BpmnElementType.TASK,
        BpmnElementType.RECEIVE_TASK,
        BpmnElementType.INTERMEDIATE_CATCH_EVENT,
    }
)
"""Element types whose active instances can be migrated (the others wait on subscriptions or inner state).

Intermediate catch events only with a message definition (their subscription moves along).
"""

_MESSAGE_CATCHES = frozenset({BpmnElementType.RECEIVE_TASK, BpmnElementType.INTERMEDIATE_CATCH_EVENT})

_SUBSCRIBING_EVENT_TYPES = frozenset(
    {BpmnEventType.MESSAGE, BpmnEventType.TIMER, BpmnEventType.SIGNAL, BpmnEventType.CONDITIONAL}
)
"""Boundary and event subprocess start events that hold subscriptions while their scope is active.

Error, escalation and compensation catch events are looked up in the model when something is thrown, so
after a migration the target's are used.
"""


@dataclass(frozen=True, slots=True)
class _Rejection:
    rejection_type: RejectionType
    reason: str


@dataclass(frozen=True, slots=True)
class _Plan:
    source: DeployedProcess
    target: DeployedProcess
    moves: tuple[tuple[ElementInstance, str], ...]
    """Each element instance (parents first) with the target element id it moves to."""


def migrate_process_instance(command: Record[Any], pctx: ProcessingContext) -> None:
    """Validate the whole instance against the migration plan, then migrate it and report MIGRATED."""
    value: ProcessInstanceMigrationRecord = command.value
    writers = pctx.writers
    plan = _plan(pctx, value)
    if isinstance(plan, _Rejection):
        writers.reject(command, plan.rejection_type, plan.reason)
        return
    tenant_id = plan.moves[0][0].value.tenant_id
    for instance, target_element_id in plan.moves:
        _migrate_element(pctx, instance, plan.target, target_element_id)
    migrated = replace(value, process_definition_key=plan.source.key, tenant_id=tenant_id)
    event = writers.event(
        value.process_instance_key,
        ValueType.PROCESS_INSTANCE_MIGRATION,
        ProcessInstanceMigrationIntent.MIGRATED,
        migrated,
    )
    writers.respond(event)


# ---------------------------------------------------------------------------------------------- validation


def _plan(pctx: ProcessingContext, value: ProcessInstanceMigrationRecord) -> _Plan | _Rejection:
    key = value.process_instance_key
    instances = pctx.state.element_instances
    root = instances.get(key)
    if root is None or root.value.flow_scope_key != NO_KEY:
        return _Rejection(
            RejectionType.NOT_FOUND,
            f"Expected to migrate process instance but no process instance found with key '{key}'",
        )
    sources = Counter(instruction.source_element_id for instruction in value.mapping_instructions)
    duplicates = [element_id for element_id, count in sources.items() if count > 1]
    if duplicates:
        return _Rejection(
            RejectionType.INVALID_ARGUMENT,
            f"Expected to migrate process instance '{key}' but the mapping instructions contain duplicate "
            f"source element ids '[{', '.join(duplicates)}]'.",
        )
    deployments = pctx.state.deployments
    target_key = value.target_process_definition_key
    target = deployments.process(target_key)
    if target is None or deployments.is_deleted(target_key):
        return _Rejection(
            RejectionType.NOT_FOUND,
            "Expected to migrate process instance to process definition but no process definition found "
            f"with key '{target_key}'",
        )
    source = deployments.process(root.value.process_definition_key)
    assert source is not None
    problem = _missing_element(key, source.process, target.process, value)
    if problem is not None:
        return _Rejection(RejectionType.INVALID_ARGUMENT, problem)
    problem = _correlation_problem(pctx, root, target)
    if problem is not None:
        return _Rejection(RejectionType.INVALID_STATE, problem)
    mapping = {
        instruction.source_element_id: instruction.target_element_id
        for instruction in value.mapping_instructions
    }
    mapping[root.value.element_id] = target.process.id
    targets: dict[int, str] = {}
    moves: list[tuple[ElementInstance, str]] = []
    queue = deque([root])
    while queue:
        instance = queue.popleft()
        target_element_id = mapping.get(instance.value.element_id)
        problem = _element_problem(
            pctx, instance, target_element_id, source=source.process, target=target.process, targets=targets
        )
        if problem is not None:
            return _Rejection(
                RejectionType.INVALID_STATE, f"Expected to migrate process instance '{key}' but {problem}"
            )
        assert target_element_id is not None
        targets[instance.key] = target_element_id
        moves.append((instance, target_element_id))
        queue.extend(instances.children(instance.key))
    return _Plan(source, target, tuple(moves))


def _missing_element(
    key: int, source: Process, target: Process, value: ProcessInstanceMigrationRecord
) -> str | None:
    for instruction in value.mapping_instructions:
        if instruction.source_element_id not in source:
            return (
                f"Expected to migrate process instance '{key}' but mapping instructions contain a non-existing "
                f"source element id '{instruction.source_element_id}'. Elements provided in mapping "
                "instructions must exist in the source process definition."
            )
        if instruction.target_element_id not in target:
            return (
                f"Expected to migrate process instance '{key}' but mapping instructions contain a non-existing "
                f"target element id '{instruction.target_element_id}'. Elements provided in mapping "
                "instructions must exist in the target process definition."
            )
    return None


def _correlation_problem(
    pctx: ProcessingContext, root: ElementInstance, target: DeployedProcess
) -> str | None:
    correlation = pctx.state.messages.correlation_of(root.key)
    if correlation is None or target.process.id == root.value.bpmn_process_id:
        return None
    return (
        f"Expected to migrate process instance '{root.key}' but it was started by a message start event with "
        f"correlation key '{correlation[1]}' and the target process has another BPMN process id "
        f"'{target.process.id}'. Moving the correlation key to another process is not possible yet."
    )


def _element_problem(
    pctx: ProcessingContext,
    instance: ElementInstance,
    target_element_id: str | None,
    *,
    source: Process,
    target: Process,
    targets: dict[int, str],
) -> str | None:
    """Why this element instance cannot move to ``target_element_id`` (None when it can)."""
    value = instance.value
    element_id = value.element_id
    kind = value.bpmn_element_type
    if kind not in _SUPPORTED_TYPES:
        return (
            f"active element with id '{element_id}' has an unsupported type. The migration of a {kind.value} "
            "is not supported yet."
        )
    if (
        kind is BpmnElementType.INTERMEDIATE_CATCH_EVENT
        and value.bpmn_event_type is not BpmnEventType.MESSAGE
    ):
        return (
            f"active element with id '{element_id}' is intermediate catch event of type "
            f"'{value.bpmn_event_type.value}'. Migrating active intermediate catch event of this type is not "
            "possible yet."
        )
    if target_element_id is None:
        return (
            f"active element with id '{element_id}' is not mapped: no mapping instruction is defined for it. "
            "Elements cannot be migrated without a mapping."
        )
    source_element = None if kind is BpmnElementType.PROCESS else source.element(element_id)
    target_element = None if kind is BpmnElementType.PROCESS else target.find_element(target_element_id)
    if kind is not BpmnElementType.PROCESS:
        target_kind = _element_type(target_element)
        if target_kind is not kind:
            return (
                f"active element with id '{element_id}' and type '{kind.value}' is mapped to an element with id "
                f"'{target_element_id}' and different type '{target_kind.value}'. Elements must be mapped to "
                "elements of the same type."
            )
        if isinstance(source_element, UserTask) and isinstance(target_element, UserTask):
            problem = _user_task_problem(source_element, target_element)
            if problem is not None:
                return problem
        assert target_element is not None
        expected_scope = targets[value.flow_scope_key]
        if target_element.parent_id != expected_scope:
            return (
                f"the flow scope of active element with id '{element_id}' is changed. The flow scope of the "
                f"active element is expected to be '{expected_scope}' but was '{target_element.parent_id}'. "
                "The flow scope of an element cannot be changed during migration yet."
            )
    return (
        _message_problem(pctx, instance, target_element_id, target_element)
        or _event_problem(
            instance,
            source=source,
            target=target,
            target_element_id=target_element_id,
            source_element=source_element,
            target_element=target_element,
        )
        or _lifecycle_problem(pctx, instance)
        or _pending_state_problem(pctx, instance)
    )


def _element_type(element: FlowNode | None) -> BpmnElementType:
    if element is None:
        return BpmnElementType.SEQUENCE_FLOW
    if isinstance(element, Activity) and element.multi_instance is not None:
        return BpmnElementType.MULTI_INSTANCE_BODY
    return element.element_type


def _user_task_problem(source: UserTask, target: UserTask) -> str | None:
    if source.is_camunda_user_task == target.is_camunda_user_task:
        return None
    return (
        f"active user task with id '{source.id}' and implementation '{_implementation(source)}' is mapped to an "
        f"user task with id '{target.id}' and different implementation '{_implementation(target)}'. Elements "
        "must be mapped to elements of the same implementation."
    )


def _implementation(task: UserTask) -> str:
    return "zeebe user task" if task.is_camunda_user_task else "job worker"


def _event_problem(
    instance: ElementInstance,
    *,
    source: Process,
    target: Process,
    target_element_id: str,
    source_element: FlowNode | None,
    target_element: FlowNode | None,
) -> str | None:
    """Subscriptions the element (or the scope it is) would have to open, close or change."""
    element_id = instance.value.element_id
    if instance.value.bpmn_element_type in (BpmnElementType.PROCESS, BpmnElementType.SUB_PROCESS):
        for side, process, scope_id in (
            ("active", source, element_id),
            ("target", target, target_element_id),
        ):
            starts = _subscribing_event_sub_process_starts(process, scope_id)
            if starts:
                return (
                    f"{side} element with id '{scope_id}' has one or more event subprocesses with start events "
                    f"of types '{','.join(starts)}'. Migrating event subprocesses with start events of these "
                    "types is not possible yet."
                )
    for side, process, element in (("active", source, source_element), ("target", target, target_element)):
        if not isinstance(element, Activity):
            continue
        types = [
            event.event_type.value
            for event in process.boundary_events(element.id)
            if event.event_type in _SUBSCRIBING_EVENT_TYPES
        ]
        if types:
            return (
                f"{side} element with id '{element.id}' has one or more boundary events of types "
                f"'{','.join(types)}'. Migrating {side} elements with boundary events of these types is not "
                "possible yet."
            )
    return None


def _message_problem(
    pctx: ProcessingContext,
    instance: ElementInstance,
    target_element_id: str,
    target_element: FlowNode | None,
) -> str | None:
    """A message catch keeps its subscription only when the target catches the same (static) message name."""
    if instance.value.bpmn_element_type not in _MESSAGE_CATCHES:
        return None
    definition: object = None
    if isinstance(target_element, ReceiveTask):
        definition = target_element.message
    elif isinstance(target_element, IntermediateCatchEvent):
        definition = target_element.event_definition
    name = definition.message_name if isinstance(definition, MessageEventDefinition) else None
    for subscription in pctx.state.messages.subscriptions_of(instance.key):
        if name is None or not name.is_static or name.raw != subscription.message_name:
            return (
                f"active element with id '{instance.value.element_id}' is subscribed to the message "
                f"'{subscription.message_name}' but the target element with id '{target_element_id}' does not "
                "catch a message of this static name. Migrating a message subscription to another message is "
                "not possible yet."
            )
    return None


def _subscribing_event_sub_process_starts(process: Process, scope_id: str) -> list[str]:
    types: list[str] = []
    for sub_process in process.event_sub_processes(scope_id):
        event_type = process.element(sub_process.start_event_id).event_type
        if event_type in _SUBSCRIBING_EVENT_TYPES:
            types.append(event_type.value)
    return types


def _lifecycle_problem(pctx: ProcessingContext, instance: ElementInstance) -> str | None:
    state = pctx.state
    element_id = instance.value.element_id
    stuck_on_incident = (
        instance.state in (ElementState.ACTIVATING, ElementState.COMPLETING)
        and state.incidents.of_element_instance(instance.key) is not None
    )
    if instance.state is not ElementState.ACTIVATED and not stuck_on_incident:
        return (
            f"active element with id '{element_id}' is in state '{instance.state.value}' (for example waiting "
            "for an execution listener). Migrating elements that are not activated is not possible yet."
        )
    job = state.jobs.get(instance.job_key) if instance.job_key != NO_KEY else None
    if job is not None and job.record.listener_event_type:
        return (
            f"active element with id '{element_id}' waits for an execution listener job. Migrating elements "
            "with active execution listener jobs is not possible yet."
        )
    return None


def _pending_state_problem(pctx: ProcessingContext, instance: ElementInstance) -> str | None:
    state = pctx.state
    key = instance.key
    element_id = instance.value.element_id
    own_messages = instance.value.bpmn_element_type in _MESSAGE_CATCHES and all(
        subscription.element_id == element_id for subscription in state.messages.subscriptions_of(key)
    )
    if (
        (state.messages.subscriptions_of(key) and not own_messages)
        or state.timers.of_element_instance(key)
        or state.signals.subscriptions_of(key)
    ):
        return (
            f"active element with id '{element_id}' has open event subscriptions (message, timer or signal). "
            "Migrating elements with event subscriptions is not possible yet."
        )
    if state.element_instances.triggers(key):
        return "a concurrent command was executed on the process instance. Please retry the migration."
    flows = state.element_instances.pending_flow_ids(key)
    if flows:
        return (
            f"active element with id '{element_id}' has tokens waiting on the sequence flows "
            f"'{','.join(flows)}' (for example at a joining gateway). Migrating taken sequence flows is not "
            "possible yet."
        )
    if state.compensations.of_scope(key):
        return (
            f"active element with id '{element_id}' has completed activities with compensation handlers. "
            "Migrating compensation subscriptions is not possible yet."
        )
    return None


# ---------------------------------------------------------------------------------------------- migration


def _migrate_element(
    pctx: ProcessingContext, instance: ElementInstance, target: DeployedProcess, target_element_id: str
) -> None:
    """ELEMENT_MIGRATED, then the element instance's job, incidents, user task, message subscription and local
    variables."""
    writers = pctx.writers
    state = pctx.state
    definition = target.record
    migrated = replace(
        instance.value,
        bpmn_process_id=definition.bpmn_process_id,
        version=definition.version,
        process_definition_key=definition.process_definition_key,
        element_id=target_element_id,
    )
    writers.event(instance.key, ValueType.PROCESS_INSTANCE, ProcessInstanceIntent.ELEMENT_MIGRATED, migrated)
    job = state.jobs.get(instance.job_key) if instance.job_key != NO_KEY else None
    if job is not None:
        job_record = replace(
            job.record,
            element_id=target_element_id,
            bpmn_process_id=definition.bpmn_process_id,
            process_definition_version=definition.version,
            process_definition_key=definition.process_definition_key,
        )
        writers.event(job.key, ValueType.JOB, JobIntent.MIGRATED, job_record)
    incident_keys = [state.incidents.of_element_instance(instance.key)]
    if job is not None:
        incident_keys.append(state.incidents.of_job(job.key))
    for incident_key in incident_keys:
        incident = None if incident_key is None else state.incidents.get(incident_key)
        if incident_key is not None and incident is not None:
            incident_record = replace(
                incident,
                bpmn_process_id=definition.bpmn_process_id,
                process_definition_key=definition.process_definition_key,
                element_id=target_element_id,
            )
            writers.event(incident_key, ValueType.INCIDENT, IncidentIntent.MIGRATED, incident_record)
    user_task_key = state.user_tasks.of_element_instance(instance.key)
    user_task = None if user_task_key is None else state.user_tasks.get(user_task_key)
    if user_task_key is not None and user_task is not None:
        task_record = replace(
            user_task,
            element_id=target_element_id,
            bpmn_process_id=definition.bpmn_process_id,
            process_definition_key=definition.process_definition_key,
            process_definition_version=definition.version,
            variables={},
        )
        writers.event(user_task_key, ValueType.USER_TASK, UserTaskIntent.MIGRATED, task_record)
    for subscription in state.messages.subscriptions_of(instance.key):
        subscription_record = replace(
            subscription, element_id=target_element_id, bpmn_process_id=definition.bpmn_process_id
        )
        writers.event(
            writers.keys.next_key(),
            ValueType.MESSAGE_SUBSCRIPTION,
            MessageSubscriptionIntent.MIGRATED,
            subscription_record,
        )
    for name in state.variables.local_variables(instance.key):
        variable = state.variables.local(instance.key, name)
        assert variable is not None
        variable_record = VariableRecord(
            name=name,
            value=None,
            scope_key=instance.key,
            process_instance_key=migrated.process_instance_key,
            process_definition_key=definition.process_definition_key,
            bpmn_process_id=definition.bpmn_process_id,
            tenant_id=migrated.tenant_id,
        )
        writers.event(variable.key, ValueType.VARIABLE, VariableIntent.MIGRATED, variable_record)
