"""The mutable in-memory engine state, rebuilt on start by replaying the log's events."""

from __future__ import annotations

from zeebe_lite.state.compensation import CompensationState
from zeebe_lite.state.deployment import BpmnParser, DeploymentState
from zeebe_lite.state.element_instance import ElementInstanceState
from zeebe_lite.state.incident import IncidentState
from zeebe_lite.state.job import JobState
from zeebe_lite.state.message import MessageState
from zeebe_lite.state.signal import SignalState
from zeebe_lite.state.timer import TimerState
from zeebe_lite.state.user_task import UserTaskState
from zeebe_lite.state.variable import VariableState

__all__ = ["EngineState"]


class EngineState:
    """All mutable stores. Only event appliers may call their write methods.

    The attributes are read-only properties so that the object also satisfies
    :class:`~zeebe_lite.state.views.StateView`.
    """

    def __init__(self, parse_bpmn: BpmnParser) -> None:
        """Create an empty state; ``parse_bpmn`` turns deployed BPMN text into models."""
        self._deployments = DeploymentState(parse_bpmn)
        self._element_instances = ElementInstanceState()
        self._variables = VariableState()
        self._jobs = JobState()
        self._incidents = IncidentState()
        self._messages = MessageState()
        self._timers = TimerState()
        self._signals = SignalState()
        self._user_tasks = UserTaskState()
        self._compensations = CompensationState()

    def snapshot(self) -> dict[str, object]:
        """The whole state as comparable data: replaying the log must reproduce it exactly."""
        return {
            "deployments": self._deployments.snapshot(),
            "element_instances": self._element_instances.snapshot(),
            "variables": self._variables.snapshot(),
            "jobs": self._jobs.snapshot(),
            "incidents": self._incidents.snapshot(),
            "messages": self._messages.snapshot(),
            "timers": self._timers.snapshot(),
            "signals": self._signals.snapshot(),
            "user_tasks": self._user_tasks.snapshot(),
            "compensations": self._compensations.snapshot(),
        }

    @property
    def deployments(self) -> DeploymentState:
        """Deployed processes and decisions."""
        return self._deployments

    @property
    def element_instances(self) -> ElementInstanceState:
        """Live element instances."""
        return self._element_instances

    @property
    def variables(self) -> VariableState:
        """Variables by scope."""
        return self._variables

    @property
    def jobs(self) -> JobState:
        """Live jobs."""
        return self._jobs

    @property
    def incidents(self) -> IncidentState:
        """Open incidents."""
        return self._incidents

    @property
    def messages(self) -> MessageState:
        """Messages and message subscriptions."""
        return self._messages

    @property
    def timers(self) -> TimerState:
        """Scheduled timers."""
        return self._timers

    @property
    def signals(self) -> SignalState:
        """Signal subscriptions."""
        return self._signals

    @property
    def user_tasks(self) -> UserTaskState:
        """Open Camunda user tasks."""
        return self._user_tasks

    @property
    def compensations(self) -> CompensationState:
        """Compensation subscriptions."""
        return self._compensations
