"""The REST API's secondary storage: a projection of the engine's committed record stream.

Camunda's search endpoints read exported records (Operate/Tasklist data), not the engine's runtime state, so
they also show what has ended: completed instances, resolved incidents, completed user tasks, the last values
of variables of ended scopes. :class:`History` builds the same view by following the engine's record log from
where it stopped (:meth:`History.catch_up`, called before every read). As in Camunda, it sees only what the
engine has committed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from zeebe_lite.records import (
    NO_KEY,
    BpmnElementType,
    DecisionIntent,
    DecisionRecord,
    DecisionRequirementsIntent,
    DecisionRequirementsRecord,
    IncidentIntent,
    IncidentRecord,
    MessageStartEventSubscriptionIntent,
    MessageSubscriptionIntent,
    ProcessInstanceIntent,
    Record,
    RecordType,
    UserTaskIntent,
    UserTaskRecord,
    ValueType,
    VariableIntent,
    VariableRecord,
)

__all__ = [
    "ElementInstanceEntry",
    "History",
    "IncidentEntry",
    "ProcessInstanceEntry",
    "RecordSource",
    "UserTaskEntry",
    "VariableEntry",
]

RecordSource = Callable[[int], Iterable[Record[Any]]]
"""Committed records from a position on (``Engine.records`` or a read-only log's ``read``)."""


@dataclass(slots=True)
class ProcessInstanceEntry:
    """A process instance as search shows it; ``state`` is ACTIVE, COMPLETED or TERMINATED."""

    key: int
    bpmn_process_id: str
    version: int
    process_definition_key: int
    parent_process_instance_key: int
    parent_element_instance_key: int
    tenant_id: str
    start_time: int
    end_time: int | None = None
    state: str = "ACTIVE"


@dataclass(slots=True)
class ElementInstanceEntry:
    """An element instance (not the process itself); ``state`` is ACTIVE, COMPLETED or TERMINATED."""

    key: int
    process_instance_key: int
    process_definition_key: int
    bpmn_process_id: str
    element_id: str
    element_type: BpmnElementType
    tenant_id: str
    start_time: int
    end_time: int | None = None
    state: str = "ACTIVE"


@dataclass(slots=True)
class IncidentEntry:
    """An incident; ``state`` is ACTIVE or RESOLVED."""

    key: int
    record: IncidentRecord
    creation_time: int
    state: str = "ACTIVE"


@dataclass(slots=True)
class UserTaskEntry:
    """A Camunda user task; ``state`` is CREATED, COMPLETED or CANCELED."""

    key: int
    record: UserTaskRecord
    creation_time: int
    completion_time: int | None = None
    state: str = "CREATED"


@dataclass(slots=True)
class VariableEntry:
    """The latest value of one variable in one scope."""

    key: int
    record: VariableRecord


class History:
    """Everything the search endpoints read, kept up to date from the record stream."""

    def __init__(self, source: RecordSource) -> None:
        """Follow ``source``; nothing is read until :meth:`catch_up`."""
        self._source = source
        self._position = 0
        self.process_instances: dict[int, ProcessInstanceEntry] = {}
        self.element_instances: dict[int, ElementInstanceEntry] = {}
        self.decisions: dict[int, DecisionRecord] = {}
        self.decision_requirements: dict[int, DecisionRequirementsRecord] = {}
        self.incidents: dict[int, IncidentEntry] = {}
        self.user_tasks: dict[int, UserTaskEntry] = {}
        self.variables: dict[int, VariableEntry] = {}
        self._scope_variables: dict[int, dict[str, int]] = {}
        self._active_incidents: dict[int, int] = {}
        self._element_incidents: dict[int, int] = {}
        self._correlations: dict[int, int] = {}

    @property
    def position(self) -> int:
        """The position of the last record projected."""
        return self._position

    def catch_up(self) -> None:
        """Project every record committed since the last call."""
        for record in self._source(self._position + 1):
            self._apply(record)
            self._position = record.position

    # ------------------------------------------------------------------------------------------ queries

    def has_incident(self, process_instance_key: int) -> bool:
        """True while the instance has an active incident."""
        return self._active_incidents.get(process_instance_key, 0) > 0

    def incident_of_element(self, element_instance_key: int) -> int | None:
        """The key of the element instance's active incident."""
        return self._element_incidents.get(element_instance_key)

    def root_of(self, process_instance_key: int) -> int:
        """The top-level instance of a (called) instance."""
        key = process_instance_key
        for _ in range(1000):
            entry = self.process_instances.get(key)
            if entry is None or entry.parent_process_instance_key == NO_KEY:
                return key
            key = entry.parent_process_instance_key
        return key

    def correlated_instance(self, message_key: int) -> int | None:
        """The first process instance a message was correlated to (or started)."""
        return self._correlations.get(message_key)

    def scope_variables(self, scope_key: int) -> dict[str, Any]:
        """The latest values of one scope's own variables (a process instance's key: its root scope)."""
        keys = self._scope_variables.get(scope_key, {})
        return {name: self.variables[key].record.value for name, key in keys.items()}

    # ------------------------------------------------------------------------------------------ projection

    def _apply(self, record: Record[Any]) -> None:
        if record.record_type is not RecordType.EVENT:
            return
        handler = _HANDLERS.get(record.value_type)
        if handler is not None:
            handler(self, record)

    def _on_process_instance(self, record: Record[Any]) -> None:
        value = record.value
        if value.bpmn_element_type is not BpmnElementType.PROCESS:
            self._on_element_instance(record)
            return
        intent = record.intent
        if intent is ProcessInstanceIntent.ELEMENT_ACTIVATING:
            self.process_instances[record.key] = ProcessInstanceEntry(
                key=record.key,
                bpmn_process_id=value.bpmn_process_id,
                version=value.version,
                process_definition_key=value.process_definition_key,
                parent_process_instance_key=value.parent_process_instance_key,
                parent_element_instance_key=value.parent_element_instance_key,
                tenant_id=value.tenant_id,
                start_time=record.timestamp,
            )
        elif intent is ProcessInstanceIntent.ELEMENT_MIGRATED:
            entry = self.process_instances.get(record.key)
            if entry is not None:
                entry.bpmn_process_id = value.bpmn_process_id
                entry.version = value.version
                entry.process_definition_key = value.process_definition_key
        elif intent in _ENDED:
            _end(self.process_instances.get(record.key), record)

    def _on_element_instance(self, record: Record[Any]) -> None:
        value = record.value
        intent = record.intent
        if intent is ProcessInstanceIntent.ELEMENT_ACTIVATING:
            self.element_instances[record.key] = ElementInstanceEntry(
                key=record.key,
                process_instance_key=value.process_instance_key,
                process_definition_key=value.process_definition_key,
                bpmn_process_id=value.bpmn_process_id,
                element_id=value.element_id,
                element_type=value.bpmn_element_type,
                tenant_id=value.tenant_id,
                start_time=record.timestamp,
            )
        elif intent is ProcessInstanceIntent.ELEMENT_MIGRATED:
            entry = self.element_instances.get(record.key)
            if entry is not None:
                entry.bpmn_process_id = value.bpmn_process_id
                entry.process_definition_key = value.process_definition_key
                entry.element_id = value.element_id
        elif intent in _ENDED:
            _end(self.element_instances.get(record.key), record)

    def _on_decision(self, record: Record[Any]) -> None:
        if record.intent is DecisionIntent.CREATED:
            self.decisions[record.key] = record.value

    def _on_decision_requirements(self, record: Record[Any]) -> None:
        if record.intent is DecisionRequirementsIntent.CREATED:
            self.decision_requirements[record.key] = record.value

    def _on_incident(self, record: Record[Any]) -> None:
        value: IncidentRecord = record.value
        instance = value.process_instance_key
        if record.intent is IncidentIntent.CREATED:
            self.incidents[record.key] = IncidentEntry(record.key, value, record.timestamp)
            self._active_incidents[instance] = self._active_incidents.get(instance, 0) + 1
            self._element_incidents[value.element_instance_key] = record.key
        elif record.intent is IncidentIntent.MIGRATED:
            entry = self.incidents.get(record.key)
            if entry is not None:
                entry.record = value
        elif record.intent is IncidentIntent.RESOLVED:
            entry = self.incidents.get(record.key)
            if entry is not None and entry.state == "ACTIVE":
                entry.state = "RESOLVED"
                self._active_incidents[instance] = max(0, self._active_incidents.get(instance, 0) - 1)
                if self._element_incidents.get(value.element_instance_key) == record.key:
                    del self._element_incidents[value.element_instance_key]

    def _on_user_task(self, record: Record[Any]) -> None:
        value: UserTaskRecord = record.value
        intent = record.intent
        if intent is UserTaskIntent.CREATED:
            self.user_tasks[record.key] = UserTaskEntry(record.key, value, record.timestamp)
            return
        entry = self.user_tasks.get(record.key)
        if entry is None:
            return
        if intent is UserTaskIntent.ASSIGNED:
            entry.record = replace(entry.record, assignee=value.assignee)
        elif intent is UserTaskIntent.MIGRATED:
            entry.record = replace(
                entry.record,
                element_id=value.element_id,
                bpmn_process_id=value.bpmn_process_id,
                process_definition_key=value.process_definition_key,
                process_definition_version=value.process_definition_version,
            )
        elif intent is UserTaskIntent.COMPLETED:
            entry.state = "COMPLETED"
            entry.completion_time = record.timestamp
        elif intent is UserTaskIntent.CANCELED:
            entry.state = "CANCELED"
            entry.completion_time = record.timestamp

    def _on_variable(self, record: Record[Any]) -> None:
        value: VariableRecord = record.value
        if record.intent in (VariableIntent.CREATED, VariableIntent.UPDATED):
            self.variables[record.key] = VariableEntry(record.key, value)
            self._scope_variables.setdefault(value.scope_key, {})[value.name] = record.key

    def _on_message_subscription(self, record: Record[Any]) -> None:
        if record.intent is MessageSubscriptionIntent.CORRELATED:
            value = record.value
            self._correlations.setdefault(value.message_key, value.process_instance_key)

    def _on_message_start(self, record: Record[Any]) -> None:
        if record.intent is MessageStartEventSubscriptionIntent.CORRELATED:
            value = record.value
            self._correlations.setdefault(value.message_key, value.process_instance_key)


_ENDED = (ProcessInstanceIntent.ELEMENT_COMPLETED, ProcessInstanceIntent.ELEMENT_TERMINATED)


def _end(entry: ProcessInstanceEntry | ElementInstanceEntry | None, record: Record[Any]) -> None:
    if entry is not None:
        entry.end_time = record.timestamp
        completed = record.intent is ProcessInstanceIntent.ELEMENT_COMPLETED
        entry.state = "COMPLETED" if completed else "TERMINATED"


_HANDLERS: dict[ValueType, Callable[[History, Record[Any]], None]] = {
    ValueType.PROCESS_INSTANCE: History._on_process_instance,
    ValueType.INCIDENT: History._on_incident,
    ValueType.DECISION: History._on_decision,
    ValueType.DECISION_REQUIREMENTS: History._on_decision_requirements,
    ValueType.USER_TASK: History._on_user_task,
    ValueType.VARIABLE: History._on_variable,
    ValueType.MESSAGE_SUBSCRIPTION: History._on_message_subscription,
    ValueType.MESSAGE_START_EVENT_SUBSCRIPTION: History._on_message_start,
}
