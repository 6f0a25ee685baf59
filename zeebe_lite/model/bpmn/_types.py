"""Vocabulary shared by every BPMN model record: element and event types, expressions, binding types."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "BindingType",
    "BpmnElementType",
    "BpmnEventType",
    "Expression",
    "TimerType",
]


class BpmnElementType(StrEnum):
    """The element type as Zeebe names it in process-instance records (``bpmnElementType``)."""

    PROCESS = "PROCESS"
    SUB_PROCESS = "SUB_PROCESS"
    EVENT_SUB_PROCESS = "EVENT_SUB_PROCESS"
    AD_HOC_SUB_PROCESS = "AD_HOC_SUB_PROCESS"
    START_EVENT = "START_EVENT"
    INTERMEDIATE_CATCH_EVENT = "INTERMEDIATE_CATCH_EVENT"
    INTERMEDIATE_THROW_EVENT = "INTERMEDIATE_THROW_EVENT"
    BOUNDARY_EVENT = "BOUNDARY_EVENT"
    END_EVENT = "END_EVENT"
    SERVICE_TASK = "SERVICE_TASK"
    RECEIVE_TASK = "RECEIVE_TASK"
    USER_TASK = "USER_TASK"
    MANUAL_TASK = "MANUAL_TASK"
    TASK = "TASK"
    EXCLUSIVE_GATEWAY = "EXCLUSIVE_GATEWAY"
    PARALLEL_GATEWAY = "PARALLEL_GATEWAY"
    EVENT_BASED_GATEWAY = "EVENT_BASED_GATEWAY"
    INCLUSIVE_GATEWAY = "INCLUSIVE_GATEWAY"
    MULTI_INSTANCE_BODY = "MULTI_INSTANCE_BODY"
    CALL_ACTIVITY = "CALL_ACTIVITY"
    BUSINESS_RULE_TASK = "BUSINESS_RULE_TASK"
    SCRIPT_TASK = "SCRIPT_TASK"
    SEND_TASK = "SEND_TASK"
    SEQUENCE_FLOW = "SEQUENCE_FLOW"
    UNSPECIFIED = "UNSPECIFIED"


class BpmnEventType(StrEnum):
    """The event type as Zeebe names it in process-instance records (``bpmnEventType``).

    None events (plain start/end/throw) are ``UNSPECIFIED``, as in Zeebe.
    """

    UNSPECIFIED = "UNSPECIFIED"
    MESSAGE = "MESSAGE"
    TIMER = "TIMER"
    ERROR = "ERROR"
    SIGNAL = "SIGNAL"
    ESCALATION = "ESCALATION"
    TERMINATE = "TERMINATE"
    LINK = "LINK"
    COMPENSATION = "COMPENSATION"
    CONDITIONAL = "CONDITIONAL"


class TimerType(StrEnum):
    """Which BPMN timer definition child was used."""

    DATE = "timeDate"
    DURATION = "timeDuration"
    CYCLE = "timeCycle"


class BindingType(StrEnum):
    """How a called process, decision or form is resolved (``bindingType`` attribute; default ``latest``)."""

    LATEST = "latest"
    DEPLOYMENT = "deployment"
    VERSION_TAG = "versionTag"


@dataclass(frozen=True)
class Expression:
    """A Zeebe attribute value: a FEEL expression when it starts with ``=``, otherwise a static value.

    ``raw`` is the text exactly as written in the BPMN file; the engine compiles and caches FEEL itself.
    """

    raw: str

    @property
    def is_feel(self) -> bool:
        """True when the value is a FEEL expression: it starts with ``=`` (as in Zeebe, no leading blanks)."""
        return self.raw.startswith("=")

    @property
    def is_static(self) -> bool:
        """True when the value is a literal string used as is."""
        return not self.is_feel

    @property
    def feel(self) -> str:
        """The FEEL text without the leading ``=`` (raises ``ValueError`` for a static value)."""
        if not self.is_feel:
            raise ValueError(f"not a FEEL expression: {self.raw!r}")
        return self.raw[1:]

    @property
    def static_value(self) -> str:
        """The literal value (raises ``ValueError`` for a FEEL expression)."""
        if self.is_feel:
            raise ValueError(f"not a static value: {self.raw!r}")
        return self.raw

    def __str__(self) -> str:
        return self.raw
