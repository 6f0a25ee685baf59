"""Helpers that build :class:`~zeebe_lite.parser.errors.Problem` records from model elements."""

from __future__ import annotations

from zeebe_lite.model.bpmn import FlowNode, Process, SequenceFlow
from zeebe_lite.parser._tags import tag_of
from zeebe_lite.parser.errors import Problem

__all__ = ["flow_problem", "node_problem", "process_problem"]


def node_problem(node: FlowNode, message: str) -> Problem:
    """A problem located at a flow node."""
    return Problem(element_id=node.id, element_type=tag_of(node), message=message, line=node.source_line)


def flow_problem(flow: SequenceFlow, message: str) -> Problem:
    """A problem located at a sequence flow."""
    return Problem(element_id=flow.id, element_type="sequenceFlow", message=message, line=flow.source_line)


def process_problem(process: Process, message: str) -> Problem:
    """A problem located at a process."""
    return Problem(element_id=process.id, element_type="process", message=message, line=process.source_line)
