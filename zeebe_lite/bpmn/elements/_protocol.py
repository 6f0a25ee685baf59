"""The element processor contract (Zeebe's BpmnElementProcessor)."""

from __future__ import annotations

from typing import Protocol

from zeebe_lite.bpmn.context import ElementContext
from zeebe_lite.processing.context import ProcessingContext

__all__ = ["ElementProcessor"]


class ElementProcessor(Protocol):
    """Semantics of one kind of BPMN element; failures become incidents, never exceptions.

    ``on_activate`` runs in ACTIVATING (again after an incident is resolved); ``on_complete`` in COMPLETING;
    ``on_terminate`` in TERMINATING. Each moves the element on through the transition behaviour.
    """

    def on_activate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Activate the element."""
        ...

    def on_complete(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Complete the element."""
        ...

    def on_terminate(self, pctx: ProcessingContext, ectx: ElementContext) -> None:
        """Terminate the element."""
        ...
