"""PROCESS_INSTANCE_MIGRATION MIGRATE: move a live process instance to another process definition.

Every element instance of the instance (the process itself included, mapped implicitly) must be mapped to an
element of the same type in the same (mapped) flow scope of the target definition. The whole instance is
checked before anything is written (all or nothing); then each element instance is re-pointed
(PROCESS_INSTANCE ELEMENT_MIGRATED), with its job (JOB MIGRATED, type and retries unchanged), its open
incidents (INCIDENT MIGRATED), its Camunda user task (USER_TASK MIGRATED), its event subscriptions and its
local variables (VARIABLE MIGRATED, values unchanged), as in Zeebe. The instance then continues on the
target model.

Event subscriptions: a receive task or a message, timer or signal intermediate catch event mapped to a catch
of the same event type keeps its subscription (MESSAGE_SUBSCRIPTION / TIMER / SIGNAL_SUBSCRIPTION MIGRATED;
a timer keeps its due date, a message or signal its name, which the target must catch statically). The
message, timer and signal boundary events of an active task or subprocess (interrupting or not) are mapped by
mapping instructions too: a source boundary event mapped to a boundary event of the same type attached to
the element's target keeps its subscription the same way; an unmapped source boundary event loses it
(TIMER CANCELED, MESSAGE_SUBSCRIPTION / SIGNAL_SUBSCRIPTION DELETED); a target boundary event that nothing is
mapped to subscribes as on activation (its timer counts from the migration), evaluated before anything is
written.

Not supported yet, and rejected with INVALID_STATE instead of being migrated wrongly: multi-instance bodies,
event subprocesses, ad-hoc subprocesses, event-based gateways, conditional boundary events, a boundary event
mapped to one of another event type or attached to another element than the host's target, two boundary
events mapped to the same one, a message or signal catch mapped to a different name, two subscriptions of one
element to the same signal, tokens waiting on sequence flows (joins), compensation subscriptions, element
instances that are not active (except ones stuck on an incident), changing a user task's implementation, and
a change of BPMN process id for an instance that holds a message start correlation key.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from zeebe_lite.bpmn.behaviors.failure import Failure
from zeebe_lite.bpmn.behaviors.subscriptions import (
    PreparedSubscriptions,
    prepare_subscriptions,
    write_subscriptions,
)
from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.model.bpmn import (
    Activity,
    BoundaryEvent,
    BpmnElementType,
    BpmnEventType,
    Event,
    FlowNode,
    MessageEventDefinition,
    Process,
    ReceiveTask,
    SignalEventDefinition,
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
    ProcessInstanceRecord,
    ProcessRecord,
    Record,
    RejectionType,
    SignalSubscriptionIntent,
    TimerIntent,
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

Intermediate catch events only with a message, timer or signal definition (their subscription moves along).
"""

_OWN_CATCHES = frozenset({BpmnElementType.RECEIVE_TASK, BpmnElementType.INTERMEDIATE_CATCH_EVENT})

_MIGRATABLE_EVENT_TYPES = frozenset({BpmnEventType.MESSAGE, BpmnEventType.TIMER, BpmnEventType.SIGNAL})
"""Catch events whose subscription is kept, closed or opened by a migration."""

_SUBSCRIBING_EVENT_TYPES = _MIGRATABLE_EVENT_TYPES | {BpmnEventType.CONDITIONAL}
"""Boundary and event subprocess start events that hold subscriptions while their scope is active.

Error, escalation and compensation catch events are looked up in the model when something is thrown, so
after a migration the target's are used.
"""


@dataclass(frozen=True, slots=True)
class _Rejection:
    rejection_type: RejectionType
    reason: str


@dataclass(frozen=True, slots=True)
class _Move:
    instance: ElementInstance
    target_element_id: str
    kept_catches: Mapping[str, str]
    """Catch element id (the element itself or one of its boundary events) -> the target catch element that
    takes over its subscription. Subscriptions of other catch elements are closed."""
    opened: PreparedSubscriptions | None
    """The subscriptions of the target's boundary events that no source boundary event is mapped to."""


@dataclass(frozen=True, slots=True)
class _Plan:
    source: DeployedProcess
    target: DeployedProcess
    moves: tuple[_Move, ...]
    """Each element instance, parents first."""


def migrate_process_instance(command: Record[Any], pctx: ProcessingContext) -> None:
    """Validate the whole instance against the migration plan, then migrate it and report MIGRATED."""
    value: ProcessInstanceMigrationRecord = command.value
    writers = pctx.writers
    plan = _plan(pctx, value)
    if isinstance(plan, _Rejection):
        writers.reject(command, plan.rejection_type, plan.reason)
        return
    tenant_id = plan.moves[0].instance.value.tenant_id
    for move in plan.moves:
        _migrate_element(pctx, move, plan.target)
    for move in plan.moves:
        if move.opened is not None:
            write_subscriptions(pctx, move.opened)
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
    moves: list[_Move] = []
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
        move = _catch_plan(pctx, instance, target_element_id, mapping, source=source.process, target=target)
        if isinstance(move, str):
            return _Rejection(
                RejectionType.INVALID_STATE, f"Expected to migrate process instance '{key}' but {move}"
            )
        targets[instance.key] = target_element_id
        moves.append(move)
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
        and value.bpmn_event_type not in _MIGRATABLE_EVENT_TYPES
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
        assert target_element is not None
        if kind is BpmnElementType.INTERMEDIATE_CATCH_EVENT and target_element.event_type is not (
            value.bpmn_event_type
        ):
            return (
                f"active element with id '{element_id}' is an intermediate catch event of type "
                f"'{value.bpmn_event_type.value}' and is mapped to an element with id '{target_element_id}' and "
                f"different event type '{target_element.event_type.value}'. Catch events must be mapped to catch "
                "events of the same type."
            )
        if isinstance(source_element, UserTask) and isinstance(target_element, UserTask):
            problem = _user_task_problem(source_element, target_element)
            if problem is not None:
                return problem
        expected_scope = targets[value.flow_scope_key]
        if target_element.parent_id != expected_scope:
            return (
                f"the flow scope of active element with id '{element_id}' is changed. The flow scope of the "
                f"active element is expected to be '{expected_scope}' but was '{target_element.parent_id}'. "
                "The flow scope of an element cannot be changed during migration yet."
            )
    return (
        _event_problem(
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
    """Event subprocesses of the scope it is, and conditional boundary events: subscriptions that cannot move yet."""
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
            if event.event_type is BpmnEventType.CONDITIONAL
        ]
        if types:
            return (
                f"{side} element with id '{element.id}' has one or more boundary events of types "
                f"'{','.join(types)}'. Migrating {side} elements with boundary events of these types is not "
                "possible yet."
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


def _catch_plan(
    pctx: ProcessingContext,
    instance: ElementInstance,
    target_element_id: str,
    mapping: Mapping[str, str],
    *,
    source: Process,
    target: DeployedProcess,
) -> _Move | str:
    """Which subscriptions of the element instance are kept, closed and opened (or why that is not possible).

    The element's own catch event keeps its subscription. A source boundary event keeps its subscription when
    it is mapped to a boundary event of the same type attached to the target element, and loses it otherwise;
    the target's boundary events that nothing is mapped to subscribe as on activation.
    """
    value = instance.value
    element_id = value.element_id
    is_process = value.bpmn_element_type is BpmnElementType.PROCESS
    kept: dict[str, str] = {}
    if value.bpmn_element_type in _OWN_CATCHES:
        kept[element_id] = target_element_id
    source_boundaries = () if is_process else _migratable_boundaries(source, element_id)
    for boundary in source_boundaries:
        mapped_id = mapping.get(boundary.id)
        if mapped_id is None:
            continue
        mapped = target.process.find_element(mapped_id)
        subject = f"boundary event with id '{boundary.id}' of active element with id '{element_id}'"
        if not isinstance(mapped, BoundaryEvent) or mapped.attached_to_id != target_element_id:
            return (
                f"{subject} is mapped to '{mapped_id}', which is not a boundary event attached to the "
                f"element's target '{target_element_id}'. Boundary events must be mapped to boundary events of "
                "the element they are attached to."
            )
        if mapped.event_type is not boundary.event_type:
            return (
                f"{subject} has the event type '{boundary.event_type.value}' but is mapped to a boundary event "
                f"with id '{mapped_id}' and different event type '{mapped.event_type.value}'. Boundary events "
                "must be mapped to boundary events of the same type."
            )
        if mapped_id in kept.values():
            return (
                f"{subject} is mapped to the boundary event with id '{mapped_id}', which another boundary event "
                "is mapped to as well. Each target boundary event can take over one subscription only."
            )
        kept[boundary.id] = mapped_id
    problem = _subscription_problem(
        pctx, instance, kept, {element_id, *(b.id for b in source_boundaries)}, target
    )
    if problem is not None:
        return problem
    taken = set(kept.values())
    new_ids = (
        []
        if is_process
        else [b.id for b in _migratable_boundaries(target.process, target_element_id) if b.id not in taken]
    )
    if not new_ids:
        return _Move(instance, target_element_id, kept, None)
    target_element = target.process.element(target_element_id)
    migrated = _migrated_value(value, target.record, target_element_id)
    ectx = ElementContext(instance.key, migrated, target_element, target.process)
    opened = prepare_subscriptions(pctx, ectx, new_ids)
    if isinstance(opened, Failure):
        return (
            f"the boundary events '{','.join(new_ids)}' of the target element with id '{target_element_id}' "
            f"could not subscribe for active element with id '{element_id}': {opened.message}"
        )
    return _Move(instance, target_element_id, kept, opened)


def _migratable_boundaries(process: Process, element_id: str) -> tuple[BoundaryEvent, ...]:
    if not isinstance(process.find_element(element_id), Activity):
        return ()
    return tuple(
        event for event in process.boundary_events(element_id) if event.event_type in _MIGRATABLE_EVENT_TYPES
    )


def _subscription_problem(
    pctx: ProcessingContext,
    instance: ElementInstance,
    kept: Mapping[str, str],
    known_catches: set[str],
    target: DeployedProcess,
) -> str | None:
    """Open subscriptions that belong to no known catch element, or that cannot follow their mapping.

    A kept message or signal subscription keeps its name, so the target catch element must catch the same
    static name.
    """
    state = pctx.state
    element_id = instance.value.element_id
    named: list[tuple[str, str, str]] = [
        ("message", subscription.element_id, subscription.message_name)
        for subscription in state.messages.subscriptions_of(instance.key)
    ]
    signals = state.signals.subscriptions_of(instance.key)
    named.extend(
        ("signal", subscription.catch_element_id, subscription.signal_name) for subscription in signals
    )
    catch_ids = [catch_id for _, catch_id, _ in named]
    catch_ids.extend(timer.target_element_id for _, timer in state.timers.of_element_instance(instance.key))
    for catch_id in catch_ids:
        if catch_id not in known_catches:
            return (
                f"active element with id '{element_id}' has an open subscription of the catch element with id "
                f"'{catch_id}' (for example an event subprocess start). Migrating this subscription is not "
                "possible yet."
            )
    signal_names = Counter(subscription.signal_name for subscription in signals)
    for signal_name, count in signal_names.items():
        if count > 1:
            return (
                f"active element with id '{element_id}' is subscribed {count} times to the signal "
                f"'{signal_name}'. Migrating several subscriptions to the same signal is not possible yet."
            )
    for kind, catch_id, name in named:
        target_catch_id = kept.get(catch_id)
        if target_catch_id is None:
            continue
        if _static_name(target.process.find_element(target_catch_id)) != (kind, name):
            subject = (
                f"active element with id '{element_id}'"
                if catch_id == element_id
                else f"boundary event with id '{catch_id}' of active element with id '{element_id}'"
            )
            return (
                f"{subject} is subscribed to the {kind} '{name}' but the target element with id "
                f"'{target_catch_id}' does not catch a {kind} of this static name. Migrating a {kind} "
                f"subscription to another {kind} is not possible yet."
            )
    return None


def _static_name(element: FlowNode | None) -> tuple[str, str] | None:
    """("message" or "signal", name) that a catch element catches, when its name is not an expression."""
    definition: object = None
    if isinstance(element, ReceiveTask):
        definition = element.message
    elif isinstance(element, Event):
        definition = element.event_definition
    if isinstance(definition, MessageEventDefinition):
        name = definition.message_name
        kind = "message"
    elif isinstance(definition, SignalEventDefinition):
        name = definition.signal_name
        kind = "signal"
    else:
        return None
    if name is None or not name.is_static:
        return None
    return kind, name.raw


# ---------------------------------------------------------------------------------------------- migration


def _migrated_value(
    value: ProcessInstanceRecord, definition: ProcessRecord, target_element_id: str
) -> ProcessInstanceRecord:
    return replace(
        value,
        bpmn_process_id=definition.bpmn_process_id,
        version=definition.version,
        process_definition_key=definition.process_definition_key,
        element_id=target_element_id,
    )


def _migrate_element(pctx: ProcessingContext, move: _Move, target: DeployedProcess) -> None:
    """ELEMENT_MIGRATED, then the element instance's job, incidents, user task, subscriptions and local
    variables."""
    writers = pctx.writers
    state = pctx.state
    definition = target.record
    instance = move.instance
    target_element_id = move.target_element_id
    migrated = _migrated_value(instance.value, definition, target_element_id)
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
    _migrate_subscriptions(pctx, move, definition)
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


def _migrate_subscriptions(pctx: ProcessingContext, move: _Move, definition: ProcessRecord) -> None:
    """Re-point the subscriptions of kept catch elements (MIGRATED) and close the others."""
    writers = pctx.writers
    state = pctx.state
    key = move.instance.key
    kept = move.kept_catches
    for timer_key, timer in state.timers.of_element_instance(key):
        target_catch_id = kept.get(timer.target_element_id)
        if target_catch_id is None:
            writers.event(timer_key, ValueType.TIMER, TimerIntent.CANCELED, timer)
            continue
        timer_record = replace(
            timer, target_element_id=target_catch_id, process_definition_key=definition.process_definition_key
        )
        writers.event(timer_key, ValueType.TIMER, TimerIntent.MIGRATED, timer_record)
    for subscription in state.messages.subscriptions_of(key):
        target_catch_id = kept.get(subscription.element_id)
        if target_catch_id is None:
            intent = MessageSubscriptionIntent.DELETED
        else:
            intent = MessageSubscriptionIntent.MIGRATED
            subscription = replace(
                subscription, element_id=target_catch_id, bpmn_process_id=definition.bpmn_process_id
            )
        writers.event(writers.keys.next_key(), ValueType.MESSAGE_SUBSCRIPTION, intent, subscription)
    for signal in state.signals.subscriptions_of(key):
        target_catch_id = kept.get(signal.catch_element_id)
        if target_catch_id is None:
            signal_intent = SignalSubscriptionIntent.DELETED
        else:
            signal_intent = SignalSubscriptionIntent.MIGRATED
            signal = replace(
                signal,
                catch_element_id=target_catch_id,
                process_definition_key=definition.process_definition_key,
                bpmn_process_id=definition.bpmn_process_id,
            )
        writers.event(writers.keys.next_key(), ValueType.SIGNAL_SUBSCRIPTION, signal_intent, signal)
