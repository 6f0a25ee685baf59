"""Deploy-time BPMN parser and validator producing :mod:`zeebe_lite.model.bpmn` models.

``parse_bpmn(source, resource_name=...)`` returns an immutable :class:`~zeebe_lite.model.bpmn.BpmnDefinitions`
or raises :class:`BpmnValidationError` (every problem, each naming element id, type, line and reason) or
:class:`BpmnXmlError` (malformed XML).
"""

from zeebe_lite.parser.bpmn import FLOW_NODE_PARSERS, parse_bpmn, parse_bpmn_file
from zeebe_lite.parser.errors import BpmnDeploymentError, BpmnValidationError, BpmnXmlError, Problem
from zeebe_lite.parser.validation import KnownReferences, validate_definitions, validate_process

__all__ = [
    "FLOW_NODE_PARSERS",
    "BpmnDeploymentError",
    "BpmnValidationError",
    "BpmnXmlError",
    "KnownReferences",
    "Problem",
    "parse_bpmn",
    "parse_bpmn_file",
    "validate_definitions",
    "validate_process",
]
