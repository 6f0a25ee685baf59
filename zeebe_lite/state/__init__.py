"""Engine state: read-only views for processors, mutable stores changed only by event appliers."""

from zeebe_lite.state.deployment import BpmnParser, DeployedProcess
from zeebe_lite.state.element_instance import ElementInstance, ElementState, ElementTrigger
from zeebe_lite.state.job import Job, JobLifecycle
from zeebe_lite.state.memory import EngineState
from zeebe_lite.state.variable import VariableEntry
from zeebe_lite.state.views import StateView

__all__ = [
    "BpmnParser",
    "DeployedProcess",
    "ElementInstance",
    "ElementState",
    "ElementTrigger",
    "EngineState",
    "Job",
    "JobLifecycle",
    "StateView",
    "VariableEntry",
]
