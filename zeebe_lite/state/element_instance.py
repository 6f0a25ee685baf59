"""Element instances of running process instances, with the bookkeeping their lifecycle needs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from zeebe_lite.records import NO_KEY, ProcessInstanceRecord

__all__ = ["ElementInstance", "ElementInstanceState", "ElementState", "ElementTrigger"]


class ElementState(StrEnum):
    """Lifecycle state of an element instance."""

    ACTIVATING = "ACTIVATING"
    ACTIVATED = "ACTIVATED"
    COMPLETING = "COMPLETING"
    TERMINATING = "TERMINATING"


class ElementInstance:
    """A live element instance (completed and terminated ones are removed).

    Read-only for everybody but :class:`ElementInstanceState`, which updates it in place (it changes on
    every lifecycle event, so copying would cost more than the rest of the applier).
    """

    __slots__ = (
        "_active_children",
        "_completed_children",
        "_created_children",
        "_end_listeners_done",
        "_job_key",
        "_key",
        "_start_listeners_done",
        "_state",
        "_terminated_children",
        "_value",
    )

    def __init__(self, key: int, state: ElementState, value: ProcessInstanceRecord) -> None:
        """A new instance in ``state``."""
        self._key = key
        self._state = state
        self._value = value
        self._active_children = 0
        self._created_children = 0
        self._completed_children = 0
        self._terminated_children = 0
        self._start_listeners_done = 0
        self._end_listeners_done = 0
        self._job_key = NO_KEY

    @property
    def key(self) -> int:
        """The element instance key."""
        return self._key

    @property
    def state(self) -> ElementState:
        """The lifecycle state."""
        return self._state

    @property
    def value(self) -> ProcessInstanceRecord:
        """The record value describing the element instance."""
        return self._value

    @property
    def active_children(self) -> int:
        """How many child element instances are live."""
        return self._active_children

    @property
    def created_children(self) -> int:
        """How many child element instances were ever created (multi-instance bodies count their rounds)."""
        return self._created_children

    @property
    def completed_children(self) -> int:
        """How many child element instances completed."""
        return self._completed_children

    @property
    def terminated_children(self) -> int:
        """How many child element instances were terminated."""
        return self._terminated_children

    @property
    def start_listeners_done(self) -> int:
        """How many start execution listener jobs completed."""
        return self._start_listeners_done

    @property
    def end_listeners_done(self) -> int:
        """How many end execution listener jobs completed."""
        return self._end_listeners_done

    @property
    def job_key(self) -> int:
        """The key of the element's live job, NO_KEY when it has none."""
        return self._job_key

    @property
    def is_active(self) -> bool:
        """True while the element is ACTIVATED (waiting or running)."""
        return self._state is ElementState.ACTIVATED

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ElementInstance):
            return NotImplemented
        return self._snapshot() == other._snapshot()

    def _snapshot(self) -> tuple[object, ...]:
        return (
            self._key,
            self._state,
            self._value,
            self._active_children,
            self._created_children,
            self._completed_children,
            self._terminated_children,
            self._start_listeners_done,
            self._end_listeners_done,
            self._job_key,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"ElementInstance(key={self._key}, state={self._state.value}, element_id={self._value.element_id!r}, "
            f"active_children={self._active_children}, job_key={self._job_key})"
        )


@dataclass(frozen=True, slots=True)
class ElementTrigger:
    """Why a waiting element instance continues: the element to activate and the variables to merge.

    A trigger is kept under the key of the element instance it continues (job completion, message or timer
    of a catch event) or of the scope whose event subprocess it starts; a boundary event's trigger is kept
    under the flow scope of the attached activity, so it outlives the activity.
    """

    trigger_key: int
    element_id: str
    variables: dict[str, Any]


class ElementInstanceState:
    """Mutable store of element instances; written only by event appliers."""

    def __init__(self) -> None:
        """Create an empty store."""
        self._instances: dict[int, ElementInstance] = {}
        self._children: dict[int, dict[int, None]] = {}
        self._taken_flows: dict[int, dict[str, int]] = {}
        self._triggers: dict[int, list[ElementTrigger]] = {}
        self._called: dict[int, int] = {}
        self._start_instructions: dict[int, tuple[str, ...]] = {}

    # ------------------------------------------------------------------------------------------ reads

    def get(self, key: int) -> ElementInstance | None:
        """The live element instance with ``key``."""
        return self._instances.get(key)

    def children(self, key: int) -> list[ElementInstance]:
        """The live child element instances of a flow scope, oldest first."""
        instances = self._instances
        return [instances[child] for child in self._children.get(key, ())]

    def taken_flow_count(self, scope_key: int, flow_id: str) -> int:
        """How many tokens wait on ``flow_id`` in the scope (taken but not consumed by the target)."""
        return self._taken_flows.get(scope_key, {}).get(flow_id, 0)

    def pending_flow_ids(self, scope_key: int) -> list[str]:
        """The sequence flows of the scope holding tokens."""
        return list(self._taken_flows.get(scope_key, {}))

    def pending_flows(self, scope_key: int) -> int:
        """The number of tokens on sequence flows of the scope not yet consumed."""
        return sum(self._taken_flows.get(scope_key, {}).values())

    def triggers(self, key: int) -> list[ElementTrigger]:
        """The pending triggers of an element instance, oldest first."""
        return list(self._triggers.get(key, ()))

    def start_instructions(self, key: int) -> tuple[str, ...]:
        """The elements a new process instance starts at instead of its none start event (empty: default)."""
        return self._start_instructions.get(key, ())

    def called_instance(self, key: int) -> int | None:
        """The process instance a call activity instance started (while it lives)."""
        return self._called.get(key)

    def process_instance_keys(self) -> Iterator[int]:
        """The keys of all live process instances."""
        return (key for key, instance in self._instances.items() if instance.value.flow_scope_key == NO_KEY)

    def __len__(self) -> int:
        return len(self._instances)

    def snapshot(self) -> dict[str, Any]:
        """Everything stored, as plain comparable data (for replay checks)."""
        return {
            "instances": {key: instance._snapshot() for key, instance in self._instances.items()},
            "children": {key: list(children) for key, children in self._children.items() if children},
            "taken_flows": {key: dict(flows) for key, flows in self._taken_flows.items() if flows},
            "triggers": {key: list(triggers) for key, triggers in self._triggers.items()},
            "called": dict(self._called),
            "start_instructions": dict(self._start_instructions),
        }

    # ------------------------------------------------------------------------------------------ writes

    def create(self, key: int, state: ElementState, value: ProcessInstanceRecord) -> None:
        """Register a new element instance and count it as a child of its flow scope."""
        self._instances[key] = ElementInstance(key, state, value)
        scope_key = value.flow_scope_key
        if scope_key == NO_KEY and value.parent_element_instance_key != NO_KEY:
            self._called[value.parent_element_instance_key] = key
        if scope_key != NO_KEY:
            self._children.setdefault(scope_key, {})[key] = None
            scope = self._instances.get(scope_key)
            if scope is not None:
                scope._active_children += 1
                scope._created_children += 1

    def set_state(self, key: int, state: ElementState) -> None:
        """Move an element instance to ``state``."""
        instance = self._instances.get(key)
        if instance is not None:
            instance._state = state

    def migrate(self, key: int, value: ProcessInstanceRecord) -> None:
        """Re-point a live element instance to another process definition (same key, scope and counters)."""
        instance = self._instances.get(key)
        if instance is not None:
            instance._value = value

    def set_start_instructions(self, key: int, element_ids: tuple[str, ...]) -> None:
        """Remember (or with an empty tuple forget) where a new process instance starts."""
        if element_ids:
            self._start_instructions[key] = element_ids
        else:
            self._start_instructions.pop(key, None)

    def count_listener(self, key: int, event_type: str) -> None:
        """Count a completed execution listener job (``start`` or ``end``) of an element instance."""
        instance = self._instances.get(key)
        if instance is None:
            return
        if event_type == "start":
            instance._start_listeners_done += 1
        else:
            instance._end_listeners_done += 1

    def set_job_key(self, key: int, job_key: int) -> None:
        """Remember (or with NO_KEY forget) the job of an element instance."""
        instance = self._instances.get(key)
        if instance is not None:
            instance._job_key = job_key

    def remove(self, key: int, *, completed: bool = True) -> None:
        """Forget a completed (or terminated) element instance and uncount it from its flow scope."""
        instance = self._instances.pop(key, None)
        self._children.pop(key, None)
        self._taken_flows.pop(key, None)
        self._triggers.pop(key, None)
        if instance is None:
            return
        scope_key = instance.value.flow_scope_key
        if scope_key == NO_KEY and instance.value.parent_element_instance_key != NO_KEY:
            self._called.pop(instance.value.parent_element_instance_key, None)
        siblings = self._children.get(scope_key)
        if siblings is not None:
            siblings.pop(key, None)
        scope = self._instances.get(scope_key)
        if scope is not None:
            scope._active_children -= 1
            if completed:
                scope._completed_children += 1
            else:
                scope._terminated_children += 1

    def take_flow(self, scope_key: int, flow_id: str) -> None:
        """Put a token on a sequence flow of the scope."""
        flows = self._taken_flows.setdefault(scope_key, {})
        flows[flow_id] = flows.get(flow_id, 0) + 1

    def consume_flow(self, scope_key: int, flow_id: str) -> None:
        """Take one token off a sequence flow of the scope (no-op when there is none)."""
        flows = self._taken_flows.get(scope_key)
        if not flows or flow_id not in flows:
            return
        remaining = flows[flow_id] - 1
        if remaining > 0:
            flows[flow_id] = remaining
        else:
            del flows[flow_id]

    def add_trigger(self, holder_key: int, trigger: ElementTrigger) -> None:
        """Keep a trigger under ``holder_key`` (see :func:`zeebe_lite.state.appliers.triggers.trigger_holder`)."""
        self._triggers.setdefault(holder_key, []).append(trigger)

    def remove_trigger(self, key: int, element_id: str) -> None:
        """Drop the oldest trigger of ``element_id`` kept under ``key``."""
        triggers = self._triggers.get(key)
        if not triggers:
            return
        for index, trigger in enumerate(triggers):
            if trigger.element_id == element_id:
                del triggers[index]
                break
        if not triggers:
            del self._triggers[key]
