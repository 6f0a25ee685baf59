"""The element an element processor works on."""

from __future__ import annotations

from dataclasses import dataclass

from zeebe_lite.model.bpmn import FlowNode, Process
from zeebe_lite.records import ProcessInstanceRecord

__all__ = ["ElementContext"]


@dataclass(frozen=True, slots=True)
class ElementContext:
    """An element instance with its model: ``element`` is the flow node, or the process for the root."""

    key: int
    value: ProcessInstanceRecord
    element: FlowNode | Process
    process: Process

    @property
    def flow_scope_key(self) -> int:
        """The key of the enclosing element instance (NO_KEY for the process instance)."""
        return self.value.flow_scope_key

    @property
    def element_id(self) -> str:
        """The element's id."""
        return self.value.element_id
