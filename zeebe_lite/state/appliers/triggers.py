"""Where appliers keep an element trigger (shared by the job, message, timer and process event appliers)."""

from __future__ import annotations

from typing import Any

from zeebe_lite.model.bpmn import BoundaryEvent
from zeebe_lite.state.element_instance import ElementTrigger
from zeebe_lite.state.memory import EngineState

__all__ = ["add_trigger", "trigger_holder"]


def trigger_holder(state: EngineState, key: int, element_id: str) -> int:
    """The key to keep a trigger for ``element_id`` caught by element instance ``key`` under.

    Boundary events keep theirs in the attached activity's flow scope (the activity is left first); all
    other triggers stay with the catching instance (including event subprocess starts caught by a scope).
    """
    instance = state.element_instances.get(key)
    if instance is None or instance.value.element_id == element_id:
        return key
    deployed = state.deployments.process(instance.value.process_definition_key)
    if deployed is not None and isinstance(deployed.process.find_element(element_id), BoundaryEvent):
        return instance.value.flow_scope_key
    return key


def add_trigger(
    state: EngineState, key: int, trigger_key: int, element_id: str, variables: dict[str, Any]
) -> None:
    """Keep a trigger caught by element instance ``key``."""
    holder = trigger_holder(state, key, element_id)
    state.element_instances.add_trigger(holder, ElementTrigger(trigger_key, element_id, variables))
