"""BPMN semantics: element lifecycle commands, element processors and the behaviours they share."""

from zeebe_lite.bpmn.elements import UnsupportedElementError, processor_for
from zeebe_lite.bpmn.lifecycle import activate_element, complete_element, terminate_element

__all__ = [
    "UnsupportedElementError",
    "activate_element",
    "complete_element",
    "processor_for",
    "terminate_element",
]
